import { strict as assert } from 'node:assert';
import { COMPONENT_DIR, Step } from '../dev/runtime/harness';
import { readManifest } from '../dev/runtime/manifest';
import { FUNCTIONS } from '../lib/functions/registry';
import { sampleOf } from '../dev/runner/samples';
import { ACTION_CASES, ActionCase, genericCase } from './support/actionCases';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';
import { assertNoSecretsLogged } from './support/messages';

const actions = readManifest(COMPONENT_DIR).filter((f) => f.kind === 'action');

describe('every action of component.json through the real sailor', () => {
  let graph: GraphWorld;

  before(async () => { graph = await startGraph(); });
  after(async () => { await graph?.stop(); });

  it('runs exactly the actions component.json declares, each with its own case or its definition\'s example', () => {
    const defined = FUNCTIONS.filter((d) => d.kind === 'action').map((d) => d.key).sort();
    assert.deepEqual(actions.map((a) => a.key).sort(), defined);
    for (const key of Object.keys(ACTION_CASES)) assert.ok(defined.includes(key), `actionCases.ts has a case for ${key}, which is no action`);
  });

  for (const action of actions) {
    const def = FUNCTIONS.find((d) => d.key === action.key);
    const example: ActionCase | undefined = ACTION_CASES[action.key] ?? (def && genericCase(def, sampleOf));
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
        const refused = (): number => graph.sandbox.requests.filter((r) => (example.failingRoute === '*' || r.route === example.failingRoute) && r.status === 403).length;
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
