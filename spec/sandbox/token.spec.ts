import assert from 'node:assert/strict';
import type { OAuthTokenResponse, Sandbox } from '../../dev/sandbox';
import { RefreshTokenSource } from '../../lib/graph/auth';
import { AuthError } from '../../lib/graph/errors';
import { Graph, Reply, call, startTestSandbox } from './helpers';

interface IdentityError {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

describe('sandbox token endpoint', () => {
  let sb: Sandbox;

  before(async () => { sb = await startTestSandbox({ demo: false }); });
  after(() => sb.stop());

  function token(form: Record<string, string>, headers: Record<string, string> = {}, tenant = sb.tenantId): Promise<Reply> {
    return call(`${sb.url}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  function refreshForm(refreshToken: string, overrides: Record<string, string> = {}): Record<string, string> {
    return { grant_type: 'refresh_token', client_id: sb.clientId, client_secret: sb.clientSecret, refresh_token: refreshToken, ...overrides };
  }

  it('issues a new access token and a new refresh token on every refresh, and the old refresh token stays valid', async () => {
    const first = sb.issueToken();
    const r1 = await token(refreshForm(first.refresh_token));
    const r2 = await token(refreshForm(first.refresh_token));
    assert.equal(r1.status, 200);
    assert.equal(r2.status, 200);
    const [a, b] = [r1.json<OAuthTokenResponse>(), r2.json<OAuthTokenResponse>()];
    assert.equal(a.token_type, 'Bearer');
    assert.notEqual(a.refresh_token, first.refresh_token);
    assert.notEqual(a.refresh_token, b.refresh_token);
    assert.notEqual(a.access_token, first.access_token);
    assert.equal((await new Graph(sb, b.access_token).get('/me')).status, 200);
    assert.equal((await token(refreshForm(a.refresh_token))).status, 200);
  });

  it('accepts the client credentials in HTTP Basic instead of the body', async () => {
    const basic = Buffer.from(`${encodeURIComponent(sb.clientId)}:${encodeURIComponent(sb.clientSecret)}`).toString('base64');
    const reply = await token({ grant_type: 'refresh_token', refresh_token: sb.issueToken().refresh_token }, { Authorization: `Basic ${basic}` });
    assert.equal(reply.status, 200);
  });

  it('answers a wrong client secret with 401 invalid_client AADSTS7000215, a trace id and Cache-Control no-store', async () => {
    const reply = await token(refreshForm(sb.issueToken().refresh_token, { client_secret: 'the-secret-id-not-its-value' }));
    assert.equal(reply.status, 401);
    assert.match(String(reply.headers['cache-control']), /no-store/);
    const body = reply.json<IdentityError>();
    assert.equal(body.error, 'invalid_client');
    assert.deepEqual(body.error_codes, [7000215]);
    assert.match(body.error_description, /^AADSTS7000215: .*\r\nTrace ID: [0-9a-f-]{36}\r\n/s);
    assert.equal(typeof body.trace_id, 'string');
    assert.equal(typeof body.correlation_id, 'string');
  });

  it('answers an unknown client with 400 unauthorized_client AADSTS700016', async () => {
    const reply = await token(refreshForm(sb.issueToken().refresh_token, { client_id: '00000000-0000-0000-0000-000000000000' }));
    assert.equal(reply.status, 400);
    const body = reply.json<IdentityError>();
    assert.equal(body.error, 'unauthorized_client');
    assert.deepEqual(body.error_codes, [700016]);
  });

  it('answers a revoked refresh token with 400 invalid_grant AADSTS70008', async () => {
    const issued = sb.issueToken();
    sb.revokeRefreshToken(issued.refresh_token);
    const reply = await token(refreshForm(issued.refresh_token));
    assert.equal(reply.status, 400);
    const body = reply.json<IdentityError>();
    assert.equal(body.error, 'invalid_grant');
    assert.deepEqual(body.error_codes, [70008]);
  });

  it('answers an unknown refresh token with 400 invalid_grant AADSTS70008', async () => {
    const reply = await token(refreshForm('0.Anever-issued'));
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.json<IdentityError>().error_codes, [70008]);
  });

  it('answers an unknown grant type with 400 unsupported_grant_type', async () => {
    const reply = await token({ grant_type: 'password', client_id: sb.clientId, client_secret: sb.clientSecret });
    assert.equal(reply.status, 400);
    assert.equal(reply.json<IdentityError>().error, 'unsupported_grant_type');
  });

  it('answers an unknown tenant with 400 AADSTS90002', async () => {
    const reply = await token(refreshForm(sb.issueToken().refresh_token), {}, 'no-such-tenant.example');
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.json<IdentityError>().error_codes, [90002]);
  });

  it('redeems an authorization code once and answers AADSTS54005 when it is reused', async () => {
    const code = sb.issueAuthorizationCode('http://localhost/callback');
    const form = { grant_type: 'authorization_code', client_id: sb.clientId, client_secret: sb.clientSecret, code, redirect_uri: 'http://localhost/callback' };
    const first = await token(form);
    assert.equal(first.status, 200);
    assert.equal(typeof first.json<OAuthTokenResponse>().refresh_token, 'string');
    const again = await token(form);
    assert.equal(again.status, 400);
    assert.deepEqual(again.json<IdentityError>().error_codes, [54005]);
  });

  it('redirects the authorize endpoint back with a code and the state', async () => {
    const reply = await call(`${sb.url}/common/oauth2/v2.0/authorize?client_id=${sb.clientId}&response_type=code&redirect_uri=${encodeURIComponent('http://localhost/cb')}&state=xyz`);
    assert.equal(reply.status, 302);
    const location = new URL(String(reply.headers.location));
    assert.equal(location.origin + location.pathname, 'http://localhost/cb');
    assert.equal(location.searchParams.get('state'), 'xyz');
    assert.ok(location.searchParams.get('code'));
  });

  it('refreshes through the component\'s RefreshTokenSource and reports the rotated token', async () => {
    const rotated: string[] = [];
    const source = new RefreshTokenSource({
      token: sb.issueToken(), tenantId: sb.tenantId, clientId: sb.clientId, clientSecret: sb.clientSecret, authorityHost: sb.url,
      onRefresh: async (t) => { rotated.push(String(t.refresh_token)); },
    });
    const accessToken = await source.refresh();
    assert.equal((await new Graph(sb, accessToken).get('/me')).status, 200);
    assert.equal(rotated.length, 1);
  });

  it('lets the component see AADSTS70008 as a credential that needs re-authentication', async () => {
    const issued = sb.issueToken();
    sb.revokeRefreshToken(issued.refresh_token);
    const source = new RefreshTokenSource({
      token: issued, tenantId: sb.tenantId, clientId: sb.clientId, clientSecret: sb.clientSecret, authorityHost: sb.url,
      onRefresh: async () => undefined,
    });
    await assert.rejects(source.refresh(), (err: unknown) => err instanceof AuthError && err.needsReauth && err.aadsts.includes(70008));
  });

  it('keeps random faults away from the token endpoint unless it is named', async () => {
    sb.faults.configure({ seed: 3, rate503: 1 });
    try {
      const reply = await token(refreshForm(sb.issueToken().refresh_token));
      assert.equal(reply.status, 200);
      sb.faults.configure({ seed: 3, rate503: 1, routes: ['token'] });
      const faulted = await token(refreshForm(sb.issueToken().refresh_token));
      assert.equal(faulted.status, 503);
      assert.equal(faulted.json<IdentityError>().error, 'temporarily_unavailable');
    } finally {
      sb.faults.clear();
    }
  });

  it('lets a one-shot hang on the token endpoint leave a refresh unanswered (the client times out) and the next one succeed', async () => {
    sb.faults.next({ route: 'token', hang: true });
    const issued = sb.issueToken();
    await assert.rejects(call(`${sb.url}/${sb.tenantId}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(refreshForm(issued.refresh_token)).toString(), timeoutMs: 300,
    }), /client timeout/);
    assert.equal(sb.faults.stats().injected.oneShot >= 1, true);
    assert.equal((await token(refreshForm(issued.refresh_token))).status, 200);
  });

  it('delays a token response by a one-shot delayMs and then answers normally', async () => {
    sb.faults.next({ route: 'token', delayMs: 250 });
    const started = Date.now();
    const reply = await token(refreshForm(sb.issueToken().refresh_token));
    assert.equal(reply.status, 200);
    assert.ok(Date.now() - started >= 240, `answered after ${Date.now() - started} ms`);
  });

  it('never records client secrets or refresh tokens in the request log', async () => {
    const issued = sb.issueToken();
    await token(refreshForm(issued.refresh_token));
    const log = JSON.stringify(sb.requests);
    assert.ok(!log.includes(sb.clientSecret));
    assert.ok(!log.includes(issued.refresh_token));
  });
});
