/** The identity platform's v2.0 token and authorize endpoints. */
import { TokenHttpError } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
}

function token(ctx: RouteContext): SandboxResponse {
  const type = ctx.req.headers['content-type'] ?? '';
  const form: Record<string, string> = {};
  if (/application\/x-www-form-urlencoded/i.test(type)) {
    for (const [key, value] of new URLSearchParams(ctx.req.body.toString('utf8'))) form[key] = value;
  }
  const response = ctx.core.tokens.grant(ctx.params.tenant, form, basicCredentials(ctx.req.headers.authorization));
  return { status: 200, json: response };
}

function authorize(ctx: RouteContext): SandboxResponse {
  const { client_id: clientId, redirect_uri: redirectUri, response_type: responseType, state } = ctx.req.query;
  if (clientId !== ctx.core.tokens.identity.clientId) {
    throw new TokenHttpError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${ctx.params.tenant}'.`);
  }
  if (responseType !== 'code' || !redirectUri) {
    throw new TokenHttpError(400, 'invalid_request', 900144, "The request must contain 'response_type=code' and a 'redirect_uri'.");
  }
  // Consent is implicit in the sandbox: redirect straight back with a code.
  const code = ctx.core.tokens.issueCode(redirectUri);
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  if (state !== undefined) target.searchParams.set('state', state);
  target.searchParams.set('session_state', ctx.core.tokens.identity.tenantId);
  return { status: 302, headers: { Location: target.toString() } };
}

export const tokenRoutes: RouteModule = {
  name: 'token',
  routes: [
    { name: 'token', method: 'POST', path: '{tenant}/oauth2/v2.0/token', scope: 'root', auth: 'none', faultClass: 'explicit', errorShape: 'identity', handler: token },
    { name: 'authorize', method: 'GET', path: '{tenant}/oauth2/v2.0/authorize', scope: 'root', auth: 'none', faultClass: 'explicit', errorShape: 'identity', handler: authorize },
  ],
};
