import assert from 'node:assert/strict';
import * as path from 'node:path';
import nock from 'nock';
import verifyCredentials = require('../verifyCredentials');
import { forgetRefreshedTokens } from '../lib/platform/credentials';
import { recordingContext } from './support/context';
import {
  ACCESS_TOKEN, AUTHORITY, CLIENT_ID, CLIENT_SECRET, GRAPH, REFRESH_TOKEN, TENANT, aadError, graph, refreshedResponse, storedToken, tokenPath,
} from './support/graph';

const ENV_KEYS = ['MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'MSAPP_AUTHORITY_HOST', 'MSGRAPH_BASE_URL'] as const;
const cfg = { tenantId: TENANT, oauth: storedToken() };

/** Runs the check as the sailor does, and fails unless it rejects: a `{verified: false}` result fails too. */
async function rejection(ctx = recordingContext(), config: unknown = cfg): Promise<Error> {
  let result: unknown;
  try {
    result = await verifyCredentials.call(ctx, config);
  } catch (err) {
    assert.ok(err instanceof Error, `rejected with a non-Error: ${String(err)}`);
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET]) assert.ok(!err.message.includes(secret), `message leaks ${secret}`);
    return err;
  }
  return assert.fail(`verifyCredentials resolved with ${JSON.stringify(result)} instead of rejecting`);
}

describe('verifyCredentials', () => {
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  beforeEach(() => {
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    Object.assign(process.env, { MSAPP_CLIENT_ID: CLIENT_ID, MSAPP_CLIENT_SECRET: CLIENT_SECRET, MSAPP_AUTHORITY_HOST: AUTHORITY, MSGRAPH_BASE_URL: GRAPH });
    forgetRefreshedTokens();
  });
  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    }
    forgetRefreshedTokens();
  });

  it('the compiled root module exports the function itself (the sailor requires it and calls it)', () => {
    const loaded: unknown = require(path.join(__dirname, '..', 'verifyCredentials.js'));
    assert.equal(typeof loaded, 'function');
    assert.equal(loaded, verifyCredentials);
  });

  it('resolves {verified: true} when GET /me succeeds', async () => {
    const ctx = recordingContext();
    graph().get('/v1.0/me').query({ $select: 'id,userPrincipalName,mail' }).matchHeader('authorization', `Bearer ${ACCESS_TOKEN}`)
      .reply(200, { id: 'u1', userPrincipalName: 'adele@contoso.com' });
    assert.deepEqual(await verifyCredentials.call(ctx, cfg), { verified: true });
    assert.match(ctx.logText(), /verified for adele@contoso\.com/);
    assert.ok(!ctx.logText().includes(ACCESS_TOKEN));
  });

  it('refreshes an expired token, persists it with updateKeys and verifies', async () => {
    const ctx = recordingContext();
    graph().get('/v1.0/me').query(true).reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } })
      .get('/v1.0/me').query(true).reply(200, { id: 'u1' });
    nock(AUTHORITY).post(tokenPath()).reply(200, refreshedResponse(1));
    assert.deepEqual(await verifyCredentials.call(ctx, cfg), { verified: true });
    assert.equal(ctx.emittedOf('updateKeys').length, 1);
  });

  it('rejects with "re-authenticate" on a 401 whose refresh is refused (AADSTS700082)', async () => {
    graph().get('/v1.0/me').query(true).reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } });
    nock(AUTHORITY).post(tokenPath()).reply(400, aadError('invalid_grant', 700082, 'The refresh token has expired due to inactivity.'));
    const err = await rejection();
    assert.match(err.message, /re-authenticate/);
    assert.match(err.message, /AADSTS700082/);
  });

  it('rejects mentioning consent on 403', async () => {
    graph().get('/v1.0/me').query(true).reply(403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' } },
      { 'request-id': 'req-403' });
    const err = await rejection();
    assert.match(err.message, /consent/);
    assert.match(err.message, /ErrorAccessDenied/);
    assert.match(err.message, /req-403/);
  });

  it('names User.Read and asks to re-authenticate when a 403 comes from a token without it', async () => {
    graph().get('/v1.0/me').query(true).reply(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
    const err = await rejection(recordingContext(), { ...cfg, oauth: storedToken({ scope: 'openid Mail.ReadWrite' }) });
    assert.match(err.message, /needs the delegated permission User.Read .*not granted it.*re-authenticate the credential/);
  });

  it('verifies, but warns naming each requested permission the consent did not grant', async () => {
    graph().get('/v1.0/me').query(true).reply(200, { userPrincipalName: 'adele@contoso.com' });
    const ctx = recordingContext();
    const result = await verifyCredentials.call(ctx, { ...cfg, oauth: storedToken({ scope: 'openid User.Read Mail.ReadWrite Mail.Send Calendars.ReadWrite Contacts.ReadWrite' }) });
    assert.deepEqual(result, { verified: true });
    assert.match(ctx.logText(), /warn: The credential was not granted Mail.ReadWrite.Shared, Mail.Send.Shared, Calendars.ReadWrite.Shared, Contacts.ReadWrite.Shared, MailboxSettings.ReadWrite: /);
  });

  it('rejects naming the field when the credential has no token', async () => {
    let result: unknown;
    await assert.rejects(async () => { result = await verifyCredentials.call(recordingContext(), { tenantId: 'common' }); }, /Authentication \(oauth\)/);
    assert.equal(result, undefined);
  });

  it('rejects (never {verified: false}) when Graph keeps failing', async () => {
    graph().get('/v1.0/me').query(true).times(4).reply(503, { error: { code: 'ServiceNotAvailable', message: 'down' } }, { 'Retry-After': '0' });
    const err = await rejection();
    assert.match(err.message, /503 ServiceNotAvailable/);
  });

});
