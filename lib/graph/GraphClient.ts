/** The Microsoft Graph transport: auth, the one retry loop, host pinning, error envelopes. */
import { randomUUID } from 'crypto';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { ForeignUrlError, GraphError, NetworkError, SyncStateLostError, ThrottledError, TimeoutError } from './errors';
import { graphErrorFrom } from './envelope';
import { DEFAULT_RETRY_POLICY, Outcome, RetryDecision, RetryPolicy, decide } from './retry';
import { Query, queryString } from './odata';
import { Clock, GraphClientOptions, GraphRequest, GraphResponse, Method, TransportLogger, TransportStats, systemClock } from './types';
import { classify, createHttp, encodeBody, errorCode, flatHeaders, headersFor, isReadable, readBody } from './http';

export type { Clock, GraphClientOptions, GraphRequest, GraphResponse, Method, TransportLogger, TransportStats } from './types';
export { systemClock } from './types';

const DEFAULT_TIMEOUT_MS = 100_000;
const silentLogger: TransportLogger = { debug() {}, info() {}, warn() {} };
const SYNC_LOST_CODES = new Set(['SyncStateNotFound', 'SyncStateInvalid', 'ResyncRequired', 'syncStateNotFound', 'resyncRequired']);

/** One request() call: what its attempts share, and the retry bookkeeping. */
interface Call {
  req: GraphRequest;
  method: Method;
  url: URL;
  label: string;
  clientRequestId: string;
  idempotent: boolean;
  /** The token the current attempt carries (none for anonymous requests). */
  token?: string;
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
  resolve(req: Pick<GraphRequest, 'path' | 'url' | 'query' | 'anonymous' | 'apiVersion'>): URL {
    const root = `/${req.apiVersion ?? 'v1.0'}`;
    if (req.url !== undefined) {
      let target: URL;
      try { target = new URL(req.url); } catch { throw new ForeignUrlError('an unparsable URL', this.origin); }
      if (target.username || target.password) throw new ForeignUrlError(`a URL with user information (${target.host})`, this.origin);
      if (!req.anonymous && (target.origin !== this.origin || !target.pathname.startsWith(`${root}/`))) {
        throw new ForeignUrlError(`${target.origin}${target.pathname.startsWith(`${root}/`) ? '' : target.pathname}`, `${this.origin}${root}`);
      }
      if (req.anonymous && target.protocol !== 'https:' && target.origin !== this.origin) {
        throw new ForeignUrlError(target.origin, 'https URLs');
      }
      return target;
    }
    if (!req.path || !req.path.startsWith('/') || req.path.startsWith('//')) {
      throw new Error(`Graph request path must start with a single "/", got "${req.path}"`);
    }
    return new URL(`${this.origin}${root}${req.path}${queryString(req.query)}`);
  }

  async request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>> {
    const method = req.method ?? 'GET';
    const url = this.resolve(req);
    const call: Call = {
      req, method, url, label: `${method} ${url.pathname}`, clientRequestId: randomUUID(),
      idempotent: req.idempotent ?? method !== 'POST', retries: 0, waitedMs: 0, refreshed: false, ambiguous: false,
    };
    for (;;) {
      call.token = req.anonymous ? undefined : await this.options.tokens.accessToken();
      this.stats.requests += 1;
      this.logger.debug(`Graph ${call.label}${call.retries ? ` (retry ${call.retries})` : ''}`);
      let response: AxiosResponse;
      try {
        response = await this.http.request({
          method, url: url.toString(), headers: headersFor(req, call), data: encodeBody(req.body),
          responseType: req.responseType === 'stream' ? 'stream' : 'text',
          timeout: req.timeoutMs ?? this.timeoutMs,
        });
      } catch (err) {
        const outcome = classify(err);
        const decision = this.decide(outcome, call);
        if (!decision.retry) throw this.transportError(err, call);
        call.ambiguous ||= outcome.kind === 'timeout' || (outcome.kind === 'network' && outcome.reachedServer);
        await this.wait(call, { reason: `${call.label} failed (${errorCode(err)})`, delayMs: decision.delayMs });
        continue;
      }
      if (response.status >= 200 && response.status < 300) return this.success<T>(response, call);
      const settled = await this.failure<T>(response, call);
      if (settled) return settled;
    }
  }

  async get<T = unknown>(path: string, query?: Query, headers?: Record<string, string>): Promise<T> {
    return (await this.request<T>({ method: 'GET', path, query, headers })).data;
  }

  /** A non-2xx answer: throws, resolves to the call's result, or resolves undefined to send the request again. */
  private async failure<T>(response: AxiosResponse, call: Call): Promise<GraphResponse<T> | undefined> {
    const { status } = response;
    const body = await readBody(response, call.req.responseType === 'stream');
    this.stats.bytesReceived += Buffer.byteLength(body);
    if (status === 404 && call.method === 'DELETE' && call.ambiguous) {
      // An earlier attempt probably deleted it: the caller wanted it gone, and it is.
      this.logger.info(`${call.label} answered 404 after a retry; the earlier attempt deleted it`);
      return { status, headers: flatHeaders(response), data: undefined as T };
    }
    const error = graphErrorFrom({
      status, headers: flatHeaders(response), body, method: call.method, path: call.url.pathname,
      secrets: this.options.tokens.secrets(), nowMs: this.clock.now(),
    });
    if (status === 401 && call.token !== undefined && !call.refreshed && !isReadable(call.req.body)) {
      this.logger.info(`${call.label} answered 401 ${error.code}; refreshing the access token once`);
      await this.options.tokens.refresh(call.token);
      this.stats.refreshes += 1;
      call.refreshed = true;
      return undefined;
    }
    const decision = this.decide({ kind: 'status', status, retryAfterMs: error.retryAfterMs }, call);
    if (call.req.statusAsData && !decision.retry) return { status, headers: flatHeaders(response), data: body as T };
    if (status === 410 || SYNC_LOST_CODES.has(error.code)) throw new SyncStateLostError(error.code, call.url.pathname);
    if (!decision.retry) {
      if (call.retries > 0) this.logger.warn(`${call.label} gave up after ${call.retries} retries: ${decision.reason}`);
      throw throttled(error, call) ? new ThrottledError(error.init) : error;
    }
    call.ambiguous ||= status >= 500;
    await this.wait(call, { reason: `${call.label} answered ${status} ${error.code}`, delayMs: decision.delayMs });
    return undefined;
  }

  private decide(outcome: Outcome, call: Call): RetryDecision {
    // A stream is consumed by the first attempt; replaying it would send a truncated body.
    if (isReadable(call.req.body)) return { retry: false, reason: 'a streamed body cannot be sent twice' };
    if (call.req.raiseGatewayTimeouts && (outcome.kind === 'timeout' || (outcome.kind === 'status' && outcome.status === 504))) {
      return { retry: false, reason: 'the caller handles gateway timeouts itself' };
    }
    return decide({
      outcome, idempotent: call.idempotent, retries: call.retries, waitedMs: call.waitedMs, policy: this.policy, random: this.clock.random(),
    });
  }

  private async wait(call: Call, next: { reason: string; delayMs: number }): Promise<void> {
    this.logger.info(`${next.reason}; retrying in ${next.delayMs} ms (retry ${call.retries + 1}/${this.policy.maxRetries})`);
    this.stats.retries += 1;
    await this.clock.sleep(next.delayMs);
    call.retries += 1;
    call.waitedMs += next.delayMs;
  }

  private async success<T>(response: AxiosResponse, call: Call): Promise<GraphResponse<T>> {
    const headers = flatHeaders(response);
    const { responseType } = call.req;
    if (responseType === 'stream') return { status: response.status, headers, data: response.data as T };
    const text = typeof response.data === 'string' ? response.data : '';
    const bytes = Buffer.byteLength(text);
    this.stats.bytesReceived += bytes;
    if (responseType === 'text') return { status: response.status, headers, data: text as T };
    if (text === '') return { status: response.status, headers, data: undefined as T };
    try {
      return { status: response.status, headers, data: JSON.parse(text) as T, bytes };
    } catch {
      throw new GraphError({ status: response.status, code: 'InvalidResponse', message: 'the response is not valid JSON', method: call.method, path: call.url.pathname, requestId: headers['request-id'] });
    }
  }

  private transportError(err: unknown, call: Call): Error {
    const outcome = classify(err);
    const { method } = call;
    const path = call.url.pathname;
    if (outcome.kind === 'timeout') {
      return new TimeoutError({ method, path, timeoutMs: call.req.timeoutMs ?? this.timeoutMs, outcomeUnknown: !call.idempotent });
    }
    const reached = outcome.kind === 'network' && outcome.reachedServer;
    return new NetworkError({ method, path, code: errorCode(err), outcomeUnknown: reached && !call.idempotent });
  }
}

/** Refused for load, so not processed: a 429 always, a 503 with Retry-After only where a repeat is harmless. */
function throttled(error: GraphError, call: Call): boolean {
  return error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined && call.idempotent);
}
