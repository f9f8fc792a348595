import { strict as assert } from 'node:assert';
import { DataMessage, Execution, Step } from '../dev/runtime/harness';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';
import { assertNoSecretsLogged, versionOf } from './support/messages';

describe('readMail through the real sailor', () => {
  for (const restart of [false, true]) {
    describe(restart ? 'with the sailor restarted before every execution' : 'in one long-lived sailor process', () => {
      let graph: GraphWorld;
      let step: Step;
      let inbox: string;
      let account: ReturnType<GraphWorld['account']>;
      const emitted = new Map<string, number>();
      let executions = 0;

      async function poll(): Promise<Execution> {
        if (restart && executions > 0) await step.restart();
        executions += 1;
        const run = await step.execute();
        assert.deepEqual(run.errors, [], 'the execution emitted errors');
        assert.equal(run.outcome, 'ack');
        for (const message of run.data) {
          const version = versionOf(message);
          emitted.set(version, (emitted.get(version) ?? 0) + 1);
        }
        return run;
      }

      before(async () => {
        graph = await startGraph({ demo: false });
        const { store } = graph.sandbox;
        inbox = store.folderId('inbox');
        for (let i = 0; i < 30; i += 1) store.addMessage('inbox', { subject: `Backlog ${i}` });
        for (let i = 0; i < 5; i += 1) store.addMessage('sentitems', { subject: `Elsewhere ${i}` });
        account = graph.account();
        step = await runtime().step({ function: 'readMail', fields: { folderId: inbox }, account, env: graph.env });
      });
      after(async () => {
        await step?.close();
        await graph?.stop();
      });

      it('drains the folder on the first execution and hands the snapshot to the platform', async () => {
        const run = await poll();
        assert.equal(run.data.length, 30);
        assert.ok(run.snapshots.length >= 1, 'no snapshot was published');
        assert.deepEqual(step.storedSnapshot, run.snapshots[run.snapshots.length - 1]);
      });

      it('emits only new and changed mail on later executions', async () => {
        const { store } = graph.sandbox;
        const added = [0, 1, 2].map((i) => store.addMessage('inbox', { subject: `New ${i}` }));
        const [first, second] = store.messages('inbox');
        const changed = [store.updateMessage(first.id as string, { isRead: true }), store.updateMessage(second.id as string, { flag: { flagStatus: 'flagged' } })];
        const run = await poll();
        const expected = [...added, ...changed].map((m) => `${m.id}|${m.changeKey}`).sort();
        assert.deepEqual(run.data.map(versionOf).sort(), expected);
      });

      it('emits nothing when nothing changed', async () => {
        assert.equal((await poll()).data.length, 0);
      });

      it('emits mail that arrived within the same second as the last emitted one', async () => {
        const { store } = graph.sandbox;
        store.addMessage('inbox', { subject: 'Tie A' });
        const a = await poll();
        store.addMessage('inbox', { subject: 'Tie B' });
        const b = await poll();
        assert.deepEqual([...a.data, ...b.data].map((m) => subjectOf(m)), ['Tie A', 'Tie B']);
      });

      it('has emitted every version in the folder exactly once and nothing from other folders', async () => {
        const duplicates = [...emitted].filter(([, count]) => count > 1);
        assert.deepEqual(duplicates, []);
        const inFolder = graph.sandbox.store.messages('inbox').map((m) => `${m.id}|${m.changeKey}`);
        for (const version of inFolder) assert.ok(emitted.has(version), `never emitted: ${version}`);
        const emittedIds = new Set([...emitted.keys()].map((v) => v.split('|')[0]));
        assert.deepEqual([...emittedIds].sort(), graph.sandbox.store.messages('inbox').map((m) => m.id as string).sort());
        assertNoSecretsLogged(step, [account.oauth.access_token, account.oauth.refresh_token, graph.sandbox.clientSecret]);
      });
    });
  }

  describe('with a backlog larger than Maximum per execution', () => {
    let graph: GraphWorld;
    let step: Step;

    before(async () => {
      graph = await startGraph({ demo: false });
      for (let i = 0; i < 25; i += 1) graph.sandbox.store.addMessage('inbox', { subject: `Backlog ${i}` });
      step = await runtime().step({
        function: 'readMail', fields: { folderId: graph.sandbox.store.folderId('inbox'), maxMessages: 10 }, account: graph.account(), env: graph.env,
      });
    });
    after(async () => {
      await step?.close();
      await graph?.stop();
    });

    it('drains it over several executions, resuming from the snapshot each time', async () => {
      const counts: number[] = [];
      const subjects: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        if (i > 0) await step.restart();
        const run = await step.execute();
        counts.push(run.data.length);
        subjects.push(...run.data.map(subjectOf));
      }
      assert.deepEqual(counts, [10, 10, 5, 0]);
      assert.equal(new Set(subjects).size, 25);
    });
  });
});

function subjectOf(message: DataMessage): string {
  const body = message.body as { subject?: unknown };
  return String(body.subject);
}
