import assert from 'node:assert/strict';
import nock from 'nock';
import { ConfigurationError } from '../../lib/outlook/errors';
import { forgetRefreshedTokens, graphClientFor, hostsOf, readCredentials } from '../../lib/platform/credentials';
import { settings } from '../../lib/platform/settings';
import { fakeClock } from '../support/clock';
import { recordingContext } from '../support/context';
import {
  ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, GRAPH, REFRESH_TOKEN, TENANT, graph, recorder, refreshedResponse, storedToken, tokenPath,
} from '../support/graph';

const AUTHORITY_HOST = 'https://login.sovereign.example.test';
const ENV_KEYS = ['MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'MSAPP_AUTHORITY_HOST', 'MSGRAPH_BASE_URL'] as const;
const INVALID_TOKEN = { error: { code: 'InvalidAuthenticationToken', message: 'expired' } };

function cfg(oauth = storedToken()): Record<string, unknown> {
  return { tenantId: TENANT, oauth, _account: 'acc-1', mailbox: '' };
}

describe('platform/credentials', () => {
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  beforeEach(() => {
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    process.env.MSAPP_CLIENT_ID = CLIENT_ID;
    process.env.MSAPP_CLIENT_SECRET = CLIENT_SECRET;
    process.env.MSAPP_AUTHORITY_HOST = `${AUTHORITY_HOST}/`;
    process.env.MSGRAPH_BASE_URL = GRAPH;
    forgetRefreshedTokens();
  });
  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    }
    forgetRefreshedTokens();
  });

  describe('readCredentials', () => {
    const missing: Array<[string, unknown]> = [
      ['no cfg', undefined],
      ['a cfg that is not an object', 'oauth'],
      ['no oauth', { tenantId: 'common' }],
      ['oauth as a string', { oauth: ACCESS_TOKEN }],
      ['oauth without access_token', { oauth: { refresh_token: REFRESH_TOKEN } }],
      ['an empty access_token', { oauth: { access_token: '' } }],
    ];
    for (const [what, value] of missing) {
      it(`${what} → ConfigurationError naming the Authentication field`, () => {
        assert.throws(() => readCredentials(value),
          (err: unknown) => err instanceof ConfigurationError && err.field === 'Authentication (oauth)' && /authenticate the credential/.test(err.message));
      });
    }

    const tenants: Array<[unknown, string]> = [[' contoso.com ', 'contoso.com'], ['organizations', 'organizations'], ['common', 'common']];
    for (const [tenantId, expected] of tenants) {
      it(`tenant ${JSON.stringify(tenantId)} → ${expected}`, () => {
        const creds = readCredentials({ tenantId, oauth: { access_token: 'a' } });
        assert.equal(creds.kind === 'delegated' && creds.tenantId, expected);
      });
    }
    for (const tenantId of [undefined, '', '  ', 42]) {
      it(`tenant ${JSON.stringify(tenantId)} → ConfigurationError naming the tenant field, never a silent "common"`, () => {
        assert.throws(() => readCredentials({ tenantId, oauth: { access_token: 'a' } }),
          (err: unknown) => err instanceof ConfigurationError && err.field === 'AD Tenant ID (tenantId)' && /"common"/.test(err.message));
      });
    }
  });

  describe('graphClientFor', () => {
    it('needs MSAPP_CLIENT_ID and MSAPP_CLIENT_SECRET to refresh, and says so before any request', () => {
      for (const k of ['MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET'] as const) {
        const value = process.env[k];
        delete process.env[k];
        assert.throws(() => graphClientFor(recordingContext(), cfg()),
          (err: unknown) => err instanceof ConfigurationError && /MSAPP_CLIENT_ID \/ MSAPP_CLIENT_SECRET/.test(err.field));
        process.env[k] = value;
      }
    });

    it('works with an access token alone (no refresh token, no MSAPP_* needed)', async () => {
      delete process.env.MSAPP_CLIENT_ID;
      delete process.env.MSAPP_CLIENT_SECRET;
      graph().get('/v1.0/me').matchHeader('authorization', 'Bearer only-access').reply(200, { id: 'u' });
      assert.deepEqual(await graphClientFor(recordingContext(), { tenantId: 'common', oauth: { access_token: 'only-access' } }).get('/me'), { id: 'u' });
    });

    it('refreshes at MSAPP_AUTHORITY_HOST/{tenant}/oauth2/v2.0/token and emits updateKeys with every key of the credential', async () => {
      const ctx = recordingContext();
      const clock = fakeClock();
      const token = recorder();
      graph().get('/v1.0/me').reply(401, INVALID_TOKEN)
        .get('/v1.0/me').matchHeader('authorization', `Bearer ${refreshedResponse(1).access_token as string}`).reply(200, { id: 'u' });
      nock(AUTHORITY_HOST).post(tokenPath()).reply(token.reply(200, refreshedResponse(1)));

      await graphClientFor(ctx, cfg(), { clock }).get('/me');

      const form = new URLSearchParams(token.seen[0].body);
      assert.equal(form.get('grant_type'), 'refresh_token');
      assert.equal(form.get('refresh_token'), REFRESH_TOKEN);
      assert.equal(form.get('client_id'), CLIENT_ID);
      assert.equal(form.get('client_secret'), CLIENT_SECRET);
      // The tenant goes along: whether the platform merges or replaces the keys is not documented.
      assert.deepEqual(ctx.emittedOf('updateKeys'), [{
        tenantId: TENANT,
        oauth: { ...refreshedResponse(1), expires_at: new Date(clock.now() + 3599_000).toISOString() },
      }]);
      assert.ok(ctx.logs.every((l) => l.wasString));
      for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, refreshedResponse(1).access_token as string, refreshedResponse(1).refresh_token as string]) {
        assert.ok(!ctx.logText().includes(secret), `a log line carries ${secret}`);
      }
    });

    it('a second execution with the original cfg uses the rotated token without refreshing again', async () => {
      const first = recordingContext();
      graph().get('/v1.0/me').reply(401, INVALID_TOKEN).get('/v1.0/me').reply(200, {});
      nock(AUTHORITY_HOST).post(tokenPath()).once().reply(200, refreshedResponse(1));
      await graphClientFor(first, cfg(), { clock: fakeClock() }).get('/me');

      const second = recordingContext();
      graph().get('/v1.0/me').matchHeader('authorization', `Bearer ${refreshedResponse(1).access_token as string}`).reply(200, { id: 'u' });
      assert.deepEqual(await graphClientFor(second, cfg(), { clock: fakeClock() }).get('/me'), { id: 'u' });
      assert.deepEqual(second.emittedOf('updateKeys'), []);
    });

    it('refreshes a cached token that expired with its rotated refresh token, not the original one', async () => {
      graph().get('/v1.0/me').reply(401, INVALID_TOKEN).get('/v1.0/me').reply(200, {});
      nock(AUTHORITY_HOST).post(tokenPath()).reply(200, refreshedResponse(1));
      await graphClientFor(recordingContext(), cfg(), { clock: fakeClock() }).get('/me');

      const later = fakeClock({ start: '2026-11-23T14:00:00Z' });
      const ctx = recordingContext();
      nock(AUTHORITY_HOST).post(tokenPath(), (body: Record<string, string>) => body.refresh_token === refreshedResponse(1).refresh_token)
        .reply(200, refreshedResponse(2));
      graph().get('/v1.0/me').matchHeader('authorization', `Bearer ${refreshedResponse(2).access_token as string}`).reply(200, {});
      await graphClientFor(ctx, cfg(), { clock: later }).get('/me');
      assert.equal(ctx.emittedOf('updateKeys').length, 1);
    });

    it('keeps the cache per credential: another refresh token does not see the rotated token', async () => {
      graph().get('/v1.0/me').reply(401, INVALID_TOKEN).get('/v1.0/me').reply(200, {});
      nock(AUTHORITY_HOST).post(tokenPath()).reply(200, refreshedResponse(1));
      await graphClientFor(recordingContext(), cfg(), { clock: fakeClock() }).get('/me');

      graph().get('/v1.0/me').matchHeader('authorization', 'Bearer other-access').reply(200, {});
      await graphClientFor(recordingContext(), cfg(storedToken({ access_token: 'other-access', refresh_token: 'other-refresh-token' })), { clock: fakeClock() }).get('/me');
    });

    it('works without a context (hooks have no emit): refreshes in memory only', async () => {
      graph().get('/v1.0/me').reply(401, INVALID_TOKEN).get('/v1.0/me').reply(200, {});
      nock(AUTHORITY_HOST).post(tokenPath()).reply(200, refreshedResponse(1));
      await graphClientFor(undefined, cfg(), { clock: fakeClock() }).get('/me');
    });

    it('passes the retry policy and clock through to the transport', async () => {
      const clock = fakeClock();
      graph().get('/v1.0/me').reply(503, {}).get('/v1.0/me').reply(200, {});
      await graphClientFor(recordingContext(), cfg(), { clock, retryPolicy: { baseDelayMs: 100 } }).get('/me');
      assert.deepEqual(clock.sleeps, [50]);
    });
  });

  describe('settings', () => {
    it('leaves the hosts to the credential\'s cloud unless overridden, and trims trailing slashes', () => {
      assert.deepEqual(settings({}), {
        graphBaseUrl: undefined, authorityHost: undefined, clientId: undefined, clientSecret: undefined, objectStorageUri: undefined,
        objectStorageToken: undefined, flowType: undefined, stepId: undefined, apiUri: undefined, apiUsername: undefined, apiKey: undefined, workspaceId: undefined,
        flowId: undefined, flowWebhookUri: undefined, messageKey: undefined,
      });
      assert.deepEqual(hostsOf('global', settings({})), { graph: 'https://graph.microsoft.com', login: 'https://login.microsoftonline.com' });
      assert.deepEqual(hostsOf('usgovdod', settings({})), { graph: 'https://dod-graph.microsoft.us', login: 'https://login.microsoftonline.us' });
      assert.deepEqual(hostsOf('china', settings({ MSGRAPH_BASE_URL: 'http://127.0.0.1:9' })), { graph: 'http://127.0.0.1:9', login: 'https://login.chinacloudapi.cn' });
      const s = settings({ MSGRAPH_BASE_URL: 'http://127.0.0.1:3000//', MSAPP_AUTHORITY_HOST: 'https://login.microsoftonline.us/', ELASTICIO_OBJECT_STORAGE_URI: 'http://maester/' });
      assert.equal(s.graphBaseUrl, 'http://127.0.0.1:3000');
      assert.equal(s.authorityHost, 'https://login.microsoftonline.us');
      assert.equal(s.objectStorageUri, 'http://maester');
      assert.equal(settings({ ELASTICIO_STEP_ID: 'step_3' }).stepId, 'step_3');
    });

    it('treats empty variables as unset', () => {
      const s = settings({ MSAPP_CLIENT_ID: '', MSAPP_CLIENT_SECRET: '', MSGRAPH_BASE_URL: '' });
      assert.equal(s.clientId, undefined);
      assert.equal(s.clientSecret, undefined);
      assert.equal(s.graphBaseUrl, undefined);
      assert.equal(hostsOf('global', s).graph, 'https://graph.microsoft.com');
    });
  });
});
