/** The Microsoft Graph transport: auth, the one retry loop, host pinning, error envelopes. */
import { randomUUID } from 'crypto';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { ForeignUrlError, GraphError, NetworkError, SyncStateLostError, TimeoutError } from './errors';
import { graphErrorFrom } from './envelope';
import { DEFAULT_RETRY_POLICY, Outcome, RetryDecision, RetryPolicy, decide } from './retry';
import { Query, queryString } from './odata';
import { Clock, GraphClientOptions, GraphRequest, GraphResponse, TransportLogger, TransportStats, systemClock } from './types';
import { classify, createHttp, encodeBody, errorCode, findHeader, flatHeaders, isRaw, isReadable, readBody } from './http';

export type { Clock, GraphClientOptions, GraphRequest, GraphResponse, Method, TransportLogger, TransportStats } from './types';
export { systemClock } from './types';

const API_VERSION = '/v1.0';
const DEFAULT_TIMEOUT_MS = 100_000;
const IMMUTABLE_IDS = 'IdType="ImmutableId"';
const silentLogger: TransportLogger = { debug() {}, info() {}, warn() {} };
const SYNC_LOST_CODES = new Set(['SyncStateNotFound', 'SyncStateInvalid', 'ResyncRequired', 'syncStateNotFound', 'resyncRequired']);

/** Per-call retry bookkeeping. */
interface Attempts {
  retries: number;
  waitedMs: number;
  refreshed: boolean;
  /** An earlier attempt may have been processed (timeout, reset, 5xx). */
  ambiguous: boolean;
}

export class GraphClient {
  readonly origin: string;
  readonly stats: TransportStats = { requests: 0, retries: 0, refreshes: 0, bytesReceived: 0 };
  private readonly http: AxiosInstance = createHttp();
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
  }

  /** Resolves a path or a Graph-issued URL, refusing any host but the configured one. */
  resolve(req: Pick<GraphRequest, 'path' | 'url' | 'query' | 'anonymous'>): URL {
    if (req.url !== undefined) {
      let target: URL;
      try { target = new URL(req.url); } catch { throw new ForeignUrlError('an unparsable URL', this.origin); }
      if (target.username || target.password) throw new ForeignUrlError(`a URL with user information (${target.host})`, this.origin);
      if (!req.anonymous && (target.origin !== this.origin || !target.pathname.startsWith(`${API_VERSION}/`))) {
        throw new ForeignUrlError(`${target.origin}${target.pathname.startsWith(`${API_VERSION}/`) ? '' : target.pathname}`, `${this.origin}${API_VERSION}`);
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
    const clientRequestId = randomUUID();
    const at: Attempts = { retries: 0, waitedMs: 0, refreshed: false, ambiguous: false };

    for (;;) {
      const token = req.anonymous ? undefined : await this.options.tokens.accessToken();
      this.stats.requests += 1;
      this.logger.debug(`Graph ${label}${at.retries ? ` (retry ${at.retries})` : ''}`);
      let response: AxiosResponse;
      try {
        response = await this.http.request({
          method, url: url.toString(), headers: headersFor(req, clientRequestId, token), data: encodeBody(req.body),
          responseType: req.responseType === 'stream' ? 'stream' : 'text',
          timeout: req.timeoutMs ?? this.timeoutMs,
        });
      } catch (err) {
        const outcome = classify(err);
        const decision = this.decide(outcome, req, at);
        if (!decision.retry) throw this.transportError(err, outcome, method, url.pathname, req);
        at.ambiguous ||= outcome.kind === 'timeout' || (outcome.kind === 'network' && outcome.reachedServer);
        await this.wait(`${label} failed (${errorCode(err)})`, decision.delayMs, at);
        continue;
      }

      const status = response.status;
      if (status >= 200 && status < 300) return this.success<T>(response, req);
      const body = await readBody(response, req.responseType === 'stream');
      this.stats.bytesReceived += Buffer.byteLength(body);
      if (status === 404 && method === 'DELETE' && at.ambiguous) {
        // An earlier attempt probably deleted it (style.md §8): the caller wanted it gone, and it is.
        this.logger.info(`${label} answered 404 after a retry; the earlier attempt deleted it`);
        return { status, headers: flatHeaders(response), data: undefined as T };
      }
      const error = graphErrorFrom({
        status, headers: flatHeaders(response), body, method, path: url.pathname,
        secrets: this.options.tokens.secrets(), nowMs: this.clock.now(),
      });
      if (status === 401 && token !== undefined && !at.refreshed && !isReadable(req.body)) {
        this.logger.info(`${label} answered 401 ${error.code}; refreshing the access token once`);
        await this.options.tokens.refresh(token);
        this.stats.refreshes += 1;
        at.refreshed = true;
        continue;
      }
      if (status === 410 || SYNC_LOST_CODES.has(error.code)) throw new SyncStateLostError(error.code, url.pathname);
      const decision = this.decide({ kind: 'status', status, retryAfterMs: error.retryAfterMs }, req, at);
      if (!decision.retry) {
        if (at.retries > 0) this.logger.warn(`${label} gave up after ${at.retries} retries: ${decision.reason}`);
        throw error;
      }
      at.ambiguous ||= status >= 500;
      await this.wait(`${label} answered ${status} ${error.code}`, decision.delayMs, at);
    }
  }

  async get<T = unknown>(path: string, query?: Query, headers?: Record<string, string>): Promise<T> {
    return (await this.request<T>({ method: 'GET', path, query, headers })).data;
  }

  private decide(outcome: Outcome, req: GraphRequest, at: Attempts): RetryDecision {
    // A stream is consumed by the first attempt; replaying it would send a truncated body.
    if (isReadable(req.body)) return { retry: false, reason: 'a streamed body cannot be sent twice' };
    const idempotent = req.idempotent ?? (req.method ?? 'GET') !== 'POST';
    return decide({ outcome, idempotent, retries: at.retries, waitedMs: at.waitedMs, policy: this.policy, random: this.clock.random() });
  }

  private async wait(what: string, delayMs: number, at: Attempts): Promise<void> {
    this.logger.info(`${what}; retrying in ${delayMs} ms (retry ${at.retries + 1}/${this.policy.maxRetries})`);
    this.stats.retries += 1;
    await this.clock.sleep(delayMs);
    at.retries += 1;
    at.waitedMs += delayMs;
  }

  private async success<T>(response: AxiosResponse, req: GraphRequest): Promise<GraphResponse<T>> {
    const headers = flatHeaders(response);
    if (req.responseType === 'stream') return { status: response.status, headers, data: response.data as T };
    const text = typeof response.data === 'string' ? response.data : '';
    this.stats.bytesReceived += Buffer.byteLength(text);
    if (req.responseType === 'text') return { status: response.status, headers, data: text as T };
    if (text === '') return { status: response.status, headers, data: undefined as T };
    try {
      return { status: response.status, headers, data: JSON.parse(text) as T };
    } catch {
      throw new GraphError({ status: response.status, code: 'InvalidResponse', message: 'the response is not valid JSON', method: req.method ?? 'GET', path: this.resolve(req).pathname, requestId: headers['request-id'] });
    }
  }

  private transportError(err: unknown, outcome: Outcome, method: string, path: string, req: GraphRequest): Error {
    const idempotent = req.idempotent ?? method !== 'POST';
    if (outcome.kind === 'timeout') {
      return new TimeoutError({ method, path, timeoutMs: req.timeoutMs ?? this.timeoutMs, outcomeUnknown: !idempotent });
    }
    const reached = outcome.kind === 'network' && outcome.reachedServer;
    return new NetworkError({ method, path, code: errorCode(err), outcomeUnknown: reached && !idempotent });
  }
}

function headersFor(req: GraphRequest, clientRequestId: string, token: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'client-request-id': clientRequestId };
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'prefer') continue;
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === lower) delete headers[existing];
    headers[name] = value;
  }
  const prefer = findHeader(req.headers, 'prefer');
  if (token !== undefined) {
    headers.Authorization = `Bearer ${token}`;
    // Immutable ids keep an item's id stable across folder moves (learn.microsoft.com/graph/outlook-immutable-id).
    headers.Prefer = prefer && /idtype\s*=/i.test(prefer) ? prefer : [IMMUTABLE_IDS, prefer].filter(Boolean).join(', ');
  } else if (prefer) {
    headers.Prefer = prefer;
  }
  if (req.body !== undefined && findHeader(headers, 'content-type') === undefined) {
    headers['Content-Type'] = isRaw(req.body) ? 'application/octet-stream' : 'application/json';
  }
  return headers;
}
