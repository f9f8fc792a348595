/** The identity side: access/refresh tokens, authorization codes, and the token endpoint's grant logic. */
import { X509Certificate, createHash, randomBytes, randomUUID, verify } from 'crypto';
import { CONSUMER_TENANT_ID } from './behaviour';
import { TokenHttpError } from './http/errors';
import type { OAuthTokenResponse, SandboxClock } from './types';

/**
 * What the component's consent grants. Entra never echoes `offline_access` in a token response's `scope` (it only
 * asks for a refresh token; learn.microsoft.com/answers/questions/806413), so it is not part of this string.
 */
export const DELEGATED_SCOPE = 'Calendars.ReadWrite Calendars.ReadWrite.Shared Contacts.ReadWrite Contacts.ReadWrite.Shared '
  + 'Mail.ReadWrite Mail.ReadWrite.Shared Mail.Send Mail.Send.Shared MailboxSettings.ReadWrite User.Read openid profile email';
/** Application roles of a client-credentials token unless told otherwise. */
export const DEFAULT_APP_ROLES: readonly string[] = ['Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite', 'Contacts.ReadWrite', 'User.Read.All'];
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
const CODE_TTL_MS = 10 * 60_000;

export interface TokenIdentity {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  userId: string;
  userPrincipalName: string;
  displayName: string;
  tenantDomain: string;
}

/** Permission names, lower-cased and without the resource prefix (`mail.readwrite`): scopes or app roles. */
export type Grants = ReadonlySet<string>;

interface AccessRecord { expiresAt: number; uses: number; app: boolean; grants: Grants }
interface RefreshRecord { scope: string; revoked: boolean }
interface CodeRecord { scope: string; redirectUri?: string; expiresAt: number; redeemed: boolean }

export type TokenCheck = { ok: true; app: boolean; grants: Grants } | { ok: false; message: string };

export interface TokenServiceOptions {
  identity: TokenIdentity;
  clock: SandboxClock;
  ttlSeconds: number;
  maxRequests?: number;
  /** `personal` tokens carry the consumer tenant (graphBehaviour.account). */
  account?: () => 'work' | 'personal';
}

export class TokenService {
  private readonly access = new Map<string, AccessRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly codes = new Map<string, CodeRecord>();
  /** Certificates registered on the app (by their x5t thumbprint), for client assertions. */
  private readonly certificates = new Map<string, X509Certificate>();

  constructor(private readonly options: TokenServiceOptions) {}

  get identity(): TokenIdentity { return this.options.identity; }

  /** The token response after a consent to `scope`; the access token remembers the scopes it was granted. */
  issue(scope = DELEGATED_SCOPE): OAuthTokenResponse {
    const granted = grantedScope(scope);
    const refresh = `0.A${b64url(randomBytes(240))}`;
    this.refreshTokens.set(refresh, { scope: granted, revoked: false });
    return { ...this.accessResponse(granted, false), refresh_token: refresh, id_token: this.idToken() };
  }

  /** An app-only (client credentials) access token with these application roles. */
  issueApp(roles: readonly string[] = DEFAULT_APP_ROLES): Omit<OAuthTokenResponse, 'refresh_token' | 'id_token'> {
    return this.accessResponse('https://graph.microsoft.com/.default', true, roles);
  }

  /** Registers a certificate on the app, as an administrator uploads one in Entra; returns its x5t thumbprint. */
  registerCertificate(pem: string): string {
    const cert = new X509Certificate(pem);
    const x5t = createHash('sha1').update(cert.raw).digest('base64url');
    this.certificates.set(x5t, cert);
    return x5t;
  }

  /**
   * A client assertion (learn.microsoft.com/entra/identity-platform/certificate-credentials): a JWT naming a
   * registered certificate by `x5t`, signed with its key, for this app (`iss`, `sub`) and this token endpoint (`aud`).
   */
  private checkAssertion(form: Record<string, string>, tenant: string): void {
    if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      throw new TokenHttpError(400, 'invalid_request', 50027, 'Invalid client_assertion_type.');
    }
    const [h, c, sig] = form.client_assertion.split('.');
    const header = decodePart(h);
    const claims = decodePart(c);
    const cert = typeof header?.x5t === 'string' ? this.certificates.get(header.x5t) : undefined;
    if (!header || !claims || !sig || !cert) {
      throw new TokenHttpError(401, 'invalid_client', 700027, 'Client assertion failed signature validation: the key was not found.');
    }
    if (!verify('RSA-SHA256', Buffer.from(`${h}.${c}`), cert.publicKey, Buffer.from(sig, 'base64url'))) {
      throw new TokenHttpError(401, 'invalid_client', 700027, 'Client assertion contains an invalid signature.');
    }
    const now = Math.floor(this.options.clock.now() / 1000);
    const audOk = typeof claims.aud === 'string' && claims.aud.endsWith(`/${tenant}/oauth2/v2.0/token`);
    if (claims.iss !== this.options.identity.clientId || claims.sub !== this.options.identity.clientId || !audOk) {
      throw new TokenHttpError(401, 'invalid_client', 700021, 'Client assertion application identifier or audience does not match.');
    }
    if (typeof claims.exp !== 'number' || claims.exp < now) throw new TokenHttpError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
  }

  revoke(refreshToken: string): void {
    const record = this.refreshTokens.get(refreshToken);
    if (record) record.revoked = true;
  }

  issueCode(redirectUri?: string, scope = DELEGATED_SCOPE): string {
    const code = `1.A${b64url(randomBytes(180))}`;
    this.codes.set(code, { scope, redirectUri, expiresAt: this.options.clock.now() + CODE_TTL_MS, redeemed: false });
    return code;
  }

  /** Checks a bearer token and counts the request against `tokenMaxRequests`. */
  check(authorization: string | undefined): TokenCheck {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return { ok: false, message: 'Access token is empty.' };
    const token = m[1];
    if (!token.includes('.')) return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
    const record = this.access.get(token);
    if (!record) return { ok: false, message: 'Access token validation failure. Invalid signature.' };
    const max = this.options.maxRequests;
    if (record.expiresAt <= this.options.clock.now() || (max !== undefined && record.uses >= max)) {
      return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    }
    record.uses += 1;
    return { ok: true, app: record.app, grants: record.grants };
  }

  /** The token endpoint: `form` is the decoded form body, `basic` the decoded HTTP Basic credentials if any. */
  grant(tenant: string, form: Record<string, string>, basic?: { id: string; secret: string }): OAuthTokenResponse | Omit<OAuthTokenResponse, 'refresh_token' | 'id_token'> {
    const id = this.options.identity;
    const tenants = [id.tenantId, 'common', 'organizations', id.tenantDomain, ...(this.personal() ? ['consumers', CONSUMER_TENANT_ID] : [])];
    if (!tenants.some((t) => t.toLowerCase() === tenant.toLowerCase())) {
      throw new TokenHttpError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    const clientId = basic?.id ?? form.client_id;
    if (!clientId) throw missing('client_id');
    if (clientId !== id.clientId) {
      throw new TokenHttpError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    }
    const secret = basic?.secret ?? form.client_secret;
    if (!secret && form.client_assertion) {
      this.checkAssertion(form, `${tenant}`);
    } else if (!secret) {
      throw new TokenHttpError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    } else if (secret !== id.clientSecret) {
      throw new TokenHttpError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${id.clientId}'.`);
    }
    const grantType = form.grant_type;
    if (!grantType) throw missing('grant_type');
    switch (grantType) {
      case 'refresh_token': return this.refresh(form);
      case 'authorization_code': return this.redeem(form);
      case 'client_credentials': return this.clientCredentials(form);
      default:
        throw new TokenHttpError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
    }
  }

  private refresh(form: Record<string, string>): OAuthTokenResponse {
    if (!form.refresh_token) throw missing('refresh_token');
    const record = this.refreshTokens.get(form.refresh_token);
    if (!record || record.revoked) {
      throw new TokenHttpError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    }
    // Rotation: a new refresh token each time; the old one stays valid (Entra does not revoke on use).
    return this.issue(narrowScope(record.scope, form.scope));
  }

  private redeem(form: Record<string, string>): OAuthTokenResponse {
    if (!form.code) throw missing('code');
    const record = this.codes.get(form.code);
    if (!record) throw new TokenHttpError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    if (record.redeemed) {
      throw new TokenHttpError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
    }
    if (record.expiresAt <= this.options.clock.now()) {
      throw new TokenHttpError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
    }
    if (record.redirectUri && form.redirect_uri !== record.redirectUri) {
      throw new TokenHttpError(400, 'invalid_grant', 50148, 'The redirect_uri specified in the token request does not match the redirect_uri used when acquiring the authorization code.');
    }
    record.redeemed = true;
    return this.issue(narrowScope(record.scope, form.scope));
  }

  private clientCredentials(form: Record<string, string>): Omit<OAuthTokenResponse, 'refresh_token' | 'id_token'> {
    if (!form.scope || !/\/\.default$/.test(form.scope)) {
      throw new TokenHttpError(400, 'invalid_scope', 1002012, `The provided value for scope ${form.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    return this.issueApp();
  }

  private personal(): boolean {
    return this.options.account?.() === 'personal';
  }

  /** The tenant a token names: personal accounts sign in to the consumer tenant. */
  private tenant(): string {
    return this.personal() ? CONSUMER_TENANT_ID : this.options.identity.tenantId;
  }

  private accessResponse(scope: string, app: boolean, roles: readonly string[] = []): Omit<OAuthTokenResponse, 'refresh_token' | 'id_token'> {
    const ttl = this.options.ttlSeconds;
    const now = this.options.clock.now();
    const id = this.options.identity;
    const claims: Record<string, unknown> = {
      aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${this.tenant()}/`,
      iat: Math.floor(now / 1000), nbf: Math.floor(now / 1000), exp: Math.floor(now / 1000) + ttl,
      appid: id.clientId, tid: this.tenant(), uti: b64url(randomBytes(16)), ver: '1.0',
    };
    const granted = app ? [...roles] : scope.split(' ').filter((s) => s !== '' && !OIDC_SCOPES.has(s.toLowerCase()));
    if (app) claims.roles = granted;
    else Object.assign(claims, { scp: granted.join(' '), oid: id.userId, upn: id.userPrincipalName, name: id.displayName });
    const token = jwt({ typ: 'JWT', alg: 'RS256', kid: 'sandbox' }, claims);
    this.access.set(token, { expiresAt: now + ttl * 1000, uses: 0, app, grants: new Set(granted.map(permissionName)) });
    return { token_type: 'Bearer', scope, expires_in: ttl, ext_expires_in: ttl, access_token: token };
  }

  private idToken(): string {
    const id = this.options.identity;
    const now = Math.floor(this.options.clock.now() / 1000);
    return jwt({ typ: 'JWT', alg: 'RS256', kid: 'sandbox' }, {
      aud: id.clientId, iss: `https://login.microsoftonline.com/${this.tenant()}/v2.0`, iat: now, nbf: now, exp: now + 3600,
      name: id.displayName, oid: id.userId, preferred_username: id.userPrincipalName, sub: b64url(createHash('sha256').update(id.userId).digest()).slice(0, 43),
      tid: this.tenant(), ver: '2.0',
    });
  }
}

/** `https://graph.microsoft.com/Mail.Read` and `mail.read` name the same permission. */
export function permissionName(scope: string): string {
  return scope.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase();
}

/** The `scope` of a token response: the requested scopes in order, each once, without `offline_access`. */
function grantedScope(requested: string): string {
  const seen = new Set<string>();
  return requested.split(/\s+/).filter((s) => {
    const key = s.toLowerCase();
    if (s === '' || key === 'offline_access' || seen.has(key)) return false;
    seen.add(key);
    return true;
  }).join(' ');
}

function missing(parameter: string): TokenHttpError {
  return new TokenHttpError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${parameter}'.`);
}

/** A refresh may ask for the granted scopes or a subset; anything else is refused like Entra does. */
function narrowScope(granted: string, requested: string | undefined): string {
  if (!requested || !requested.trim()) return granted;
  const have = new Set(granted.split(' ').map(permissionName));
  const asked = requested.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
  const unknown = asked.filter((s) => !have.has(permissionName(s)) && permissionName(s) !== '.default');
  if (unknown.length) {
    throw new TokenHttpError(400, 'invalid_grant', 70000, `The request was denied because one or more scopes requested are unauthorized or expired. The user must first sign in and grant the client application access to the requested scope (${unknown.join(' ')}).`);
  }
  return granted;
}

function b64url(buf: Buffer): string {
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function jwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (o: Record<string, unknown>) => b64url(Buffer.from(JSON.stringify(o)));
  return `${part(header)}.${part(claims)}.${b64url(randomBytes(64))}`;
}

export function tokenErrorBody(err: TokenHttpError, nowMs: number): Record<string, unknown> {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = `${new Date(nowMs).toISOString().slice(0, 19).replace('T', ' ')}Z`;
  const code = err.aadsts;
  const description = `${code !== undefined ? `AADSTS${code}: ` : ''}${err.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`;
  const body: Record<string, unknown> = {
    error: err.error, error_description: description, error_codes: code !== undefined ? [code] : [],
    timestamp, trace_id: traceId, correlation_id: correlationId,
  };
  if (code !== undefined) body.error_uri = `https://login.microsoftonline.com/error?code=${code}`;
  return body;
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}
