/**
 * Pipelined publishing through the real sailor (issue 15): readMail hands a page's mails to the sailor several at a
 * time, so their broker confirms overlap; nothing of that may cost exactness. The next step's queue gets every mail
 * once and in order, a container killed mid-page loses nothing and repeats at most that page, and a data message
 * the sailor cannot publish ends the execution before the page's snapshot.
 */
import { strict as assert } from 'node:assert';
import { Step } from '../dev/runtime/harness';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';

const PAGE = 1000;
const RAISED = { ELASTICIO_DATA_RATE_LIMIT: '1000', ELASTICIO_RATE_INTERVAL: '100' };

/** The index of a bulk mail ("… #17" is the 17th, oldest first). */
const indexOf = (body: unknown): number => Number(/#(\d+)$/.exec(String((body as { subject?: unknown }).subject))?.[1]);

function dataIndexes(step: Step): number[] {
  return step.queues.outputs.filter((o) => o.kind === 'data').map((o) => indexOf((o.body as { body?: unknown }).body));
}

async function waitForData(step: Step, count: number, what: string): Promise<void> {
  await step.queues.waitUntil(() => step.queues.outputs.filter((o) => o.kind === 'data').length >= count, 60_000, what);
}

describe('pipelined publishing through the real sailor', function () {
  this.timeout(180_000);
  let graph: GraphWorld;
  let step: Step | undefined;

  afterEach(async () => {
    await step?.close();
    step = undefined;
    await graph?.stop();
  });

  it('delivers 3,000 mails once each and in lastModifiedDateTime order, with a snapshot after every page', async () => {
    graph = await startGraph({ demo: false, bulk: { folder: 'inbox', count: 3000, bodyBytes: 2000 } });
    step = await runtime().step({ function: 'readMail', fields: { folderId: 'inbox' }, account: graph.account(), env: { ...graph.env, ...RAISED }, logLevel: 'info' });
    step.publish({});
    await waitForData(step, 3000, '3,000 mails');
    const pages = graph.sandbox.counters().listMessages ?? 0;
    assert.ok(pages >= 3, `${pages} pages`);
    await step.queues.waitUntil(() => step?.queues.outputs.filter((o) => o.kind === 'snapshot').length === pages, 30_000, 'a snapshot per page');
    assert.deepEqual(dataIndexes(step), Array.from({ length: 3000 }, (_, i) => i + 1));
    assert.equal(step.queues.outputs.filter((o) => o.kind === 'error').length, 0);
  });

  it('loses nothing and repeats at most the page in flight when the container is killed at several points', async () => {
    graph = await startGraph({ demo: false, bulk: { folder: 'inbox', count: 4000, bodyBytes: 2000 } });
    step = await runtime().step({ function: 'readMail', fields: { folderId: 'inbox' }, account: graph.account(), env: { ...graph.env, ...RAISED }, logLevel: 'info' });
    let received = 0;
    for (const at of [700, 1900, 3100]) {
      step.publish({});
      await waitForData(step, received + 1, 'the drain to resume');
      await waitForData(step, at, `${at} mails before the kill`);
      await step.sailor.kill();
      received = dataIndexes(step).length;
      await step.start();
    }
    step.publish({});
    await step.queues.waitUntil(() => new Set(dataIndexes(step as Step)).size === 4000, 90_000, 'every mail');
    const indexes = dataIndexes(step);
    assert.equal(new Set(indexes).size, 4000, 'nothing lost');
    assert.ok(indexes.length - 4000 <= 3 * PAGE, `${indexes.length - 4000} repeated: at most one page per kill`);
    // Within each execution the mails arrive in order: the order breaks only where a restarted execution repeats.
    const breaks = indexes.filter((v, i) => i > 0 && v <= indexes[i - 1]).length;
    assert.ok(breaks <= 3, `${breaks} places where the order went back; a kill makes one`);
  });

  it('ends the execution before the page\'s snapshot when the sailor cannot publish one of its mails', async () => {
    graph = await startGraph({ demo: false, bulk: { folder: 'inbox', count: 2500, bodyBytes: 1000 } });
    const { store } = graph.sandbox;
    // A mail of the second page larger than this sailor may publish (its outgoing limit lowered to 20 KB), dated
    // among the others so that the page holds mails before and after it.
    const neighbour = store.messages('inbox').find((m) => indexOf(m) === 1500);
    assert.ok(neighbour?.lastModifiedDateTime);
    const stamp = neighbour.lastModifiedDateTime;
    store.addMessage('inbox', { subject: 'Large', body: { contentType: 'text', content: 'x'.repeat(40_000) }, lastModifiedDateTime: stamp, receivedDateTime: stamp });
    const env = { ...graph.env, ...RAISED, ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT: String(20_000) };
    step = await runtime().step({ function: 'readMail', fields: { folderId: 'inbox' }, account: graph.account(), env });
    const run = await step.execute();
    assert.equal(run.outcome, 'reject', 'the execution failed');
    assert.ok(run.errors.some((e) => /exceeds limit/.test(String(e.message))), 'the sailor reported the refused publish');
    assert.equal(run.snapshots.length, 1, 'only the first page was recorded');
    assert.ok(run.data.length < 2100, `the execution stopped within the second page (${run.data.length} mails out)`);
    const saved = step.storedSnapshot;
    // With the limit back to the default the next execution continues from the first page's snapshot.
    await step.close();
    step = await runtime().step({ function: 'readMail', fields: { folderId: 'inbox' }, account: graph.account(), env: { ...graph.env, ...RAISED }, snapshot: saved });
    const next = await step.execute();
    const subjects = new Set([...run.data, ...next.data].map((m) => String((m.body as { subject?: unknown }).subject)));
    assert.equal(subjects.size, 2501, 'every mail, the large one included');
    assert.ok(next.data.length <= 2501 - 990, `the first page was not sent again (${next.data.length} mails)`);
  });
});
