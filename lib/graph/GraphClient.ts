/** The Microsoft Graph transport: auth, the one retry loop, host pinning, error envelopes. */
import * as http from 'http';
import * as https from 'https';
import { randomUUID } from 'crypto';
import type { Readable } from 'stream';
import axios, { AxiosError, AxiosInstance, AxiosResponse } from 'axios';
import { ForeignUrlError, GraphError, NetworkError, SyncStateLostError, TimeoutError } from './errors';
import { DEFAULT_RETRY_POLICY, Outcome, RetryPolicy, decide, parseRetryAfter } from './retry';
import { Query, queryString } from './odata';
import { TokenSource, scrub } from './auth';

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
}

export interface GraphResponse<T> {
  status: number;
  headers: Record<string, string | undefined>;
  data: T;
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

const API_VERSION = '/v1.0';
const DEFAULT_TIMEOUT_MS = 100_000;
const silentLogger: TransportLogger = { debug() {}, info() {}, warn() {} };
const keepAlive = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);
const SYNC_LOST_CODES = new Set(['SyncStateNotFound', 'SyncStateInvalid', 'ResyncRequired', 'syncStateNotFound', 'resyncRequired']);

export class GraphClient {
  readonly origin: string;
  readonly stats: TransportStats = { requests: 0, retries: 0, refreshes: 0, bytesReceived: 0 };
  private readonly http: AxiosInstance;
  private readonly logger: TransportLogger;
  private readonly clock: Clock;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphClientOptions) {
    const base = new URL(options.baseUrl);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`MSGRAPH_BASE_URL must be an http(s) URL, got ${base.protocol}`);
    this.origin = base.origin;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.http = axios.create({
      httpAgent: keepAlive.http,
      httpsAgent: keepAlive.https,
      maxRedirects: 0,
      proxy: false,
      validateStatus: () => true,
      transformResponse: [(data: unknown) => data],
      maxContentLength: Infinity,
      maxBodyLength: Infinity,
    });
  }

  /** Resolves a path or a Graph-issued URL, refusing any host but the configured one. */
  resolve(req: Pick<GraphRequest, 'path' | 'url' | 'query' | 'anonymous'>): URL {
    if (req.url !== undefined) {
      let target: URL;
      try { target = new URL(req.url); } catch { throw new ForeignUrlError('an unparsable URL', this.origin); }
      if (!req.anonymous && (target.origin !== this.origin || !target.pathname.startsWith(`${API_VERSION}/`))) {
        throw new ForeignUrlError(target.origin, `${this.origin}${API_VERSION}`);
      }
      if (req.anonymous && target.protocol !== 'https:' && target.origin !== this.origin) {
        throw new ForeignUrlError(target.origin, 'https URLs');
      }
      return target;
    }
    if (!req.path || !req.path.startsWith('/') || req.path.startsWith('//')) {
      throw new Error(`Graph request path must start with a single "/", got "${req.path}"`);
    }
    return new URL(`${this.origin}${API_VERSION}${req.path}${queryString(req.query)}`);
  }

  async request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>> {
    const method = req.method ?? 'GET';
    const url = this.resolve(req);
    const label = `${method} ${url.pathname}`;
    const idempotent = req.idempotent ?? method !== 'POST';
    const clientRequestId = randomUUID();
    let retries = 0;
    let waitedMs = 0;
    let refreshed = false;

    for (;;) {
      const headers = await this.headersFor(req, clientRequestId);
      this.stats.requests += 1;
      this.logger.debug(`Graph ${label}${retries ? ` (retry ${retries})` : ''}`);
      let outcome: Outcome;
      let response: AxiosResponse;
      try {
        response = await this.http.request({
          method, url: url.toString(), headers, data: encodeBody(req.body),
          responseType: req.responseType === 'stream' ? 'stream' : 'text',
          timeout: req.timeoutMs ?? this.timeoutMs,
        });
      } catch (err) {
        outcome = classify(err);
        const decision = decide({ outcome, idempotent, retries, waitedMs, policy: this.policy, random: this.clock.random() });
        if (!decision.retry) throw this.transportError(err, outcome, method, url.pathname, idempotent, req);
        this.logger.info(`${label} failed (${outcome.kind}); retrying in ${decision.delayMs} ms (retry ${retries + 1})`);
        await this.wait(decision.delayMs);
        retries += 1; waitedMs += decision.delayMs;
        continue;
      }

      const status = response.status;
      if (status >= 200 && status < 300) return this.success<T>(response, req);
      const body = await readErrorBody(response, req.responseType === 'stream');
      this.stats.bytesReceived += body.length;
      const error = this.graphError(response, body, method, url.pathname);
      if (status === 401 && !refreshed && !req.anonymous) {
        this.logger.info(`${label} answered 401 ${error.code}; refreshing the access token once`);
        await this.options.tokens.refresh();
        this.stats.refreshes += 1;
        refreshed = true;
        continue;
      }
      if (status === 410 || SYNC_LOST_CODES.has(error.code)) throw new SyncStateLostError(error.code, url.pathname);
      outcome = { kind: 'status', status, retryAfterMs: error.retryAfterMs };
      const decision = decide({ outcome, idempotent, retries, waitedMs, policy: this.policy, random: this.clock.random() });
      if (!decision.retry) {
        if (retries > 0) this.logger.warn(`${label} gave up after ${retries} retries: ${decision.reason}`);
        throw error;
      }
      this.logger.info(`${label} answered ${status} ${error.code}; retrying in ${decision.delayMs} ms (retry ${retries + 1}/${this.policy.maxRetries})`);
      await this.wait(decision.delayMs);
      retries += 1; waitedMs += decision.delayMs;
    }
  }

  async get<T = unknown>(path: string, query?: Query, headers?: Record<string, string>): Promise<T> {
    return (await this.request<T>({ method: 'GET', path, query, headers })).data;
  }

  private async wait(ms: number): Promise<void> {
    this.stats.retries += 1;
    await this.clock.sleep(ms);
  }

  private async headersFor(req: GraphRequest, clientRequestId: string): Promise<Record<string, string>> {
    const headers: Record<string, string> = { Accept: 'application/json', 'client-request-id': clientRequestId };
    if (!req.anonymous) {
      headers.Authorization = `Bearer ${await this.options.tokens.accessToken()}`;
      headers.Prefer = ['IdType="ImmutableId"', req.headers?.Prefer].filter(Boolean).join(', ');
    }
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (name === 'Prefer' || name.toLowerCase() === 'authorization') continue;
      headers[name] = value;
    }
    if (req.body !== undefined && !hasHeader(headers, 'content-type')) {
      headers['Content-Type'] = isRaw(req.body) ? 'application/octet-stream' : 'application/json';
    }
    return headers;
  }

  private async success<T>(response: AxiosResponse, req: GraphRequest): Promise<GraphResponse<T>> {
    const headers = flatHeaders(response);
    if (req.responseType === 'stream') {
      return { status: response.status, headers, data: response.data as T };
    }
    const text = typeof response.data === 'string' ? response.data : '';
    this.stats.bytesReceived += Buffer.byteLength(text);
    if (req.responseType === 'text') return { status: response.status, headers, data: text as T };
    if (text === '') return { status: response.status, headers, data: undefined as T };
    try {
      return { status: response.status, headers, data: JSON.parse(text) as T };
    } catch {
      throw new GraphError({ status: response.status, code: 'InvalidResponse', message: 'the response is not valid JSON', method: req.method ?? 'GET', path: new URL(response.config.url ?? this.origin).pathname });
    }
  }

  private graphError(response: AxiosResponse, body: string, method: string, path: string): GraphError {
    const headers = flatHeaders(response);
    const envelope = parseEnvelope(body);
    const inner = envelope?.innerError ?? envelope?.innererror;
    const innerRecord = inner && typeof inner === 'object' ? inner as Record<string, unknown> : {};
    const scrubbed = scrub(typeof envelope?.message === 'string' ? envelope.message : undefined, this.options.tokens.secrets());
    return new GraphError({
      status: response.status,
      code: typeof envelope?.code === 'string' ? envelope.code : `HTTP${response.status}`,
      message: scrubbed ?? (body ? `non-JSON error body (${body.length} bytes)` : 'no error body'),
      method, path,
      requestId: headers['request-id'] ?? str(innerRecord['request-id']),
      clientRequestId: headers['client-request-id'] ?? str(innerRecord['client-request-id']),
      date: str(innerRecord.date),
      retryAfterMs: parseRetryAfter(headers['retry-after'], this.clock.now()),
      innerError: inner,
    });
  }

  private transportError(err: unknown, outcome: Outcome, method: string, path: string, idempotent: boolean, req: GraphRequest): Error {
    if (outcome.kind === 'timeout') {
      return new TimeoutError({ method, path, timeoutMs: req.timeoutMs ?? this.timeoutMs, outcomeUnknown: !idempotent });
    }
    const code = (err as AxiosError)?.code ?? 'UNKNOWN';
    return new NetworkError({ method, path, code, outcomeUnknown: !idempotent && outcome.kind === 'network' && outcome.reachedServer });
  }
}

function classify(err: unknown): Outcome {
  const code = (err as AxiosError)?.code ?? '';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return { kind: 'timeout' };
  return { kind: 'network', reachedServer: !UNSENT_CODES.has(code) };
}

function encodeBody(body: unknown): unknown {
  if (body === undefined || isRaw(body)) return body;
  return JSON.stringify(body);
}

function isRaw(body: unknown): boolean {
  return typeof body === 'string' || Buffer.isBuffer(body) || isReadable(body);
}

function isReadable(value: unknown): value is Readable {
  return typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function';
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}

function flatHeaders(response: AxiosResponse): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
  }
  return out;
}

async function readErrorBody(response: AxiosResponse, streamed: boolean): Promise<string> {
  if (!streamed) return typeof response.data === 'string' ? response.data : '';
  const chunks: Buffer[] = [];
  for await (const chunk of response.data as Readable) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

interface Envelope { code?: unknown; message?: unknown; innerError?: unknown; innererror?: unknown }

function parseEnvelope(body: string): Envelope | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: Envelope };
    return parsed && typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
