import { strict as assert } from 'node:assert';
import { randomBytes } from 'crypto';
import { COMPONENT_DIR } from '../dev/runtime/harness';
import { readManifest } from '../dev/runtime/manifest';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';

const models = readManifest(COMPONENT_DIR).flatMap((f) => f.models.map((m) => ({ function: f.key, ...m })));

/** Extra checks per model function; every model must at least answer a non-empty `{value: label}` map. */
const CHECKS: Record<string, (model: Record<string, string>, graph: GraphWorld) => void> = {
  getFolders(model, graph) {
    assert.equal(model[graph.sandbox.store.folderId('inbox')], 'Inbox');
  },
};

function asModel(data: unknown): Record<string, string> {
  assert.ok(typeof data === 'object' && data !== null && !Array.isArray(data), `not an object: ${JSON.stringify(data)}`);
  const entries = Object.entries(data as Record<string, unknown>);
  assert.ok(entries.length > 0, 'the model is empty');
  for (const [value, label] of entries) assert.equal(typeof label, 'string', `label of ${value} is not a string`);
  return data as Record<string, string>;
}

describe('select models through runService.js selectModel', () => {
  let graph: GraphWorld;

  before(async () => { graph = await startGraph(); });
  after(async () => { await graph?.stop(); });

  it('component.json has select models, getFolders among them', () => {
    assert.ok(models.some((m) => m.method === 'getFolders'), `models found: ${JSON.stringify(models)}`);
  });

  for (const model of models) {
    it(`${model.function} → ${model.field} (${model.method}) posts a {value: label} model`, async () => {
      const run = await runtime().service({
        method: 'selectModel', cfg: graph.account(), function: model.function, modelMethod: model.method, env: graph.env,
      });
      assert.equal(run.result.status, 'success', JSON.stringify(run.result.data));
      CHECKS[model.method]?.(asModel(run.result.data), graph);
    });
  }

  it('hands a token refreshed by a select model to the platform as PUT /v1/accounts/{id}', async () => {
    const model = models.find((m) => m.method === 'getFolders');
    assert.ok(model);
    const accountId = `account-${randomBytes(4).toString('hex')}`;
    const account = graph.account();
    const stale = { ...account, oauth: { ...account.oauth, access_token: 'eyJ0.stale.token' } };
    runtime().platform.setAccount(accountId, stale);
    const run = await runtime().service({
      method: 'selectModel', cfg: { ...stale, _account: accountId }, function: model.function, modelMethod: model.method, env: graph.env,
    });
    assert.equal(run.result.status, 'success', JSON.stringify(run.result.data));
    const updates = runtime().platform.accountUpdates.filter((u) => u.accountId === accountId);
    assert.equal(updates.length, 1);
    const oauth = updates[0].keys.oauth as { access_token?: string; refresh_token?: string };
    assert.notEqual(oauth.access_token, 'eyJ0.stale.token');
    assert.notEqual(oauth.refresh_token, account.oauth.refresh_token, 'the refresh token did not rotate');
  });

  it('posts status "error" with a readable message when Graph refuses', async () => {
    const model = models.find((m) => m.method === 'getFolders');
    assert.ok(model);
    graph.sandbox.faults.next({ route: 'listMailFolders', status: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' });
    const run = await runtime().service({ method: 'selectModel', cfg: graph.account(), function: model.function, modelMethod: model.method, env: graph.env });
    assert.equal(run.result.status, 'error');
    assert.match((run.result.data as { message?: string }).message ?? '', /ErrorAccessDenied/);
  });
});
