/** The transport's public types: request options, responses, logger, clock. */
import type { TokenSource } from './auth';
import type { Query } from './odata';
import type { RetryPolicy } from './retry';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphRequest {
  method?: Method;
  /** A path below `/v1.0` with its segments already encoded (see paths.ts), e.g. `/me/mailFolders/inbox`. */
  path?: string;
  /** An absolute URL handed out by Graph (nextLink, deltaLink). Must be on the configured Graph host. */
  url?: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the method's default: GET/PUT/PATCH/DELETE are idempotent, POST is not. */
  idempotent?: boolean;
  responseType?: 'json' | 'stream' | 'text';
  /** Upload-session URLs carry their own authorisation: send no bearer token, allow their host. */
  anonymous?: boolean;
  timeoutMs?: number;
  /**
   * A 504 or a client timeout is raised at once instead of being retried: for callers that answer it by asking
   * for less (a smaller page), since Graph's gateway times out the same large page every time.
   */
  raiseGatewayTimeouts?: boolean;
}

export interface GraphResponse<T> {
  status: number;
  headers: Record<string, string | undefined>;
  data: T;
  /** Bytes of the JSON text `data` was parsed from (JSON responses only). */
  bytes?: number;
}

export interface TransportLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

export interface GraphClientOptions {
  /** Host root such as `https://graph.microsoft.com`; the client adds `/v1.0`. */
  baseUrl: string;
  tokens: TokenSource;
  logger?: TransportLogger;
  clock?: Clock;
  retryPolicy?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

export interface TransportStats {
  requests: number;
  retries: number;
  refreshes: number;
  bytesReceived: number;
}
