/** The two other ways to sign in: an application (client credentials, secret or certificate) and the platform's secrets. */
import assert from 'node:assert/strict';
import { X509Certificate, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import nock from 'nock';
import { AuthError } from '../../lib/graph/errors';
import { ConfigurationError, OutlookError } from '../../lib/outlook/errors';
import { forgetRefreshedTokens, graphClientFor, readCredentials } from '../../lib/platform/credentials';
import * as readMail from '../../lib/functions/mail/readMail';
import * as findNextAvailableTime from '../../lib/functions/calendar/findNextAvailableTime';
import verifyCredentials = require('../../verifyCredentials');
import { recordingContext } from '../support/context';

const PEM = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'test-app-certificate.pem'), 'utf8');
const TENANT = 'contoso.onmicrosoft.com';
const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const APP = { authType: 'application', tenantId: TENANT, clientId: 'app-client-id-0001', clientSecret: 'app~SECRET~value-0123456789' };
const ENV_KEYS = ['MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'ELASTICIO_API_URI', 'ELASTICIO_API_USERNAME', 'ELASTICIO_API_KEY', 'ELASTICIO_WORKSPACE_ID'];

function tokenEndpoint(tenant = TENANT, host = LOGIN): nock.Interceptor {
  return nock(host).post(`/${tenant}/oauth2/v2.0/token`);
}

describe('application and platform-secret sign-in', () => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const k of ENV_KEYS) { saved[k] = process.env[k]; delete process.env[k]; }
    forgetRefreshedTokens();
  });
  afterEach(() => {
    for (const k of ENV_KEYS) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    forgetRefreshedTokens();
  });

  describe('application (client credentials)', () => {
    it('gets an app-only token with the secret for {graph}/.default and reuses it in the container until near expiry', async () => {
      let form: URLSearchParams | undefined;
      tokenEndpoint().once().reply(200, (_uri, body) => { form = new URLSearchParams(String(body)); return { token_type: 'Bearer', expires_in: 3599, access_token: 'app-token-1' }; });
      nock(GRAPH).get('/v1.0/users/ops%40contoso.com').times(2).matchHeader('authorization', 'Bearer app-token-1').reply(200, { id: 'u' });
      await graphClientFor(recordingContext(), APP).get('/users/ops%40contoso.com');
      await graphClientFor(recordingContext(), APP).get('/users/ops%40contoso.com');
      assert.equal(form?.get('grant_type'), 'client_credentials');
      assert.equal(form?.get('scope'), 'https://graph.microsoft.com/.default');
      assert.equal(form?.get('client_id'), APP.clientId);
      assert.equal(form?.get('client_secret'), APP.clientSecret);
    });

    it('signs a client assertion with the certificate instead of sending a secret', async () => {
      let form: URLSearchParams | undefined;
      tokenEndpoint().reply(200, (_uri, body) => { form = new URLSearchParams(String(body)); return { expires_in: 3599, access_token: 'app-token-2' }; });
      nock(GRAPH).get('/v1.0/users/a%40contoso.com').reply(200, {});
      await graphClientFor(recordingContext(), { ...APP, clientSecret: '', certificate: PEM }).get('/users/a%40contoso.com');
      assert.equal(form?.get('client_secret'), null);
      assert.equal(form?.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      const [header, claims, signature] = String(form?.get('client_assertion')).split('.');
      const cert = new X509Certificate(PEM);
      const h = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
      const c = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
      assert.equal(h.alg, 'RS256');
      assert.equal(h.x5t, Buffer.from(cert.fingerprint.replace(/:/g, ''), 'hex').toString('base64url'));
      assert.deepEqual([c.aud, c.iss, c.sub], [`${LOGIN}/${TENANT}/oauth2/v2.0/token`, APP.clientId, APP.clientId]);
      assert.ok(verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), cert.publicKey, Buffer.from(signature, 'base64url')));
    });

    it('uses the national cloud\'s identity platform and Graph', async () => {
      tokenEndpoint(TENANT, 'https://login.microsoftonline.us').reply(200, (_uri, body) => {
        assert.equal(new URLSearchParams(String(body)).get('scope'), 'https://dod-graph.microsoft.us/.default');
        return { expires_in: 3599, access_token: 't' };
      });
      nock('https://dod-graph.microsoft.us').get('/v1.0/users/a%40contoso.com').reply(200, {});
      await graphClientFor(recordingContext(), { ...APP, cloud: 'usgovdod' }).get('/users/a%40contoso.com');
    });

    it('refuses the multi-tenant aliases, an unknown cloud and a missing secret before any request, naming the field', () => {
      for (const tenantId of ['common', 'organizations', 'consumers']) {
        assert.throws(() => readCredentials({ ...APP, tenantId }), (e: unknown) => e instanceof ConfigurationError && e.field === 'AD Tenant ID (tenantId)');
      }
      assert.throws(() => readCredentials({ ...APP, cloud: 'mars' }), (e: unknown) => e instanceof ConfigurationError && e.field === 'Cloud (cloud)');
      assert.throws(() => graphClientFor(recordingContext(), { ...APP, clientSecret: '' }), (e: unknown) => e instanceof ConfigurationError && e.field === 'Client Secret (clientSecret)');
      assert.throws(() => readCredentials({ ...APP, certificate: 'not a pem' }), (e: unknown) => e instanceof ConfigurationError && e.field === 'Certificate (certificate)');
    });

    it('explains a refused secret without repeating it', async () => {
      tokenEndpoint().reply(401, { error: 'invalid_client', error_codes: [7000215], error_description: `AADSTS7000215: Invalid client secret provided. ${APP.clientSecret}` });
      await assert.rejects(graphClientFor(recordingContext(), APP).get('/users/a%40contoso.com'), (e: unknown) => e instanceof AuthError
        && /^Getting an app-only token refused: invalid_client \(AADSTS7000215\); the client secret is wrong or expired/.test(e.message) && !e.message.includes(APP.clientSecret));
    });

    it('requires a mailbox in every function before any request (an app-only token has no /me)', async () => {
      const ctx = Object.assign(recordingContext(), { clock: undefined });
      await assert.rejects(readMail.process.call(ctx, { id: 't', body: {} }, { ...APP, folderId: 'inbox' }, {}),
        (e: unknown) => e instanceof ConfigurationError && e.field === 'Mailbox (mailbox)' && /application sign-in/.test(e.message));
    });

    it('refuses a function Graph offers to signed-in users only', async () => {
      await assert.rejects(findNextAvailableTime.process.call(recordingContext(), { id: 't', body: { mailbox: 'a@contoso.com' } }, APP),
        (e: unknown) => e instanceof ConfigurationError && /findMeetingTimes.*signed-in user only/.test(e.message));
    });

    it('verifies by reading the Inbox of the named mailbox, explaining an access policy on 403', async () => {
      tokenEndpoint().reply(200, { expires_in: 3599, access_token: 'app-token-3' });
      nock(GRAPH).get('/v1.0/users/ops%40contoso.com/mailFolders/inbox').query(true)
        .reply(403, { error: { code: 'ErrorAccessDenied', message: 'Access to OData is disabled.' } });
      const ctx = recordingContext();
      await assert.rejects(verifyCredentials.call(ctx, { ...APP, verifyMailbox: 'ops@contoso.com' }),
        (e: unknown) => e instanceof OutlookError && /application permission Mail.Read or Mail.ReadWrite.*application access policy/.test(e.message));
      await assert.rejects(verifyCredentials.call(ctx, APP), (e: unknown) => e instanceof ConfigurationError && e.field === 'Mailbox to Verify (verifyMailbox)');
    });
  });

  describe('the platform\'s secrets (cfg.secretId)', () => {
    const API = 'https://api.elastic.example';
    const secret = (token: string): Record<string, unknown> => ({ data: { id: 's1', type: 'secret', attributes: { credentials: { access_token: token } } } });
    beforeEach(() => Object.assign(process.env, { ELASTICIO_API_URI: API, ELASTICIO_API_USERNAME: 'task-user', ELASTICIO_API_KEY: 'api-key-secret-42', ELASTICIO_WORKSPACE_ID: 'ws1' }));

    it('reads the token from the secrets API, and refreshes it there after a 401', async () => {
      nock(API).get('/v2/workspaces/ws1/secrets/s1').basicAuth({ user: 'task-user', pass: 'api-key-secret-42' }).reply(200, secret('old'));
      // The refresh answer's `data` has been documented as an array (elasticio/api-docs); both shapes are read.
      nock(API).post('/v2/workspaces/ws1/secrets/s1/refresh').reply(200, { data: [{ id: 's1', attributes: { credentials: { access_token: 'new' } } }] });
      nock(GRAPH).get('/v1.0/me').matchHeader('authorization', 'Bearer old').reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } })
        .get('/v1.0/me').matchHeader('authorization', 'Bearer new').reply(200, { id: 'u' });
      const ctx = recordingContext();
      assert.deepEqual(await graphClientFor(ctx, { secretId: 's1' }).get('/me'), { id: 'u' });
      assert.deepEqual(ctx.emittedOf('updateKeys'), [], 'the platform keeps the token: nothing to hand back');
    });

    it('says what is wrong when the platform holds no token', async () => {
      nock(API).get('/v2/workspaces/ws1/secrets/s1').reply(404, { errors: [{ title: 'Not found' }] });
      await assert.rejects(graphClientFor(recordingContext(), { secretId: 's1' }).get('/me'),
        (e: unknown) => e instanceof AuthError && /^Getting the token from the platform refused: secret_refused/.test(e.message) && !e.message.includes('api-key-secret-42'));
    });
  });
});
