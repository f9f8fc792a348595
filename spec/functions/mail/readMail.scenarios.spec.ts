/**
 * Exactness scenarios for "Poll for New Mail" against a fake folder. Each one also runs the classic cursor
 * (`gt` the last second + .999, one page) on the same mailbox history and shows what it loses, so none of
 * these tests could pass with it.
 */
import { strict as assert } from 'node:assert';
import * as readMail from '../../../lib/functions/mail/readMail';
import { fakeClock } from '../../support/clock';
import { ClassicCursor, FakeFolder, FakeMessage, GRAPH, Traits, version } from '../support/fakeFolder';
import { Flow, TriggerModule } from '../support/run';

const START = Date.parse('2026-11-23T12:00:00.250Z');
const trigger = readMail as unknown as TriggerModule;

/**
 * Every scenario runs twice: as configured, and with the trigger's filters on (sender, attachments, importance, flag,
 * categories) in a folder where each message has a same-second twin that one of the filters refuses. The filters go
 * into the same query after the cursor's condition, so exactness must not change.
 */
const MODES: Array<{ name: string; fields: Record<string, unknown>; traits?: Traits; filters: string }> = [
  { name: '', fields: {}, filters: '' },
  {
    name: ', filters on',
    fields: { from: 'orders@contoso.example', hasAttachments: true, importance: 'high', flagged: true, categories: 'Orders, Urgent' },
    traits: { from: 'Orders@Contoso.example', importance: 'high', hasAttachments: true, flagStatus: 'flagged', categories: ['urgent'] },
    filters: " and from/emailAddress/address eq 'orders@contoso.example' and hasAttachments eq true and importance eq 'high'"
      + " and flag/flagStatus eq 'flagged' and (categories/any(c:c eq 'Orders') or categories/any(c:c eq 'Urgent'))",
  },
];

let mode = MODES[0];
let lastFolder: FakeFolder | undefined;
let lastFlow: Flow | undefined;

function setup(fields: Record<string, unknown> = {}) {
  const folder = new FakeFolder(START);
  if (mode.traits) Object.assign(folder, { traits: mode.traits, decoys: true, filters: mode.filters });
  fields = { ...mode.fields, ...fields };
  folder.serve();
  const clock = fakeClock({ start: START });
  const flow = new Flow(trigger, { tenantId: 'common', oauth: { access_token: 'static-access-token-0123456789' }, folderId: 'inbox', ...fields }, clock);
  const classic = new ClassicCursor(folder, fields.maxMessages === undefined ? 1000 : Number(fields.maxMessages), fields.pollOnlyUnreadMail === true);
  lastFolder = folder;
  lastFlow = flow;
  /** Moves the mailbox and the trigger's clock together. */
  const advance = (ms: number): void => { folder.advance(ms); clock.advance(ms); };
  return { folder, flow, classic, advance };
}

function versions(bodies: Array<Record<string, unknown>>): string[] {
  return bodies.map(version).sort();
}

function assertExactlyOnce(emitted: Array<Record<string, unknown>>, expected: string[]): void {
  assert.deepEqual(versions(emitted), [...expected].sort());
}

for (const current of MODES) describe(`"Poll for New Mail" exactness (fake folder, compared with the classic cursor${current.name})`, () => {
  let savedBase: string | undefined;
  before(() => { mode = current; savedBase = process.env.MSGRAPH_BASE_URL; process.env.MSGRAPH_BASE_URL = GRAPH; });
  after(() => { mode = MODES[0]; if (savedBase === undefined) delete process.env.MSGRAPH_BASE_URL; else process.env.MSGRAPH_BASE_URL = savedBase; });

  afterEach(function () {
    // With filters on, every query carried them right after the cursor's condition, and no decoy got out.
    if (!current.traits || this.currentTest?.state !== 'passed') return;
    assert.ok(lastFolder?.queries.every((q) => q.replace(/\+/g, ' ').includes(current.filters)), 'a query without the filters after the cursor condition');
    assert.ok(lastFlow?.emitted.every((b) => !String(b.subject).endsWith('-decoy')), 'a decoy was emitted');
  });

  it('emits the second of two messages modified in the same second, across two polls', async () => {
    const { folder, flow, classic } = setup();
    const a = folder.add('a');
    await flow.tick(); classic.poll();
    const b = folder.add('b'); // same second as a
    await flow.tick(); classic.poll();
    await flow.tick(); classic.poll();
    assertExactlyOnce(flow.emitted, [version(a), version(b)]);
    assert.deepEqual(classic.emitted, [version(a)], 'the classic cursor never sees b');
  });

  it('drains a page boundary inside one second by following the nextLink', async () => {
    const { folder, flow, classic } = setup();
    folder.pageCap = 2;
    const all = ['a', 'b', 'c', 'd', 'e'].map((s) => folder.add(s));
    const run = await flow.tick(); classic.poll(); classic.poll();
    assertExactlyOnce(flow.emitted, all.map(version));
    assert.equal(classic.emitted.length, 2, 'the classic cursor stops at its first page and then skips the whole second');
    assert.ok(folder.queries.some((q) => q.includes('$skip=2')), 'the nextLink was followed');
    assert.equal(run.ctx.emittedOf('snapshot').length >= 1, true);
  });

  it('drains more same-second messages than the per-execution maximum over several executions', async () => {
    const { folder, flow, classic } = setup({ maxMessages: '3' });
    const all = Array.from({ length: 7 }, (_, i) => folder.add(`m${i}`));
    const counts: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const run = await flow.tick(); classic.poll();
      counts.push(run.bodies.length);
    }
    assert.deepEqual(counts, [3, 3, 1, 0]);
    assertExactlyOnce(flow.emitted, all.map(version));
    assert.equal(classic.emitted.length, 3, 'the classic cursor loses the other 4');
  });

  it('emits both versions of a message modified twice within one second', async () => {
    const { folder, flow, classic, advance } = setup();
    const a = folder.add('a');
    await flow.tick(); classic.poll();
    const v1 = version(a);
    advance(300);
    folder.update(a, { subject: 'a' }); // still the same second
    const v2 = version(a);
    await flow.tick(); classic.poll();
    advance(1000);
    folder.update(a);
    const v3 = version(a);
    await flow.tick(); classic.poll();
    await flow.tick();
    assertExactlyOnce(flow.emitted, [v1, v2, v3]);
    assert.deepEqual(classic.emitted, [v1, v3], 'the classic cursor misses the edit made in the same second');
  });

  it('polls unread mail only, with isRead eq false after the lastModifiedDateTime condition', async () => {
    const { folder, flow, classic } = setup({ pollOnlyUnreadMail: true });
    const a = folder.add('a');
    folder.add('read', { isRead: true });
    await flow.tick(); classic.poll();
    const b = folder.add('b');
    await flow.tick(); classic.poll();
    assertExactlyOnce(flow.emitted, [version(a), version(b)]);
    assert.deepEqual(classic.emitted, [version(a)]);
    assert.ok(folder.queries.every((q) => q.includes('$filter=lastModifiedDateTime ge ') && q.includes(' and isRead eq false')));
  });

  it('emits all messages of a page in one message with emitAll, still exactly once', async () => {
    const { folder, flow, classic } = setup({ emitBehavior: 'emitAll' });
    const a = folder.add('a');
    const b = folder.add('b');
    const first = await flow.tick(); classic.poll();
    const c = folder.add('c');
    const second = await flow.tick(); classic.poll();
    assert.equal(first.ctx.emittedOf('data').length, 1);
    assert.equal(second.ctx.emittedOf('data').length, 1);
    assertExactlyOnce(flow.emitted, [version(a), version(b), version(c)]);
    assert.equal(classic.emitted.length, 2);
  });

  it('takes over the old component\'s snapshot without emitting its mail again', async () => {
    const { folder, flow, advance } = setup();
    folder.add('already-emitted-by-the-old-component');
    advance(1000);
    const b = folder.add('b');
    const legacySecond = new Date(START);
    legacySecond.setMilliseconds(999);
    flow.snapshot = { lastModifiedDateTime: legacySecond.toISOString() };
    const run = await flow.tick();
    assertExactlyOnce(flow.emitted, [version(b)]);
    assert.match(run.ctx.logText(), /took over the previous component's cursor/);
    // A naive take-over (ge the stored second) would have emitted the old message again.
    assert.equal(folder.run({ op: 'ge', since: Math.floor(START / 1000) * 1000, unreadOnly: false, top: 1000, skip: 0 }).items.length, 2);
  });

  it('loses nothing and repeats at most one page when an execution is killed after page k', async () => {
    const { folder, flow, advance } = setup();
    folder.pageCap = 2;
    const all: FakeMessage[] = [];
    for (let i = 0; i < 8; i += 1) { all.push(folder.add(`m${i}`)); if (i % 3 === 2) advance(1000); }
    // The fifth message (third page) is handed over, then the container dies: nothing after it gets out.
    let emits = 0;
    let dead = false;
    const killed = await flow.tick({
      onEmit: (event) => {
        if (dead) throw new Error('container killed');
        if (event === 'data' && ++emits === 5) { dead = true; throw new Error('container killed'); }
      },
    });
    assert.equal(killed.error?.message, 'container killed');
    assert.equal(flow.emitted.length, 4);
    await flow.tick();
    const repeated = flow.emitted.length - all.length;
    assert.deepEqual([...new Set(versions(flow.emitted))], all.map(version).sort(), 'nothing is missing');
    assert.ok(repeated <= 2, `at most one page (2) again, got ${repeated}`);
  });

  it('loses nothing with emitAll when the batch of a page fails to go out', async () => {
    const { folder, flow, advance } = setup({ emitBehavior: 'emitAll' });
    folder.pageCap = 2;
    const all: FakeMessage[] = [];
    for (let i = 0; i < 6; i += 1) { all.push(folder.add(`m${i}`)); advance(1000); }
    let batches = 0;
    const failed = await flow.tick({ onEmit: (event) => { if (event === 'data' && ++batches === 2) throw new Error('queue unavailable'); } });
    assert.equal(failed.error?.message, 'queue unavailable');
    await flow.tick();
    assertExactlyOnce(flow.emitted, all.map(version));
  });

  it('does not lose a message when another one changes between two pages of a drain', async () => {
    const { folder, flow, advance } = setup();
    folder.pageCap = 3;
    const all: FakeMessage[] = [];
    for (let i = 0; i < 9; i += 1) { all.push(folder.add(`m${i}`)); advance(1000); }
    // After the first page, m0 is read: it moves to the end, which shifts every $skip offset by one.
    const originals = all.map(version);
    folder.afterRequest = (n) => { if (n === 1) folder.update(all[0], { isRead: true }); };
    await flow.tick();
    assertExactlyOnce(flow.emitted, [...originals, version(all[0])]);
    // Following $skip nextLinks across seconds would have jumped over m3.
    const skipped = folder.run({ op: 'ge', since: 0, unreadOnly: false, top: 3, skip: 3 }).items.map((m) => m.subject);
    assert.deepEqual(skipped, ['m4', 'm5', 'm6']);
  });

  it('emits a message that becomes visible a few seconds after its timestamp', async () => {
    const { folder, flow, classic, advance } = setup();
    const late = folder.add('late', { lagMs: 3000 });
    advance(2000);
    const b = folder.add('b');
    await flow.tick(); classic.poll();
    advance(2000);
    await flow.tick(); classic.poll();
    await flow.tick();
    assertExactlyOnce(flow.emitted, [version(b), version(late)]);
    assert.deepEqual(classic.emitted, [version(b)], 'the classic cursor had moved past it');
  });
});
