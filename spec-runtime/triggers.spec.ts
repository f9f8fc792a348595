import { strict as assert } from 'node:assert';
import { COMPONENT_DIR, Step } from '../dev/runtime/harness';
import { readManifest } from '../dev/runtime/manifest';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';
import { TRIGGER_CASES } from './support/triggerCases';

// Webhook triggers have their own life through the sailor: webhooks.spec.ts.
const triggers = readManifest(COMPONENT_DIR).filter((f) => f.kind === 'trigger' && f.type !== 'webhook');

describe('every polling trigger of component.json through the real sailor', () => {
  it('has a case for exactly the polling triggers component.json declares', () => {
    assert.deepEqual(Object.keys(TRIGGER_CASES).sort(), triggers.map((t) => t.key).sort(),
      'keep spec-runtime/support/triggerCases.ts in step with the triggers of component.json');
  });

  for (const trigger of triggers) {
    const example = TRIGGER_CASES[trigger.key];
    if (!example) continue;
    describe(trigger.key, () => {
      let graph: GraphWorld;
      let step: Step;
      let seeded: string[];

      before(async () => {
        graph = await startGraph({ demo: false });
        seeded = example.seed(graph);
        step = await runtime().step({ function: trigger.key, fields: example.fields(graph), account: graph.account(), env: graph.env });
      });
      after(async () => {
        await step?.close();
        await graph?.stop();
      });

      it('is declared as a polling trigger', () => {
        assert.equal(trigger.type, 'polling');
      });

      it('emits what is there on its first execution, then only the change, then nothing', async () => {
        const labels = async (): Promise<string[]> => {
          const run = await step.execute();
          assert.deepEqual(run.errors, []);
          return run.data.map((m) => example.label(m.body as Record<string, unknown>));
        };
        assert.deepEqual((await labels()).sort(), [...seeded].sort());
        const changed = example.change(graph);
        assert.deepEqual(await labels(), [changed]);
        assert.deepEqual(await labels(), []);
      });
    });
  }
});
