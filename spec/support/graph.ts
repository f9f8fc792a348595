/** Shared nock and client helpers for transport-level specs (Graph host, token endpoint, a client on a fake clock). */
import nock from 'nock';
import { GraphClient } from '../../lib/graph/GraphClient';
import { OAuthToken, RefreshTokenSource, StaticTokenSource, TokenSource } from '../../lib/graph/auth';
import type { RetryPolicy } from '../../lib/graph/retry';
import type { TransportLogger } from '../../lib/graph/types';
import { FakeClock, fakeClock } from './clock';

export const GRAPH = 'https://graph.microsoft.com';
export const AUTHORITY = 'https://login.microsoftonline.com';
export const TENANT = 'contoso.onmicrosoft.com';
export const CLIENT_ID = '00000000-aaaa-bbbb-cccc-000000000001';
export const CLIENT_SECRET = 'cs~SECRET-value-0123456789abcdef';
export const ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOi.ORIGINAL-access.token';
export const REFRESH_TOKEN = '0.ARoA-ORIGINAL-refresh-token-xyz';

export function graph(): nock.Scope {
  return nock(GRAPH);
}

export function tokenPath(tenant = TENANT): string {
  return `/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}

/** What the platform stores in cfg.oauth after consent. */
export function storedToken(extra: Partial<OAuthToken> = {}): OAuthToken {
  return {
    token_type: 'Bearer', scope: 'User.Read Mail.ReadWrite', expires_in: 3599,
    access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, ...extra,
  };
}

/** A token endpoint answer after a refresh, with a rotated refresh token. */
export function refreshedResponse(n = 1): Record<string, unknown> {
  return {
    token_type: 'Bearer', scope: 'User.Read Mail.ReadWrite', expires_in: 3599, ext_expires_in: 3599,
    access_token: `eyJ.NEW-access-token-${n}`, refresh_token: `0.ARoA-ROTATED-refresh-token-${n}`, id_token: `eyJ.id-${n}`,
  };
}

/** A token endpoint failure as the identity platform sends it. */
export function aadError(error: string, code: number, description = 'The request was refused.'): Record<string, unknown> {
  return {
    error, error_description: `AADSTS${code}: ${description}\r\nTrace ID: 0f0e\r\nCorrelation ID: 0d0c\r\nTimestamp: 2026-11-23 12:00:00Z`,
    error_codes: [code], timestamp: '2026-11-23 12:00:00Z', trace_id: '0f0e', correlation_id: '0d0c',
  };
}

export interface TestClient {
  client: GraphClient;
  clock: FakeClock;
  refreshed: OAuthToken[];
  tokens: TokenSource;
}

export interface TestClientOptions {
  clock?: FakeClock;
  /** Default: a static token; `refreshing` builds a RefreshTokenSource against the nock'ed authority. */
  refreshing?: boolean;
  token?: OAuthToken;
  retryPolicy?: Partial<RetryPolicy>;
  logger?: TransportLogger;
  timeoutMs?: number;
  baseUrl?: string;
}

export function testClient(options: TestClientOptions = {}): TestClient {
  const clock = options.clock ?? fakeClock();
  const refreshed: OAuthToken[] = [];
  const tokens: TokenSource = options.refreshing
    ? new RefreshTokenSource({
      token: options.token ?? storedToken(), tenantId: TENANT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
      authorityHost: AUTHORITY, now: clock.now, onRefresh: async (t) => { refreshed.push(t); },
    })
    : new StaticTokenSource(options.token?.access_token ?? ACCESS_TOKEN);
  const client = new GraphClient({
    baseUrl: options.baseUrl ?? GRAPH, tokens, clock, retryPolicy: options.retryPolicy,
    logger: options.logger, timeoutMs: options.timeoutMs,
  });
  return { client, clock, refreshed, tokens };
}

export interface SeenRequest {
  /** Path and query exactly as the request line carried them. */
  uri: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A nock reply function that records each request it answers, e.g.
 * `graph().get(path).reply(rec.reply(200, body))`. Unlike a path predicate it runs once per request.
 */
type ReplyFn = (this: nock.ReplyFnContext, uri: string, body: nock.Body) => nock.ReplyFnResult;

export function recorder(): { seen: SeenRequest[]; reply: (status: number, body?: unknown, headers?: Record<string, string>) => ReplyFn } {
  const seen: SeenRequest[] = [];
  return {
    seen,
    reply: (status, body, headers) => function (this: nock.ReplyFnContext, uri: string, requestBody: nock.Body): nock.ReplyFnResult {
      seen.push({ uri, headers: { ...this.req.headers }, body: typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody) });
      const json = body !== undefined && typeof body !== 'string';
      return [status, body === undefined ? '' : json ? JSON.stringify(body) : body, { ...(json ? { 'Content-Type': 'application/json' } : {}), ...headers }];
    },
  };
}

/**
 * A socket-level error for `replyWithError`. It must be an Error instance: nock 14 never settles the request
 * when given a plain `{ code, message }` object.
 */
export function netError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}
