/**
 * The credential (cfg) → a GraphClient. Three kinds: a delegated sign-in kept by the component (`cfg.oauth`, rotated
 * tokens handed to the platform through updateKeys), a delegated sign-in kept by the platform (`cfg.secretId`, an
 * auth client), and an application (client credentials: no signed-in user, every call names a mailbox).
 */
import { createHash } from 'crypto';
import { GraphClient, Clock } from '../graph/GraphClient';
import {
  AppToken, ClientCertificate, ClientCredentialsTokenSource, OAuthToken, RefreshTokenSource, StaticTokenSource, TokenSource,
} from '../graph/auth';
import { CLOUDS, Cloud, CloudHosts, isCloud } from '../graph/clouds';
import { segmentProblem } from '../graph/paths';
import type { RetryPolicy } from '../graph/retry';
import { ConfigurationError } from '../outlook/errors';
import { isRecord } from '../outlook/values/text';
import { ComponentContext, loggerOf } from './context';
import { SecretTokenSource } from './secrets';
import { Settings, settings } from './settings';

const TENANT = 'AD Tenant ID (tenantId)';

export type Credentials =
  | { kind: 'delegated'; tenantId: string; cloud: Cloud; oauth: OAuthToken }
  | { kind: 'platformSecret'; cloud: Cloud; secretId: string }
  | { kind: 'application'; tenantId: string; cloud: Cloud; clientId?: string; secret?: string; certificate?: ClientCertificate };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The tenant is part of the token endpoint's URL; guessing "common" would fail single-tenant apps, hours later. */
function tenantOf(record: Record<string, unknown>, application: boolean): string {
  const tenant = text(record.tenantId);
  if (tenant === undefined) {
    throw new ConfigurationError(TENANT, 'is empty: edit the credential and enter "common", "organizations", a tenant GUID or a domain such as contoso.onmicrosoft.com');
  }
  const problem = segmentProblem(tenant);
  if (problem) throw new ConfigurationError(TENANT, problem);
  // An app-only token belongs to one tenant: the multi-tenant aliases name none.
  if (application && ['common', 'organizations', 'consumers'].includes(tenant.toLowerCase())) {
    throw new ConfigurationError(TENANT, `"${tenant}" names no tenant; application sign-in needs the tenant's GUID or domain (e.g. contoso.onmicrosoft.com)`);
  }
  return tenant;
}

function cloudOf(record: Record<string, unknown>): Cloud {
  const value = text(record.cloud);
  if (value === undefined) return 'global';
  if (!isCloud(value)) throw new ConfigurationError('Cloud (cloud)', `must be one of ${Object.keys(CLOUDS).join(', ')}; got "${value}"`);
  return value;
}

/** A PEM bundle with the certificate and its private key, as Entra's certificate credentials need both. */
function certificateOf(pem: string | undefined): ClientCertificate | undefined {
  if (pem === undefined) return undefined;
  const certificatePem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const privateKeyPem = /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |ENCRYPTED )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!certificatePem || !privateKeyPem) {
    throw new ConfigurationError('Certificate (certificate)', 'must hold the certificate and its private key, both as PEM (-----BEGIN CERTIFICATE----- and -----BEGIN PRIVATE KEY-----)');
  }
  return { certificatePem, privateKeyPem };
}

export function readCredentials(cfg: unknown): Credentials {
  const record = isRecord(cfg) ? cfg : {};
  const cloud = cloudOf(record);
  if (text(record.authType) === 'application') {
    return {
      kind: 'application', tenantId: tenantOf(record, true), cloud, clientId: text(record.clientId),
      secret: text(record.clientSecret), certificate: certificateOf(text(record.certificate)),
    };
  }
  if (text(record.secretId) !== undefined) return { kind: 'platformSecret', cloud, secretId: text(record.secretId) as string };
  const oauth = record.oauth;
  if (!isRecord(oauth) || typeof oauth.access_token !== 'string' || oauth.access_token === '') {
    throw new ConfigurationError('Authentication (oauth)', 'no access token: authenticate the credential first');
  }
  return { kind: 'delegated', tenantId: tenantOf(record, false), cloud, oauth: oauth as OAuthToken };
}

/** The cloud's hosts, unless the environment says otherwise (MSGRAPH_BASE_URL, MSAPP_AUTHORITY_HOST). */
export function hostsOf(cloud: Cloud, env: Settings = settings()): CloudHosts {
  return { graph: env.graphBaseUrl ?? CLOUDS[cloud].graph, login: env.authorityHost ?? CLOUDS[cloud].login };
}

/**
 * Tokens obtained in this process, keyed by the credential's identity (a hash: never the token itself). The sailor
 * keeps the step's cfg for the life of the process, so without this every execution would refresh from the
 * original again; app-only tokens are reused until shortly before they expire. Bounded.
 */
const refreshedTokens = new Map<string, OAuthToken>();
const appTokens = new Map<string, AppToken>();
const CACHE_LIMIT = 100;

function identity(...parts: Array<string | undefined>): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex');
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
}

export function forgetRefreshedTokens(): void {
  refreshedTokens.clear();
  appTokens.clear();
}

export interface ClientOptions {
  clock?: Clock;
  retryPolicy?: Partial<RetryPolicy>;
}

function delegatedTokens(ctx: Partial<ComponentContext> | undefined, creds: Extract<Credentials, { kind: 'delegated' }>, options: ClientOptions): TokenSource {
  if (!creds.oauth.refresh_token) return new StaticTokenSource(creds.oauth.access_token);
  const env = settings();
  if (!env.clientId || !env.clientSecret) {
    throw new ConfigurationError('MSAPP_CLIENT_ID / MSAPP_CLIENT_SECRET', 'the component\'s environment variables must be set to refresh tokens');
  }
  const key = identity(creds.tenantId, creds.oauth.refresh_token);
  const logger = loggerOf(ctx);
  return new RefreshTokenSource({
    token: refreshedTokens.get(key) ?? creds.oauth,
    tenantId: creds.tenantId, clientId: env.clientId, clientSecret: env.clientSecret, authorityHost: hostsOf(creds.cloud).login,
    now: options.clock?.now,
    onRefresh: async (token) => {
      remember(refreshedTokens, key, token);
      logger.info('Access token refreshed; handing the new keys to the platform');
      // Whether the platform merges or replaces the keys is not documented: send every key the credential needs.
      if (ctx && typeof ctx.emit === 'function') await ctx.emit('updateKeys', { tenantId: creds.tenantId, oauth: token });
    },
  });
}

function applicationTokens(creds: Extract<Credentials, { kind: 'application' }>, options: ClientOptions): TokenSource {
  const env = settings();
  const clientId = creds.clientId ?? env.clientId;
  const secret = creds.certificate ? undefined : creds.secret ?? (creds.clientId ? undefined : env.clientSecret);
  if (!clientId) throw new ConfigurationError('Client ID (clientId)', 'is empty and MSAPP_CLIENT_ID is not set: give the app\'s client id');
  if (!secret && !creds.certificate) {
    throw new ConfigurationError('Client Secret (clientSecret)', 'is empty: give the app\'s client secret value, or a certificate');
  }
  const hosts = hostsOf(creds.cloud);
  const key = identity(creds.tenantId, clientId, hosts.graph, secret ?? creds.certificate?.certificatePem);
  return new ClientCredentialsTokenSource({
    tenantId: creds.tenantId, clientId, secret, certificate: creds.certificate, authorityHost: hosts.login,
    scope: `${CLOUDS[creds.cloud].graph}/.default`, cached: appTokens.get(key), onToken: (token) => remember(appTokens, key, token),
    now: options.clock?.now,
  });
}

function tokensFor(ctx: Partial<ComponentContext> | undefined, creds: Credentials, options: ClientOptions): TokenSource {
  switch (creds.kind) {
    case 'delegated': return delegatedTokens(ctx, creds, options);
    case 'application': return applicationTokens(creds, options);
    case 'platformSecret': return new SecretTokenSource(creds.secretId, settings());
  }
}

/** A transport for this execution; with a delegated sign-in, `ctx.emit('updateKeys')` receives every rotated token. */
export function graphClientFor(ctx: Partial<ComponentContext> | undefined, cfg: unknown, options: ClientOptions = {}): GraphClient {
  const creds = readCredentials(cfg);
  const tokens = tokensFor(ctx, creds, options);
  return new GraphClient({
    baseUrl: hostsOf(creds.cloud).graph, tokens, logger: loggerOf(ctx), clock: options.clock, retryPolicy: options.retryPolicy,
  });
}

/** Whether calls run without a signed-in user (no `/me`): every function must then name a mailbox. */
export function isApplication(cfg: unknown): boolean {
  return isRecord(cfg) && text(cfg.authType) === 'application';
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
