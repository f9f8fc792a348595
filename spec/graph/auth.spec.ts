import assert from 'node:assert/strict';
import nock from 'nock';
import { AuthError, GraphError } from '../../lib/graph/errors';
import { RefreshTokenSource, StaticTokenSource } from '../../lib/graph/auth';
import {
  ACCESS_TOKEN, AUTHORITY, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, aadError, graph, recorder, refreshedResponse,
  storedToken, testClient, tokenPath,
} from '../support/graph';

const INVALID_TOKEN = { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } };
const NEW_TOKEN = refreshedResponse(1).access_token as string;

function identity(): nock.Scope {
  return nock(AUTHORITY);
}

describe('graph/auth: token refresh', () => {
  it('refreshes after a 401, replays once with the new token and hands over the whole new token response', async () => {
    const { client, clock, refreshed } = testClient({ refreshing: true });
    const token = recorder();
    graph().get('/v1.0/me').matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(401, INVALID_TOKEN)
      .get('/v1.0/me').matchHeader('authorization', `Bearer ${NEW_TOKEN}`).reply(200, { id: 'u1' });
    identity().post(tokenPath()).reply(token.reply(200, refreshedResponse(1)));

    assert.deepEqual(await client.get('/me'), { id: 'u1' });

    assert.equal(token.seen.length, 1);
    assert.match(token.seen[0].headers['content-type'], /^application\/x-www-form-urlencoded/);
    const form = Object.fromEntries(new URLSearchParams(token.seen[0].body));
    assert.deepEqual(form, {
      grant_type: 'refresh_token', refresh_token: REFRESH_TOKEN, client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
      scope: 'User.Read Mail.ReadWrite',
    });
    assert.equal(refreshed.length, 1);
    assert.deepEqual(refreshed[0], {
      ...refreshedResponse(1),
      expires_at: new Date(clock.now() + 3599_000).toISOString(),
    });
    assert.equal(client.stats.refreshes, 1);
  });

  it('posts to {authority}/{tenant}/oauth2/v2.0/token with the tenant encoded as one segment', async () => {
    const tokens = new RefreshTokenSource({
      token: storedToken(), tenantId: 'common', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
      authorityHost: 'https://login.microsoftonline.us', onRefresh: async () => undefined,
    });
    nock('https://login.microsoftonline.us').post('/common/oauth2/v2.0/token').reply(200, refreshedResponse(1));
    assert.equal(await tokens.refresh(), NEW_TOKEN);
  });

  it('keeps the previous refresh token when the endpoint returns none', async () => {
    const { tokens, refreshed } = testClient({ refreshing: true });
    const { refresh_token: _dropped, ...withoutRefresh } = refreshedResponse(1);
    identity().post(tokenPath()).reply(200, withoutRefresh);
    await tokens.refresh();
    assert.equal(refreshed[0].refresh_token, REFRESH_TOKEN);
  });

  it('fails with the 401 when the refreshed token is refused too (no loop)', async () => {
    const { client } = testClient({ refreshing: true });
    graph().get('/v1.0/me').times(2).reply(401, INVALID_TOKEN);
    identity().post(tokenPath()).reply(200, refreshedResponse(1));
    await assert.rejects(client.get('/me'), (err: unknown) => err instanceof GraphError && err.status === 401 && err.code === 'InvalidAuthenticationToken');
    assert.equal(client.stats.refreshes, 1);
    assert.equal(client.stats.requests, 2);
  });

  it('refreshes before the first request when the stored token is known to be expired', async () => {
    const { client, refreshed } = testClient({ refreshing: true, token: storedToken({ expires_at: '2026-11-23T11:30:00.000Z' }) });
    identity().post(tokenPath()).reply(200, refreshedResponse(1));
    graph().get('/v1.0/me').matchHeader('authorization', `Bearer ${NEW_TOKEN}`).reply(200, {});
    await client.get('/me');
    assert.equal(refreshed.length, 1);
    assert.equal(client.stats.requests, 1);
  });

  it('refreshes a token that expires within the next minute, not one valid for longer', async () => {
    const soon = testClient({ refreshing: true, token: storedToken({ expires_at: '2026-11-23T12:00:30.000Z' }) });
    identity().post(tokenPath()).reply(200, refreshedResponse(1));
    assert.equal(await soon.tokens.accessToken(), NEW_TOKEN);
    const later = testClient({ refreshing: true, token: storedToken({ expires_at: '2026-11-23T12:05:00.000Z' }) });
    assert.equal(await later.tokens.accessToken(), ACCESS_TOKEN);
  });

  it('shares one refresh between concurrent 401s', async () => {
    const { client, refreshed } = testClient({ refreshing: true });
    graph().get('/v1.0/me/messages/a').matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(401, INVALID_TOKEN)
      .get('/v1.0/me/messages/b').matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`).reply(401, INVALID_TOKEN)
      .get('/v1.0/me/messages/a').matchHeader('authorization', `Bearer ${NEW_TOKEN}`).reply(200, { id: 'a' })
      .get('/v1.0/me/messages/b').matchHeader('authorization', `Bearer ${NEW_TOKEN}`).reply(200, { id: 'b' });
    identity().post(tokenPath()).once().reply(200, refreshedResponse(1));
    const results = await Promise.all([client.get('/me/messages/a'), client.get('/me/messages/b')]);
    assert.deepEqual(results, [{ id: 'a' }, { id: 'b' }]);
    assert.equal(refreshed.length, 1);
  });

  it('does not refresh again for a 401 that answered a token already replaced', async () => {
    const { tokens, refreshed } = testClient({ refreshing: true });
    identity().post(tokenPath()).once().reply(200, refreshedResponse(1));
    assert.equal(await tokens.refresh(ACCESS_TOKEN), NEW_TOKEN);
    assert.equal(await tokens.refresh(ACCESS_TOKEN), NEW_TOKEN);
    assert.equal(refreshed.length, 1);
  });

  it('refreshes again when the new token itself is refused later', async () => {
    const { tokens, refreshed } = testClient({ refreshing: true });
    identity().post(tokenPath()).reply(200, refreshedResponse(1)).post(tokenPath(), (body: Record<string, string>) => body.refresh_token === refreshedResponse(1).refresh_token)
      .reply(200, refreshedResponse(2));
    await tokens.refresh(ACCESS_TOKEN);
    assert.equal(await tokens.refresh(NEW_TOKEN), refreshedResponse(2).access_token);
    assert.deepEqual(refreshed.map((t) => t.refresh_token), ['0.ARoA-ROTATED-refresh-token-1', '0.ARoA-ROTATED-refresh-token-2']);
  });

  it('does not refresh for anonymous requests', async () => {
    const { client } = testClient({ refreshing: true });
    nock('https://upload.example.test').put('/up/1').reply(401, 'no');
    await assert.rejects(client.request({ method: 'PUT', url: 'https://upload.example.test/up/1', body: 'x', anonymous: true }),
      (err: unknown) => err instanceof GraphError && err.status === 401);
  });

  it('a static token (no refresh token) answers a 401 with an AuthError asking to re-authenticate', async () => {
    const client = testClient().client;
    graph().get('/v1.0/me').reply(401, INVALID_TOKEN);
    await assert.rejects(client.get('/me'), (err: unknown) => err instanceof AuthError && /re-authenticate/.test(err.message));
    await assert.rejects(new StaticTokenSource('x').refresh(), AuthError);
  });

  describe('refusals by the token endpoint', () => {
    // The identity platform never echoes secrets; this endpoint does, so the scrubbing is proven, not assumed.
    const echo = `refresh_token=${REFRESH_TOKEN} client_secret=${CLIENT_SECRET} access_token=${ACCESS_TOKEN}`;
    const table: Array<[string, string, number, number, RegExp, boolean]> = [
      ['expired refresh token', 'invalid_grant', 70008, 400, /re-authenticate the credential/, true],
      ['inactive refresh token', 'invalid_grant', 700082, 400, /re-authenticate the credential/, true],
      ['revoked grant', 'invalid_grant', 50173, 400, /re-authenticate/, true],
      ['wrong client secret', 'invalid_client', 7000215, 401, /create a new client secret .*MSAPP_CLIENT_SECRET/, false],
      ['expired client secret', 'invalid_client', 7000222, 401, /create a new client secret .*MSAPP_CLIENT_SECRET/, false],
      ['unknown tenant', 'invalid_request', 90002, 400, /check the AD Tenant ID/, false],
      ['app not in tenant', 'unauthorized_client', 700016, 400, /check the AD Tenant ID/, false],
      ['missing consent', 'invalid_grant', 65001, 400, /consent/, true],
    ];
    for (const [what, error, code, status, advice, needsReauth] of table) {
      it(`${what} (${error} AADSTS${code}) → AuthError: ${advice.source}, without secrets`, async () => {
        const { client } = testClient({ refreshing: true });
        graph().get('/v1.0/me').reply(401, INVALID_TOKEN);
        identity().post(tokenPath()).reply(status, aadError(error, code, `Refused. ${echo}`), { 'Cache-Control': 'no-store, no-cache' });
        await assert.rejects(client.get('/me'), (err: unknown) => {
          assert.ok(err instanceof AuthError, `expected AuthError, got ${String(err)}`);
          assert.equal(err.error, error);
          assert.deepEqual(err.aadsts, [code]);
          assert.equal(err.needsReauth, needsReauth);
          assert.match(err.message, advice);
          assert.match(err.message, new RegExp(`AADSTS${code}`));
          for (const secret of [CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN]) assert.ok(!err.message.includes(secret), `message leaks ${secret}`);
          assert.ok(!err.message.includes('Trace ID'), 'only the first line of error_description is kept');
          return true;
        });
      });
    }

    it('an unreachable token endpoint → AuthError without secrets', async () => {
      const { tokens } = testClient({ refreshing: true });
      identity().post(tokenPath()).replyWithError(Object.assign(new Error(`connect ECONNREFUSED ${CLIENT_SECRET}`), { code: 'ECONNREFUSED' }));
      await assert.rejects(tokens.refresh(), (err: unknown) => err instanceof AuthError && err.error === 'token_endpoint_unreachable'
        && !err.message.includes(CLIENT_SECRET));
    });

    it('a non-JSON answer (an HTML 503 page) → AuthError naming the status, not "unreachable"', async () => {
      const { tokens } = testClient({ refreshing: true });
      identity().post(tokenPath()).reply(503, '<html>Service Unavailable</html>', { 'Content-Type': 'text/html' });
      await assert.rejects(tokens.refresh(), (err: unknown) => err instanceof AuthError && err.error === 'invalid_response'
        && err.status === 503 && /HTTP 503/.test(err.message));
    });

    it('a token response without access_token → AuthError', async () => {
      const { tokens } = testClient({ refreshing: true });
      identity().post(tokenPath()).reply(200, { token_type: 'Bearer' });
      await assert.rejects(tokens.refresh(), (err: unknown) => err instanceof AuthError && /no access_token/.test(err.message));
    });

    it('a credential without refresh token → AuthError mentioning offline_access', async () => {
      const { refresh_token: _none, ...withoutRefresh } = storedToken();
      const { tokens } = testClient({ refreshing: true, token: withoutRefresh });
      await assert.rejects(tokens.refresh(), (err: unknown) => err instanceof AuthError && /offline_access/.test(err.message));
    });

    it('a Graph error message never carries the tokens it was sent with', async () => {
      const { client } = testClient();
      graph().get('/v1.0/me').reply(403, { error: { code: 'ErrorAccessDenied', message: `Denied for ${ACCESS_TOKEN}` } });
      await assert.rejects(client.get('/me'), (err: unknown) => err instanceof GraphError && !err.message.includes(ACCESS_TOKEN)
        && err.message.includes('[redacted]'));
    });
  });

});

describe('graph/auth: a silent token endpoint', () => {
  it('fails the refresh after its timeout with an AuthError that says the identity platform did not answer', async () => {
    const tokens = new RefreshTokenSource({
      token: storedToken(), tenantId: 'common', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET,
      authorityHost: AUTHORITY, onRefresh: async () => undefined, timeoutMs: 50,
    });
    identity().post('/common/oauth2/v2.0/token').delay(2000).reply(200, refreshedResponse(1));
    await assert.rejects(tokens.refresh(), (err: unknown) => err instanceof AuthError && err.error === 'token_endpoint_timeout'
      && /did not answer in time/.test(err.message) && !err.message.includes(REFRESH_TOKEN));
    nock.abortPendingRequests();
  });
});
