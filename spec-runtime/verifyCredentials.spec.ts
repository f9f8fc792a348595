import { strict as assert } from 'node:assert';
import { runtime } from './support/hooks';
import { StubGraph, startStubGraph } from './support/stubGraph';

describe('verifyCredentials through runService.js', () => {
  let graph: StubGraph;
  let env: Record<string, string>;

  before(async () => {
    graph = await startStubGraph();
    env = { MSGRAPH_BASE_URL: graph.url, MSAPP_AUTHORITY_HOST: graph.url, MSAPP_CLIENT_ID: graph.clientId, MSAPP_CLIENT_SECRET: graph.clientSecret };
  });
  after(async () => { await graph.stop(); });

  it('posts {verified: true} to the result URL for a valid credential', async () => {
    const oauth = graph.issueToken();
    const run = await runtime().service({ method: 'verifyCredentials', cfg: { tenantId: graph.tenantId, oauth }, env });
    assert.deepEqual(run.result, { status: 'success', data: { verified: true } });
    assert.equal(run.exit.code, 0);
    assert.ok(graph.requests.includes('GET /v1.0/me'));
    assert.ok(!run.sailor.logText().includes(oauth.access_token), 'the access token appears in the log');
  });

  it('posts {verified: false} with a readable reason for a revoked credential', async () => {
    const oauth = { ...graph.issueToken(), access_token: 'revoked', refresh_token: 'unknown-refresh-token' };
    const run = await runtime().service({ method: 'verifyCredentials', cfg: { tenantId: graph.tenantId, oauth }, env });
    assert.equal(run.result.status, 'success');
    const data = run.result.data as { verified: boolean; reason?: string };
    assert.equal(data.verified, false);
    assert.match(data.reason ?? '', /invalid_grant|70008/);
    assert.ok(!run.sailor.logText().includes('unknown-refresh-token'), 'the refresh token appears in the log');
  });
});
