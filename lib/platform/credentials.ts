/** Credentials from cfg → a GraphClient whose refreshed tokens reach the platform through updateKeys. */
import { createHash } from 'crypto';
import { GraphClient, Clock } from '../graph/GraphClient';
import { segmentProblem } from '../graph/paths';
import { OAuthToken, RefreshTokenSource, StaticTokenSource, TokenSource } from '../graph/auth';
import { ConfigurationError } from '../outlook/errors';
import type { RetryPolicy } from '../graph/retry';
import { isRecord } from '../outlook/values/text';
import { ComponentContext, loggerOf } from './context';
import { settings } from './settings';

export interface Credentials {
  tenantId: string;
  oauth: OAuthToken;
}

export function readCredentials(cfg: unknown): Credentials {
  const record = isRecord(cfg) ? cfg : {};
  const oauth = record.oauth;
  if (!isRecord(oauth) || typeof oauth.access_token !== 'string' || oauth.access_token === '') {
    throw new ConfigurationError('Authentication (oauth)', 'no access token: authenticate the credential first');
  }
  // The tenant is part of the token endpoint's URL; guessing "common" would fail for single-tenant apps, and
  // quietly, in a refresh hours later.
  if (typeof record.tenantId !== 'string' || record.tenantId.trim() === '') {
    throw new ConfigurationError('AD Tenant ID (tenantId)', 'is empty: edit the credential and enter "common", "organizations", a tenant GUID or a domain such as contoso.onmicrosoft.com');
  }
  const problem = segmentProblem(record.tenantId.trim());
  if (problem) throw new ConfigurationError('AD Tenant ID (tenantId)', problem);
  return { tenantId: record.tenantId.trim(), oauth: oauth as OAuthToken };
}

/**
 * Tokens refreshed in this process, keyed by a hash of the refresh token the platform handed us. The sailor keeps
 * the step's cfg for the life of the process, so without this every execution would refresh again from the original.
 */
const refreshedTokens = new Map<string, OAuthToken>();
const CACHE_LIMIT = 100;

function identity(creds: Credentials): string {
  return createHash('sha256').update(`${creds.tenantId}\u0000${creds.oauth.refresh_token ?? creds.oauth.access_token}`).digest('hex');
}

function remember(key: string, token: OAuthToken): void {
  refreshedTokens.delete(key);
  refreshedTokens.set(key, token);
  if (refreshedTokens.size > CACHE_LIMIT) refreshedTokens.delete(refreshedTokens.keys().next().value as string);
}

export function forgetRefreshedTokens(): void {
  refreshedTokens.clear();
}

export interface ClientOptions {
  clock?: Clock;
  retryPolicy?: Partial<RetryPolicy>;
}

/** A transport for this execution; `ctx.emit('updateKeys')` receives every rotated token. */
export function graphClientFor(ctx: Partial<ComponentContext> | undefined, cfg: unknown, options: ClientOptions = {}): GraphClient {
  const creds = readCredentials(cfg);
  const env = settings();
  const key = identity(creds);
  const logger = loggerOf(ctx);
  let tokens: TokenSource;
  if (!creds.oauth.refresh_token) {
    tokens = new StaticTokenSource(creds.oauth.access_token);
  } else {
    if (!env.clientId || !env.clientSecret) {
      throw new ConfigurationError('MSAPP_CLIENT_ID / MSAPP_CLIENT_SECRET', 'the component\'s environment variables must be set to refresh tokens');
    }
    tokens = new RefreshTokenSource({
      token: refreshedTokens.get(key) ?? creds.oauth,
      tenantId: creds.tenantId,
      clientId: env.clientId,
      clientSecret: env.clientSecret,
      authorityHost: env.authorityHost,
      now: options.clock?.now,
      onRefresh: async (token) => {
        remember(key, token);
        logger.info('Access token refreshed; handing the new keys to the platform');
        // Whether the platform merges or replaces the keys is not documented: send every key the credential needs.
        if (ctx && typeof ctx.emit === 'function') await ctx.emit('updateKeys', { tenantId: creds.tenantId, oauth: token });
      },
    });
  }
  return new GraphClient({ baseUrl: env.graphBaseUrl, tokens, logger, clock: options.clock, retryPolicy: options.retryPolicy });
}

/** The tenant of every personal Microsoft account (Outlook.com, Hotmail): learn.microsoft.com/entra/identity-platform/id-token-claims-reference. */
const CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

/**
 * Whether the credential belongs to a personal Microsoft account, read from the `tid` claim of the id_token the
 * platform stored with the token (the id_token is ours to read; the access token is not). Unknown → false.
 */
export function isPersonalAccount(cfg: unknown): boolean {
  const oauth = isRecord(cfg) && isRecord(cfg.oauth) ? cfg.oauth : undefined;
  const idToken = typeof oauth?.id_token === 'string' ? oauth.id_token : undefined;
  const payload = idToken?.split('.')[1];
  if (!payload) return false;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isRecord(claims) && claims.tid === CONSUMER_TENANT;
  } catch {
    return false;
  }
}

/** Refuses, before any request, a function that Graph does not offer to personal Microsoft accounts. */
export function requireWorkAccount(cfg: unknown, what: { title: string; api: string }): void {
  if (!isPersonalAccount(cfg)) return;
  throw new ConfigurationError('Authentication (oauth)', `"${what.title}" uses Microsoft Graph's ${what.api}, which Microsoft offers only to `
    + 'work or school accounts; this credential is a personal Microsoft account (Outlook.com, Hotmail, Live)');
}
