import { strict as assert } from 'node:assert';
import { Step } from '../dev/runtime/harness';
import { GraphWorld, graphRequests, isBearerOf, startGraph } from './support/graph';
import { runtime } from './support/hooks';
import { assertNoSecretsLogged } from './support/messages';

interface OAuthKeys { access_token: string; refresh_token: string }

function oauthOf(keys: Record<string, unknown> | undefined): OAuthKeys {
  const oauth = keys?.oauth as Partial<OAuthKeys> | undefined;
  assert.ok(oauth && typeof oauth.access_token === 'string' && typeof oauth.refresh_token === 'string', 'no oauth keys');
  return oauth as OAuthKeys;
}

describe('token refresh through the real sailor', () => {
  let graph: GraphWorld;
  let step: Step;
  let original: OAuthKeys;
  const updates = (): { keys: Record<string, unknown> }[] => runtime().platform.accountUpdates.filter((u) => u.accountId === step.accountId);

  before(async () => {
    graph = await startGraph({ demo: false });
    for (let i = 0; i < 5; i += 1) graph.sandbox.store.addMessage('inbox', { subject: `Before refresh ${i}` });
    const account = graph.account();
    original = account.oauth;
    // The stored access token has expired since the credential was saved: Graph answers 401 to the first call.
    const keys = { ...account, oauth: { ...account.oauth, access_token: 'eyJ0.expired.access-token' } };
    step = await runtime().step({ function: 'readMail', fields: { folderId: graph.sandbox.store.folderId('inbox') }, account: keys, env: graph.env });
  });
  after(async () => {
    await step?.close();
    await graph?.stop();
  });

  it('refreshes after a 401 and reaches the platform as PUT /v1/accounts/{id} with the whole new token', async () => {
    const run = await step.execute();
    assert.deepEqual(run.errors, []);
    assert.equal(run.data.length, 5);
    assert.equal(updates().length, 1);
    const fresh = oauthOf(updates()[0].keys);
    assert.notEqual(fresh.refresh_token, original.refresh_token, 'the refresh token did not rotate');
    assert.equal(oauthOf(step.accountKeys).access_token, fresh.access_token);
  });

  it('uses the new token on the next execution of the same process, without refreshing again', async () => {
    const fresh = oauthOf(updates()[0].keys);
    const from = graph.sandbox.requests.length;
    graph.sandbox.store.addMessage('inbox', { subject: 'After refresh' });
    const run = await step.execute();
    assert.equal(run.data.length, 1);
    const requests = graphRequests(graph.sandbox, from);
    assert.ok(requests.length > 0);
    for (const r of requests) assert.ok(isBearerOf(r.headers.authorization, fresh.access_token), `${r.path} did not use the new token`);
    assert.equal(updates().length, 1);
  });

  it('uses the keys from the platform after a restart, even with the old refresh token revoked', async () => {
    const fresh = oauthOf(updates()[0].keys);
    graph.sandbox.revokeRefreshToken(original.refresh_token);
    await step.restart();
    const from = graph.sandbox.requests.length;
    graph.sandbox.store.addMessage('inbox', { subject: 'After restart' });
    const run = await step.execute();
    assert.deepEqual(run.errors, []);
    assert.equal(run.data.length, 1);
    const first = graphRequests(graph.sandbox, from)[0];
    assert.ok(isBearerOf(first?.headers.authorization, fresh.access_token), 'the restarted sailor did not start with the new token');
    assertNoSecretsLogged(step, [original.refresh_token, fresh.access_token, fresh.refresh_token, graph.sandbox.clientSecret]);
  });

  it('keeps going when the token expires in the middle of an execution', async () => {
    // Each access token serves one Graph request; attachments make several requests per mail.
    const local = await startGraph({ demo: false, tokenMaxRequests: 1 });
    for (let i = 0; i < 3; i += 1) {
      local.sandbox.store.addMessage('inbox', {
        subject: `Invoice ${i}`, attachments: [{ name: `invoice-${i}.pdf`, contentType: 'application/pdf', content: Buffer.from(`%PDF-1.4 invoice ${i}`) }],
      });
    }
    const drain = await runtime().step({
      function: 'readMail', fields: { folderId: local.sandbox.store.folderId('inbox'), getAttachment: true }, account: local.account(), env: local.env,
    });
    try {
      const run = await drain.execute();
      assert.deepEqual(run.errors, []);
      assert.equal(run.data.length, 3);
      for (const message of run.data) {
        const attachments = (message.body as { attachments?: { url?: string }[] }).attachments ?? [];
        assert.equal(attachments.length, 1);
        assert.ok(attachments[0].url?.startsWith(local.sandbox.url), `attachment not in object storage: ${attachments[0].url}`);
      }
      assert.equal(local.sandbox.objects.count(), 3);
      const puts = runtime().platform.accountUpdates.filter((u) => u.accountId === drain.accountId);
      assert.ok(puts.length >= 2, `only ${puts.length} refreshed keys reached the platform`);
      assert.equal(oauthOf(drain.accountKeys).access_token, oauthOf(puts[puts.length - 1].keys).access_token);
    } finally {
      await drain.close();
      await local.stop();
    }
  });
});
