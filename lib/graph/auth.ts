/** Access-token sources. The refresh flow talks to the identity platform's v2.0 token endpoint. */
import { X509Certificate, createHash, randomUUID, sign } from 'crypto';
import axios from 'axios';
import { AuthorizationCode } from 'simple-oauth2';
import { AuthError } from './errors';
import { scrub } from './envelope';
import { segment } from './paths';

/** The token response as the platform stores it (`cfg.oauth`) and as we hand it back after a refresh. */
export interface OAuthToken {
  access_token: string;
  refresh_token?: string;
  expires_in?: number | string;
  /** ISO date written by us after a refresh, so the next execution knows when the token expires. */
  expires_at?: string;
  scope?: string;
  token_type?: string;
  id_token?: string;
  [extra: string]: unknown;
}

export interface TokenSource {
  /** A token believed valid now (refreshes first when it is known to be expired). */
  accessToken(): Promise<string>;
  /**
   * Forces a refresh (after a 401); returns the new access token. With `rejected`, the token the 401 answered,
   * a source that has already replaced that token returns the current one instead of refreshing again.
   */
  refresh(rejected?: string): Promise<string>;
  /** The secret strings of this source, so logs and errors can be scrubbed of them. */
  secrets(): string[];
}

export class StaticTokenSource implements TokenSource {
  constructor(private readonly token: string) {}
  async accessToken(): Promise<string> { return this.token; }
  async refresh(): Promise<string> {
    throw new AuthError({ error: 'invalid_grant', aadsts: [], detail: 'this credential has no refresh token' });
  }
  secrets(): string[] { return [this.token]; }
}

export interface RefreshTokenSourceOptions {
  token: OAuthToken;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  authorityHost: string;
  /** Called with the whole new token response after each refresh (refresh tokens rotate). */
  onRefresh: (token: OAuthToken) => Promise<void>;
  now?: () => number;
  /** How long one refresh may take before it fails (default 30 s). */
  timeoutMs?: number;
}

const DEFAULT_REFRESH_TIMEOUT_MS = 30_000;

/** Refuses tokens this close to expiry, so a request does not start with a token that dies in flight. */
const EXPIRY_SKEW_MS = 60_000;

export class RefreshTokenSource implements TokenSource {
  private token: OAuthToken;
  private pending?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly options: RefreshTokenSourceOptions) {
    this.token = options.token;
    this.now = options.now ?? Date.now;
  }

  async accessToken(): Promise<string> {
    if (this.knownExpired()) return this.refresh();
    return this.token.access_token;
  }

  refresh(rejected?: string): Promise<string> {
    // Concurrent 401s share one refresh: the identity platform would otherwise rotate twice. A 401 that
    // arrives after the refresh finished still names the old token, so it needs no refresh of its own.
    if (!this.pending && rejected !== undefined && rejected !== this.token.access_token) {
      return Promise.resolve(this.token.access_token);
    }
    if (!this.pending) {
      this.pending = this.doRefresh().finally(() => { this.pending = undefined; });
    }
    return this.pending;
  }

  secrets(): string[] {
    return [this.token.access_token, this.token.refresh_token, this.options.clientSecret]
      .filter((s): s is string => typeof s === 'string' && s.length > 0);
  }

  private knownExpired(): boolean {
    if (!this.token.expires_at) return false;
    const at = Date.parse(this.token.expires_at);
    return !Number.isNaN(at) && at - EXPIRY_SKEW_MS <= this.now();
  }

  private async doRefresh(): Promise<string> {
    const { refresh_token: refreshToken, scope } = this.token;
    if (!refreshToken) {
      throw new AuthError({ error: 'invalid_grant', aadsts: [], detail: 'the credential holds no refresh token (was offline_access granted?)' });
    }
    const client = new AuthorizationCode({
      client: { id: this.options.clientId, secret: this.options.clientSecret },
      auth: { tokenHost: this.options.authorityHost, tokenPath: `/${segment(this.options.tenantId, 'tenantId')}/oauth2/v2.0/token` },
      options: { authorizationMethod: 'body', bodyFormat: 'form' },
      // Without a timeout a silent token endpoint would hold the execution until the platform kills it.
      http: { timeout: this.options.timeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS },
    });
    let fresh: OAuthToken;
    try {
      const accessToken = client.createToken({ ...this.token });
      const refreshed = await accessToken.refresh(typeof scope === 'string' && scope ? { scope: scope.split(' ') } : {});
      fresh = normalise(refreshed.token, this.token, this.now());
    } catch (err) {
      throw toAuthError(err, this.secrets(), this.options.timeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS);
    }
    this.token = fresh;
    await this.options.onRefresh(fresh);
    return fresh.access_token;
  }
}

function normalise(raw: Record<string, unknown>, previous: OAuthToken, nowMs: number): OAuthToken {
  const token: OAuthToken = { ...(raw as OAuthToken) };
  if (typeof token.access_token !== 'string' || token.access_token === '') {
    throw new AuthError({ error: 'invalid_response', aadsts: [], detail: 'the token endpoint returned no access_token' });
  }
  // Keep the old refresh token when none is returned (Graph always rotates, but be lenient).
  if (!token.refresh_token && previous.refresh_token) token.refresh_token = previous.refresh_token;
  // expires_in against our (injectable) clock first: simple-oauth2's own expires_at uses the wall clock.
  const expiresIn = token.expires_in === undefined || token.expires_in === '' ? NaN : Number(token.expires_in);
  const expiresAt = Number.isFinite(expiresIn) ? nowMs + expiresIn * 1000
    : raw.expires_at instanceof Date ? raw.expires_at.getTime() : undefined;
  if (expiresAt !== undefined) token.expires_at = new Date(expiresAt).toISOString();
  return token;
}

interface BoomLike {
  isBoom?: boolean; output?: { statusCode?: number }; data?: { payload?: unknown; res?: { statusCode?: unknown } };
  message?: string; code?: string;
}

function toAuthError(err: unknown, secrets: string[], timeoutMs: number): Error {
  if (err instanceof AuthError) return err;
  const boom = err as BoomLike;
  // Wreck reports its own timeout as a Boom 504 without a response.
  if (boom?.isBoom && boom.output?.statusCode === 504 && boom.data?.res === undefined && /timeout/i.test(boom.message ?? '')) {
    return new AuthError({ error: 'token_endpoint_timeout', aadsts: [], detail: `no answer within ${Math.round(timeoutMs / 1000)} s` });
  }
  const payload = parsePayload(boom?.data?.payload);
  if (payload && typeof payload.error === 'string') return authErrorOf(payload, boom.output?.statusCode ?? 400, secrets);
  const answered = boom?.data?.res?.statusCode;
  if (typeof answered === 'number') {
    return new AuthError({ error: 'invalid_response', aadsts: [], status: answered, detail: `the token endpoint answered HTTP ${answered} without a JSON body` });
  }
  const reason = scrub(boom?.code ?? boom?.message ?? String(err), secrets);
  return new AuthError({ error: 'token_endpoint_unreachable', aadsts: [], status: boom?.output?.statusCode, detail: reason });
}

function parsePayload(payload: unknown): Record<string, unknown> | undefined {
  if (payload === undefined || payload === null) return undefined;
  if (Buffer.isBuffer(payload)) payload = payload.toString('utf8');
  if (typeof payload === 'string') {
    try { return JSON.parse(payload) as Record<string, unknown>; } catch { return undefined; }
  }
  return typeof payload === 'object' ? payload as Record<string, unknown> : undefined;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0];
}

// ---- application (client credentials) --------------------------------------------------------------------------

/** A certificate registered on the app, with its private key, as PEM (learn.microsoft.com/entra/identity-platform/certificate-credentials). */
export interface ClientCertificate { certificatePem: string; privateKeyPem: string }

export interface AppToken { accessToken: string; expiresAt: number }

export interface ClientCredentialsOptions {
  tenantId: string;
  clientId: string;
  /** A client secret, or else a certificate. */
  secret?: string;
  certificate?: ClientCertificate;
  authorityHost: string;
  /** `{graph host}/.default`: the app's application permissions on that cloud's Graph. */
  scope: string;
  /** A token this container already holds for the same app and tenant. */
  cached?: AppToken;
  onToken?: (token: AppToken) => void;
  now?: () => number;
  timeoutMs?: number;
}

/** Re-acquired this long before expiry, so no request starts with a token that dies in flight. */
const APP_TOKEN_MARGIN_MS = 5 * 60_000;

/** App-only tokens: the client credentials grant, with a secret or a signed client assertion. Nothing to persist. */
export class ClientCredentialsTokenSource implements TokenSource {
  private token?: AppToken;
  private pending?: Promise<string>;
  private readonly now: () => number;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.token = options.cached;
    this.now = options.now ?? Date.now;
  }

  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - APP_TOKEN_MARGIN_MS > this.now()) return this.token.accessToken;
    return this.refresh();
  }

  refresh(rejected?: string): Promise<string> {
    if (!this.pending && rejected !== undefined && this.token && rejected !== this.token.accessToken) return Promise.resolve(this.token.accessToken);
    this.pending ??= this.acquire().finally(() => { this.pending = undefined; });
    return this.pending;
  }

  secrets(): string[] {
    return [this.token?.accessToken, this.options.secret, this.options.certificate?.privateKeyPem].filter((s): s is string => typeof s === 'string' && s !== '');
  }

  private async acquire(): Promise<string> {
    const url = `${this.options.authorityHost}/${segment(this.options.tenantId, 'tenantId')}/oauth2/v2.0/token`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, scope: this.options.scope });
    if (this.options.certificate) {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', clientAssertion({ url, clientId: this.options.clientId, certificate: this.options.certificate, now: this.now() }));
    } else {
      form.set('client_secret', this.options.secret ?? '');
    }
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS;
    const response = await axios.post(url, form.toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, timeout: timeoutMs,
      maxRedirects: 0, proxy: false, validateStatus: () => true, transformResponse: [(data: unknown) => data],
    }).catch((err: unknown) => {
      const code = (err as { code?: unknown }).code;
      throw code === 'ECONNABORTED' || code === 'ETIMEDOUT'
        ? new AuthError({ error: 'token_endpoint_timeout', aadsts: [], detail: `no answer within ${Math.round(timeoutMs / 1000)} s`, what: APP_TOKEN })
        : new AuthError({ error: 'token_endpoint_unreachable', aadsts: [], detail: scrub(String(code ?? (err as Error).message), this.secrets()), what: APP_TOKEN });
    });
    const payload = parsePayload(response.data);
    if (response.status !== 200 || typeof payload?.access_token !== 'string') {
      throw authErrorOf(payload, response.status, this.secrets(), APP_TOKEN);
    }
    const expiresIn = Number(payload.expires_in);
    this.token = { accessToken: payload.access_token, expiresAt: this.now() + (Number.isFinite(expiresIn) ? expiresIn : 3599) * 1000 };
    this.options.onToken?.(this.token);
    return this.token.accessToken;
  }
}

/** A client assertion: a JWT the app signs with its certificate's key, identifying the certificate by thumbprint. */
function clientAssertion(input: { url: string; clientId: string; certificate: ClientCertificate; now: number }): string {
  const cert = new X509Certificate(input.certificate.certificatePem);
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = { alg: 'RS256', typ: 'JWT', x5t: createHash('sha1').update(cert.raw).digest('base64url') };
  const at = Math.floor(input.now / 1000);
  const claims = { aud: input.url, iss: input.clientId, sub: input.clientId, jti: randomUUID(), nbf: at, iat: at, exp: at + 600 };
  const signed = `${part(header)}.${part(claims)}`;
  return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), input.certificate.privateKeyPem).toString('base64url')}`;
}

const APP_TOKEN = 'Getting an app-only token';

function authErrorOf(payload: Record<string, unknown> | undefined, status: number, secrets: string[], what?: string): AuthError {
  if (payload && typeof payload.error === 'string') {
    const codes = Array.isArray(payload.error_codes) ? payload.error_codes.filter((c): c is number => typeof c === 'number') : [];
    const described = typeof payload.error_description === 'string' ? firstLine(payload.error_description) : undefined;
    return new AuthError({ error: payload.error, aadsts: codes, status, detail: scrub(described, secrets), what });
  }
  return new AuthError({ error: 'invalid_response', aadsts: [], status, detail: `the token endpoint answered HTTP ${status} without a JSON body`, what });
}
