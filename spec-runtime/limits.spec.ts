import { strict as assert } from 'node:assert';
import { Step } from '../dev/runtime/harness';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';

/** The sailor's default ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT: 10 MiB after encryption and base64. */
const SAILOR_LIMIT = 10 * 1024 * 1024;

function bigBody(kib: number, seed: number): { contentType: 'html'; content: string } {
  const line = `<p>Quarterly report line ${seed}: figures, remarks and a long tail of text. </p>\n`;
  return { contentType: 'html', content: line.repeat(Math.ceil((kib * 1024) / line.length)) };
}

describe('message sizes through the real sailor', () => {
  let graph: GraphWorld;

  before(async () => { graph = await startGraph({ demo: false }); });
  after(async () => { await graph?.stop(); });

  describe('readMail with emitAll over 40 mails of 300 KiB each (12 MiB in all)', () => {
    let step: Step;

    before(async () => {
      const folder = graph.sandbox.store.createFolder(null, 'Reports');
      for (let i = 0; i < 40; i += 1) graph.sandbox.store.addMessage(folder.id as string, { subject: `Report ${i}`, body: bigBody(300, i) });
      step = await runtime().step({ function: 'readMail', fields: { folderId: folder.id, emitBehavior: 'emitAll' }, account: graph.account(), env: graph.env });
    });
    after(async () => { await step?.close(); });

    it('splits the batch into messages below the sailor limit and loses nothing', async () => {
      const run = await step.execute();
      assert.deepEqual(run.errors, []);
      assert.ok(run.data.length >= 2, `one batch of ${run.data.length} messages`);
      const sizes = step.queues.outputs.filter((o) => o.kind === 'data' && o.headers.parentMessageId === run.messageId).map((o) => o.size);
      for (const size of sizes) assert.ok(size < SAILOR_LIMIT, `a batch of ${size} bytes`);
      const subjects = run.data.flatMap((m) => ((m.body as { results?: { subject?: string }[] }).results ?? []).map((r) => r.subject));
      assert.equal(subjects.length, 40);
      assert.equal(new Set(subjects).size, 40);
    });
  });

  describe('readMail meeting one mail larger than the sailor limit', () => {
    let step: Step;
    let folderId: string;

    before(async () => {
      folderId = graph.sandbox.store.createFolder(null, 'Oversize').id as string;
      graph.sandbox.store.addMessage(folderId, { subject: 'Small before' });
      graph.sandbox.store.addMessage(folderId, { subject: 'Huge', body: bigBody(9 * 1024, 1) });
      graph.sandbox.store.addMessage(folderId, { subject: 'Small after' });
      step = await runtime().step({ function: 'readMail', fields: { folderId }, account: graph.account(), env: graph.env });
    });
    after(async () => { await step?.close(); });

    it('delivers the oversized mail without its body, flagged as truncated, between the others', async () => {
      const run = await step.execute();
      assert.deepEqual(run.errors, []);
      const bodies = run.data.map((m) => m.body as { subject?: string; truncated?: string[]; body?: { content?: string } });
      assert.deepEqual(bodies.map((b) => b.subject), ['Small before', 'Huge', 'Small after']);
      assert.deepEqual(bodies[1].truncated, ['body.content']);
      assert.equal(bodies[1].body?.content, '');
      assert.equal(bodies[0].truncated, undefined);
      assert.ok(step.sailor.running, 'the sailor died');
      graph.sandbox.store.addMessage(folderId, { subject: 'Next' });
      const next = await step.execute();
      assert.deepEqual(next.data.map((m) => (m.body as { subject?: string }).subject), ['Next']);
    });
  });

  describe('getMessages with emitAll over more than one message can carry', () => {
    let step: Step;

    before(async () => {
      const folder = graph.sandbox.store.createFolder(null, 'Archive 2025');
      for (let i = 0; i < 30; i += 1) graph.sandbox.store.addMessage(folder.id as string, { subject: `Old ${i}`, body: bigBody(300, i) });
      step = await runtime().step({ function: 'getMessages', fields: { emitBehavior: 'emitAll', includeBody: true, folderId: folder.id }, account: graph.account(), env: graph.env });
    });
    after(async () => { await step?.close(); });

    it('fails with an error that says what to change, and publishes nothing', async () => {
      const run = await step.execute({ maxResults: 30 });
      assert.deepEqual(run.data, []);
      assert.equal(run.errors.length, 1);
      assert.match(run.errors[0].message ?? '', /maxResults/);
      assert.ok(step.sailor.running, 'the sailor died');
    });
  });
});
