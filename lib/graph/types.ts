/** The transport's public types: request options, responses, logger, clock. */
import type { TokenSource } from './auth';
import type { Query } from './odata';
import type { RetryPolicy } from './retry';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'HEAD';

/** The Graph API version a request goes to: v1.0 for every function; beta only where a user asks for it (raw requests). */
export type ApiVersion = 'v1.0' | 'beta';

export interface GraphRequest {
  method?: Method;
  /** A path below the version root (`/v1.0`) with its segments already encoded (see paths.ts), e.g. `/me/mailFolders/inbox`. */
  path?: string;
  /** Default v1.0. A nextLink (`url`) must stay below the same version. */
  apiVersion?: ApiVersion;
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
  /**
   * A final non-2xx answer (after the retries, the token refresh and Retry-After waits a 2xx call gets) resolves as
   * a response whose data is the body text, instead of rejecting: for callers that report any status as data.
   */
  statusAsData?: boolean;
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
