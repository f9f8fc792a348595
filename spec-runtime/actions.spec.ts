import { strict as assert } from 'node:assert';
import { COMPONENT_DIR, Step } from '../dev/runtime/harness';
import { readManifest } from '../dev/runtime/manifest';
import { ACTION_CASES } from './support/actionCases';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';
import { assertNoSecretsLogged } from './support/messages';

const actions = readManifest(COMPONENT_DIR).filter((f) => f.kind === 'action');

describe('every action of component.json through the real sailor', () => {
  let graph: GraphWorld;

  before(async () => { graph = await startGraph(); });
  after(async () => { await graph?.stop(); });

  it('has a representative input for exactly the actions component.json declares', () => {
    assert.deepEqual(Object.keys(ACTION_CASES).sort(), actions.map((a) => a.key).sort(),
      'keep spec-runtime/support/actionCases.ts in step with the actions of component.json');
  });

  for (const action of actions) {
    const example = ACTION_CASES[action.key];
    if (!example) continue;
    describe(action.key, () => {
      let step: Step;
      let account: ReturnType<GraphWorld['account']>;

      before(async () => {
        account = graph.account();
        step = await runtime().step({ function: action.key, fields: example.fields?.(graph), account, env: graph.env });
      });
      after(async () => { await step?.close(); });

      it('emits the expected output for a representative input', async () => {
        const run = await step.execute(example.body(graph));
        assert.deepEqual(run.errors, []);
        assert.equal(run.outcome, 'ack');
        example.verify(run.data, graph);
      });

      it('ends a Graph error as one readable error and nothing on the data queue', async () => {
        const refused = (): number => graph.sandbox.requests.filter((r) => r.route === example.failingRoute && r.status === 403).length;
        const before = refused();
        graph.sandbox.faults.next({ route: example.failingRoute, status: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' });
        const run = await step.execute(example.body(graph));
        assert.equal(refused(), before + 1, `the sandbox never refused ${example.failingRoute}`);
        assert.equal(run.outcome, 'reject');
        assert.deepEqual(run.data, []);
        assert.equal(run.errors.length, 1);
        assert.match(run.errors[0].message ?? '', /ErrorAccessDenied/);
        assert.doesNotMatch(run.errors[0].message ?? '', /\[object Object\]/);
        assertNoSecretsLogged(step, [account.oauth.access_token, account.oauth.refresh_token, graph.sandbox.clientSecret]);
        assert.ok(!JSON.stringify(run.errors).includes(account.oauth.access_token), 'the access token is in the error');
      });

      it('hands the input back to the platform (rebound) when Graph throttles longer than the execution may wait', async () => {
        graph.sandbox.faults.next({ route: example.failingRoute, status: 429, code: 'TooManyRequests', retryAfter: '3600' });
        const run = await step.execute(example.body(graph));
        assert.equal(run.outcome, 'ack');
        assert.deepEqual(run.errors, []);
        assert.deepEqual(run.data, []);
        assert.equal(run.rebounds.length, 1, 'the input is on the rebound queue');
        assert.equal(run.rebounds[0].headers.reboundIteration, 1);
        assert.match(String(run.rebounds[0].headers.reboundReason), /TooManyRequests/);
      });
    });
  }
});
