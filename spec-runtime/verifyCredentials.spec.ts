import { strict as assert } from 'node:assert';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';

describe('verifyCredentials through runService.js', () => {
  let graph: GraphWorld;

  before(async () => { graph = await startGraph({ demo: false }); });
  after(async () => { await graph?.stop(); });

  it('posts {verified: true} to the result URL for a valid credential', async () => {
    const account = graph.account();
    const before = graph.sandbox.counters().me ?? 0;
    const run = await runtime().service({ method: 'verifyCredentials', cfg: account, env: graph.env });
    assert.deepEqual(run.result, { status: 'success', data: { verified: true } });
    assert.equal(run.exit.code, 0);
    assert.equal(graph.sandbox.counters().me, before + 1, 'verifyCredentials did not call GET /me');
    assert.ok(!run.sailor.logText().includes(account.oauth.access_token), 'the access token appears in the log');
  });

  it('posts {verified: false} with a readable reason for a revoked credential', async () => {
    const account = graph.account();
    graph.sandbox.revokeRefreshToken(account.oauth.refresh_token);
    const cfg = { ...account, oauth: { ...account.oauth, access_token: 'eyJ0.expired.token' } };
    const run = await runtime().service({ method: 'verifyCredentials', cfg, env: graph.env });
    assert.equal(run.result.status, 'success');
    const data = run.result.data as { verified: boolean; reason?: string };
    assert.equal(data.verified, false);
    assert.match(data.reason ?? '', /invalid_grant.*70008|70008.*invalid_grant/);
    assert.ok(!run.sailor.logText().includes(account.oauth.refresh_token), 'the refresh token appears in the log');
    assert.ok(!(data.reason ?? '').includes(account.oauth.refresh_token), 'the refresh token appears in the reason');
  });

  it('posts {verified: false} when the component environment lacks the app secret', async () => {
    const account = graph.account();
    const cfg = { ...account, oauth: { ...account.oauth, access_token: 'eyJ0.expired.token' } };
    const run = await runtime().service({ method: 'verifyCredentials', cfg, env: { ...graph.env, MSAPP_CLIENT_SECRET: '' } });
    const data = run.result.data as { verified: boolean; reason?: string };
    assert.equal(data.verified, false);
    assert.match(data.reason ?? '', /MSAPP_CLIENT_SECRET/);
  });
});
