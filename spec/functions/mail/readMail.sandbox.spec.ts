/**
 * "Poll for New Mail" and "Contacts" against the in-process Graph sandbox: the issue's exactness scenarios end to
 * end, each next to the classic cursor (`gt` + .999, one page) where that cursor applies, to show it loses mail.
 */
import { strict as assert } from 'node:assert';
import * as diagnostics from 'node:diagnostics_channel';
import { Sandbox, manualClock, startSandbox } from '../../../dev/sandbox';
import * as getContacts from '../../../lib/functions/contacts/getContacts';
import * as newAttachment from '../../../lib/functions/mail/newAttachment';
import * as readMail from '../../../lib/functions/mail/readMail';
import { FakeClock, fakeClock } from '../../support/clock';
import { ClassicPoller } from '../support/classic';
import { Flow, TriggerModule } from '../support/run';

const START = Date.parse('2026-11-23T12:00:00.250Z');
const trigger = readMail as unknown as TriggerModule;
const ENV_KEYS = ['MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'ELASTICIO_OBJECT_STORAGE_URI', 'ELASTICIO_OBJECT_STORAGE_TOKEN', 'ELASTICIO_FLOW_TYPE'];

interface Versioned { subject?: unknown; displayName?: unknown; changeKey?: unknown }
const version = (m: Versioned): string => `${String(m.subject ?? m.displayName)}#${String(m.changeKey)}`;
const sorted = (list: string[]): string[] => [...list].sort();

describe('polling triggers against the Graph sandbox', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let clock: FakeClock;
  const saved: Record<string, string | undefined> = {};

  async function boot(options: { tokenMaxRequests?: number } = {}): Promise<void> {
    sb = await startSandbox({ seed: 1, demo: false, clock: manualClock(START), ...options });
    clock = fakeClock({ start: START });
    Object.assign(process.env, {
      MSGRAPH_BASE_URL: sb.url, MSAPP_AUTHORITY_HOST: sb.url, MSAPP_CLIENT_ID: sb.clientId, MSAPP_CLIENT_SECRET: sb.clientSecret,
      ELASTICIO_OBJECT_STORAGE_URI: sb.url, ELASTICIO_OBJECT_STORAGE_TOKEN: sb.objectStorageToken,
    });
  }

  beforeEach(async () => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    delete process.env.ELASTICIO_FLOW_TYPE;
    await boot();
  });

  afterEach(async () => {
    await sb.stop();
    for (const key of ENV_KEYS) if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
  });

  /** The mailbox and the trigger's clock move together. */
  function advance(ms: number): void { sb.clock.advance(ms); clock.advance(ms); }
  function mailFlow(fields: Record<string, unknown> = {}): Flow {
    return new Flow(trigger, { tenantId: sb.tenantId, oauth: sb.issueToken(), folderId: 'inbox', ...fields }, clock);
  }
  function classic(options: { top?: number; unreadOnly?: boolean } = {}): ClassicPoller {
    return new ClassicPoller(sb.url, sb.issueToken().access_token, options);
  }
  function add(subject: string, init: Record<string, unknown> = {}): string {
    return version(sb.store.addMessage('inbox', { subject, isRead: false, ...init }));
  }

  it('emits a mail too large for a platform message without its body, flagged, instead of skipping it', async () => {
    const flow = mailFlow();
    add('small');
    add('huge', { body: { contentType: 'html', content: '<p>x</p>'.repeat(1_100_000) } });
    await flow.tick();
    const huge = flow.emitted.find((m) => m.subject === 'huge') as { truncated?: string[]; body?: { content?: string } } | undefined;
    assert.deepEqual(huge?.truncated, ['body.content']);
    assert.equal(huge?.body?.content, '');
    assert.equal(flow.emitted.length, 2);
    await flow.tick();
    assert.equal(flow.emitted.length, 2, 'the cut-down mail counts as emitted');
  });

  it('emits messages arriving in the same second as the previous poll\'s newest one', async () => {
    const flow = mailFlow();
    const old = classic();
    const a = add('a');
    await flow.tick(); await old.poll();
    const b = add('b');
    advance(400);
    const c = add('c');
    await flow.tick(); await old.poll();
    assert.deepEqual(sorted(flow.emitted.map(version)), sorted([a, b, c]));
    assert.deepEqual(old.emitted, [a]);
  });

  it('drains 1205 messages of one second with a page boundary inside it, in about one request per 1000', async () => {
    const all = Array.from({ length: 1205 }, (_, i) => add(`m${i}`));
    advance(10_000);
    const flow = mailFlow();
    const old = classic();
    const run = await flow.tick();
    const requests = sb.counters().listMessages;
    await old.poll(); await old.poll();
    assert.equal(run.bodies.length, 1205);
    assert.deepEqual(sorted(run.bodies.map(version)), sorted(all));
    // Keyset pages at 1970 and at the second, then its nextLink: 3 requests for 1205 messages.
    assert.equal(requests, 3);
    assert.match(run.ctx.logText(), /closed an over-full second/);
    const again = await flow.tick();
    assert.equal(again.bodies.length, 0, 'nothing is emitted twice');
    assert.equal(old.emitted.length, 1000, 'the classic cursor loses the 205 beyond its page');
  });

  it('drains more same-second messages than the per-execution maximum, over several executions', async () => {
    const all = Array.from({ length: 7 }, (_, i) => add(`m${i}`));
    const flow = mailFlow({ maxMessages: '3' });
    const old = classic({ top: 3 });
    const counts = [];
    for (let i = 0; i < 4; i += 1) { counts.push((await flow.tick()).bodies.length); await old.poll(); }
    assert.deepEqual(counts, [3, 3, 1, 0]);
    assert.deepEqual(sorted(flow.emitted.map(version)), sorted(all));
    assert.equal(old.emitted.length, 3);
  });

  it('emits each version of a message modified twice, once in the same second it arrived', async () => {
    const flow = mailFlow();
    const old = classic();
    const message = sb.store.addMessage('inbox', { subject: 'a', isRead: false });
    await flow.tick(); await old.poll();
    advance(300);
    const v2 = version(sb.store.updateMessage(message.id as string, { subject: 'a' }));
    await flow.tick(); await old.poll();
    advance(2000);
    const v3 = version(sb.store.updateMessage(message.id as string, { flag: { flagStatus: 'flagged' } }));
    await flow.tick(); await old.poll();
    await flow.tick();
    assert.deepEqual(sorted(flow.emitted.map(version)), sorted([version(message), v2, v3]));
    assert.deepEqual(old.emitted, [version(message), v3], 'the classic cursor misses v2');
  });

  it('polls unread mail only, in one query the sandbox accepts under the InefficientFilter rule', async () => {
    const flow = mailFlow({ pollOnlyUnreadMail: true });
    const old = classic({ unreadOnly: true });
    const a = add('a');
    add('read', { isRead: true });
    await flow.tick(); await old.poll();
    const b = add('b');
    await flow.tick(); await old.poll();
    assert.deepEqual(sorted(flow.emitted.map(version)), sorted([a, b]));
    assert.deepEqual(old.emitted, [a]);
    assert.ok(sb.requests.filter((r) => r.route === 'listMessages').every((r) => r.status === 200 && / and isRead eq false$/.test(r.query.$filter)));
  });

  it('polls with filters in one query the sandbox accepts under the InefficientFilter rule, exactly once per version', async () => {
    const flow = mailFlow({ from: 'orders@contoso.example', subjectContains: 'order', hasAttachments: true, importance: 'high', flagged: true, categories: 'Orders' });
    const match = {
      from: { emailAddress: { address: 'orders@contoso.example' } }, importance: 'high', flag: { flagStatus: 'flagged' }, categories: ['Orders'],
      attachments: [{ name: 'o.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }],
    };
    const a = add('Order 1', match);
    add('Order 2', { ...match, importance: 'normal' });
    add('Order 3', { ...match, attachments: [] });
    add('Invoice 4', match);
    await flow.tick();
    const b = add('Order 5', match);
    const id = sb.store.messages('inbox').find((m) => m.subject === 'Order 2')?.id as string;
    const c = version(sb.store.updateMessage(id, { importance: 'high' }));
    await flow.tick();
    await flow.tick();
    assert.deepEqual(sorted(flow.emitted.map(version)), sorted([a, b, c]));
    assert.ok(sb.requests.filter((r) => r.route === 'listMessages').every((r) => r.status === 200 && /^lastModifiedDateTime ge \S+ and from\//.test(r.query.$filter)));
  });

  it('New Attachment: each file of new mail once, across same-second arrivals and later changes of the messages', async () => {
    const flow = new Flow(newAttachment, { tenantId: sb.tenantId, oauth: sb.issueToken(), folderId: 'inbox', fileTypes: 'pdf, csv' }, clock);
    const files = (...names: string[]) => names.map((name) => ({ name, contentType: 'application/octet-stream', content: Buffer.from(`content of ${name}`) }));
    const first = sb.store.addMessage('inbox', { subject: 'two files', attachments: files('a.pdf', 'b.csv', 'c.png') });
    sb.store.addMessage('inbox', { subject: 'no files' });
    await flow.tick();
    sb.store.updateMessage(first.id as string, { isRead: true, flag: { flagStatus: 'flagged' } });
    sb.store.addMessage('inbox', { subject: 'same second', attachments: files('d.pdf') });
    await flow.tick();
    advance(5000);
    sb.store.addMessage('inbox', { subject: 'later', attachments: files('e.csv') });
    await flow.tick();
    await flow.tick();
    assert.deepEqual(flow.emitted.map((b) => b.name), ['a.pdf', 'b.csv', 'd.pdf', 'e.csv']);
    const stored = flow.emitted.map((b) => String(sb.objects.get(decodeURIComponent(String(b.url).split('/objects/')[1].split('?')[0]))?.content));
    assert.deepEqual(stored, ['content of a.pdf', 'content of b.csv', 'content of d.pdf', 'content of e.csv']);
    assert.ok(sb.requests.filter((r) => r.route === 'listMessages').every((r) => r.status === 200 && r.query.$orderby === 'createdDateTime asc'));
  });

  it('emits a page as one message with emitAll', async () => {
    const flow = mailFlow({ emitBehavior: 'emitAll' });
    const a = add('a');
    const b = add('b');
    const first = await flow.tick();
    const c = add('c');
    const second = await flow.tick();
    assert.equal(first.ctx.emittedOf('data').length, 1);
    assert.equal(second.ctx.emittedOf('data').length, 1);
    assert.deepEqual(sorted(flow.emitted.map(version)), sorted([a, b, c]));
  });

  it('takes over the old component\'s snapshot without emitting its mail again', async () => {
    add('seen-by-the-old-component');
    advance(1000);
    const b = add('b');
    const flow = mailFlow();
    flow.snapshot = { lastModifiedDateTime: '2026-11-23T12:00:00.999Z' };
    await flow.tick();
    assert.deepEqual(flow.emitted.map(version), [b]);
  });

  it('publishes a page\'s mails several at once, in order, and saves its snapshot only once each is confirmed', async () => {
    const all: string[] = [];
    for (let i = 0; i < 1500; i += 1) { all.push(add(`m${i}`)); if (i % 40 === 39) advance(1000); }
    const flow = mailFlow();
    let unconfirmed = 0;
    let peak = 0;
    const early: string[] = [];
    await flow.tick({
      onEmit: async (event) => {
        if (event === 'snapshot' && unconfirmed > 0) early.push(`a snapshot with ${unconfirmed} mails unconfirmed`);
        if (event !== 'data') return;
        unconfirmed += 1;
        peak = Math.max(peak, unconfirmed);
        // The broker confirms a publish a moment later (setImmediate: a turn of the event loop, no wall-clock wait).
        await new Promise((resolve) => { setImmediate(resolve); });
        unconfirmed -= 1;
      },
    });
    assert.deepEqual(early, []);
    assert.ok(peak > 1 && peak <= 100, `publishes overlapped, at most 100 at once (saw ${peak})`);
    assert.deepEqual(flow.emitted.map(version), all, 'every mail once, oldest first');
  });

  for (const mode of ['lastModifiedDateTime', 'delta']) {
    it(`asks for the next page before emitting this one, even when the platform takes each message at once (${mode}, emitAll)`, async () => {
      for (let i = 0; i < 2500; i += 1) { add(`m${i}`); if (i % 40 === 39) advance(1000); }
      const flow = mailFlow({ emitBehavior: 'emitAll', pollingMode: mode });
      const order: string[] = [];
      const started = (): void => { order.push('request'); };
      diagnostics.subscribe('http.client.request.start', started);
      try {
        const run = await flow.tick({ onEmit: (event) => { if (event === 'data') order.push('page emitted'); } });
        assert.equal(run.error, undefined);
      } finally {
        diagnostics.unsubscribe('http.client.request.start', started);
      }
      // The catch-up's three pages (and in delta mode the sync round's): each is emitted after the next one was asked for.
      const firstEmit = order.indexOf('page emitted');
      assert.deepEqual(order.slice(0, firstEmit + 1), ['request', 'request', 'page emitted'], order.join(', '));
      assert.deepEqual(order.slice(firstEmit, firstEmit + 3), ['page emitted', 'request', 'page emitted'], order.join(', '));
    });
  }

  it('saves no snapshot after a data message the platform could not take, so the next execution repeats that page', async () => {
    const all: string[] = [];
    for (let i = 0; i < 2500; i += 1) { all.push(add(`m${i}`)); if (i % 40 === 39) advance(1000); }
    const flow = mailFlow();
    let data = 0;
    const failed = await flow.tick({
      onEmit: (event) => {
        if (event === 'data' && (data += 1) === 1500) return Promise.reject(new Error('channel closed by the broker'));
        return undefined;
      },
    });
    assert.match(String(failed.error), /channel closed/);
    const saved = failed.ctx.emittedOf('snapshot').length;
    assert.equal(saved, 1, 'only the first page (1,000 mails) was recorded');
    await flow.tick();
    const emitted = flow.emitted.map(version);
    assert.deepEqual(sorted([...new Set(emitted)]), sorted(all), 'nothing is lost');
    assert.ok(emitted.length - all.length <= 1000, `${emitted.length - all.length} repeated: at most the failed page`);
  });

  it('loses nothing and repeats at most one page when killed after page k', async () => {
    const all: string[] = [];
    for (let s = 0; s < 25; s += 1) { for (let i = 0; i < 100; i += 1) all.push(add(`s${s}m${i}`)); advance(1000); }
    const flow = mailFlow();
    let emits = 0;
    let dead = false;
    const killed = await flow.tick({
      onEmit: (event) => {
        if (dead) throw new Error('killed');
        if (event === 'data' && ++emits === 1500) { dead = true; throw new Error('killed'); }
      },
    });
    assert.equal(killed.error?.message, 'killed');
    await flow.tick();
    const emitted = flow.emitted.map(version);
    assert.deepEqual(sorted([...new Set(emitted)]), sorted(all), 'nothing is missing');
    assert.ok(emitted.length - all.length <= 1000, `${emitted.length - all.length} repeated`);
  });

  it('emits a message that becomes visible three seconds after its timestamp', async () => {
    const flow = mailFlow();
    const old = classic();
    const late = add('late', { visibleAfterMs: 3000 });
    advance(2000);
    const b = add('b');
    await flow.tick(); await old.poll();
    advance(2000);
    await flow.tick(); await old.poll();
    assert.deepEqual(sorted(flow.emitted.map(version)), sorted([late, b]));
    assert.deepEqual(old.emitted, [b]);
  });

  it('waits for Retry-After when throttled in the middle of a drain', async () => {
    for (let i = 0; i < 1500; i += 1) { add(`m${i}`); if (i % 100 === 99) advance(1000); }
    const flow = mailFlow();
    let armed = false;
    const run = await flow.tick({
      onEmit: (event) => {
        if (event === 'data' && !armed) { armed = true; sb.faults.next({ route: 'listMessages', status: 429, code: 'TooManyRequests', retryAfter: '3' }); }
      },
    });
    assert.equal(run.error, undefined);
    assert.equal(run.bodies.length, 1500);
    assert.deepEqual(clock.sleeps, [3000]);
  });

  it('refreshes an access token that expires mid-drain, persists the rotated keys and completes', async () => {
    await sb.stop();
    await boot({ tokenMaxRequests: 1 });
    for (let i = 0; i < 1500; i += 1) { add(`m${i}`); if (i % 100 === 99) advance(1000); }
    const flow = mailFlow();
    const run = await flow.tick();
    assert.equal(run.error, undefined);
    assert.equal(run.bodies.length, 1500);
    const keys = run.ctx.emittedOf('updateKeys') as Array<{ oauth: { access_token: string; refresh_token: string } }>;
    assert.ok(keys.length >= 1);
    assert.ok(keys.every((k) => typeof k.oauth.refresh_token === 'string' && k.oauth.refresh_token.length > 0));
    assert.ok(!run.ctx.logText().includes(keys[0].oauth.access_token), 'tokens stay out of the logs');
  });

  it('stores attachments in the sandbox object storage and emits their urls', async () => {
    const content = Buffer.from('col1,col2\n1,2\n');
    const message = sb.store.addMessage('inbox', { subject: 'with file', attachments: [{ name: 'data.csv', contentType: 'text/csv', content }] });
    const run = await mailFlow({ getAttachment: true }).tick();
    assert.equal(run.error, undefined);
    assert.equal(run.bodies[0].id, message.id);
    const [stored] = run.bodies[0].attachments as Array<{ name: string; size: number; url: string }>;
    assert.equal(stored.name, 'data.csv');
    assert.equal(stored.size, content.length);
    const objectId = decodeURIComponent(new URL(stored.url).pathname.split('/').pop() as string);
    assert.deepEqual(sb.objects.get(objectId)?.content, content);
  });

  it('lists nested folders with path labels', async () => {
    const inbox = sb.store.folderId('inbox');
    const projects = sb.store.createFolder(inbox, 'Projects');
    const y2025 = sb.store.createFolder(projects.id as string, '2025');
    const ctx = { logger: { debug() {}, info() {}, warn() {}, error() {} }, emit: async () => undefined, clock };
    const model = await readMail.getFolders.call(ctx, { tenantId: sb.tenantId, oauth: sb.issueToken() });
    assert.equal(model[y2025.id as string], 'Inbox / Projects / 2025');
    assert.equal(model[inbox], 'Inbox');
  });

  describe('delta mode', () => {
    it('emits new mail and changes, never deletions', async () => {
      const flow = mailFlow({ pollingMode: 'delta' });
      const a = sb.store.addMessage('inbox', { subject: 'a' });
      add('b');
      await flow.tick();
      advance(1000);
      sb.store.deleteMessage(a.id as string);
      const c = add('c');
      await flow.tick();
      assert.deepEqual(flow.emitted.map((m) => m.subject), ['a', 'b', 'c']);
      assert.match(flow.executions[1].ctx.logText(), /1 deletions ignored/);
      assert.equal(sorted(flow.emitted.map(version)).includes(c), true);
    });

    it('resyncs after 410 without emitting again what was already emitted', async () => {
      const flow = mailFlow({ pollingMode: 'delta' });
      add('a'); add('b');
      await flow.tick();
      advance(1000);
      const c = add('c');
      sb.expireDeltaTokens();
      const run = await flow.tick();
      assert.equal(run.error, undefined);
      assert.deepEqual(run.bodies.map(version), [c]);
      assert.match(run.ctx.logText(), /SyncStateNotFound/);
      await flow.tick();
      assert.equal(flow.emitted.length, 3);
    });

    /** Adds `count` messages, one second apart. */
    function backlog(prefix: string, count: number): string[] {
      return Array.from({ length: count }, (_, i) => { advance(1000); return add(`${prefix}${i}`); });
    }
    /** Kills the execution at its `n`th data emit: that emit and everything after it never reach the platform. */
    function killAt(n: number): { onEmit: (event: string) => void } {
      let emits = 0;
      let dead = false;
      return {
        onEmit: (event) => {
          if (dead) throw new Error('killed');
          if (event === 'data' && ++emits === n) { dead = true; throw new Error('killed'); }
        },
      };
    }
    const linkOf = (flow: Flow): string | undefined => (flow.snapshot as { link?: string }).link;

    it('catches up a backlog by lastModifiedDateTime over several executions with maxMessages, then starts its rounds', async () => {
      const all = backlog('m', 25);
      const flow = mailFlow({ pollingMode: 'delta', maxMessages: 10 });
      const counts: number[] = [];
      const links: Array<string | undefined> = [];
      for (let i = 0; i < 4; i += 1) { counts.push((await flow.tick()).bodies.length); links.push(linkOf(flow)); }
      assert.deepEqual(counts, [10, 10, 5, 0]);
      assert.deepEqual(links.map((l) => l && /\$deltatoken=/.test(l)), [undefined, undefined, true, true], 'no link while catching up, a deltaLink after the sync round');
      assert.deepEqual(flow.emitted.map(version), all, 'oldest first, each once');
      const listed = sb.requests.filter((r) => r.route === 'listMessages').length;
      assert.ok(listed >= 3, `${listed} catch-up requests`);
    });

    it('keeps an older change that a round lost to 410 had not delivered yet', async () => {
      const flow = mailFlow({ pollingMode: 'delta', maxMessages: 1 });
      add('a');
      await flow.tick();
      await flow.tick();
      assert.match(linkOf(flow) ?? '', /\$deltatoken=/);
      advance(120_000);
      const b = add('b');
      // Listed after b in the round, yet a minute older: beyond the look-back window of a cursor that reached b.
      const older = version(sb.store.addMessage('inbox', { subject: 'older', isRead: false, lastModifiedDateTime: new Date(sb.clock.now() - 60_000).toISOString() }));
      const first = await flow.tick();
      assert.deepEqual(first.bodies.map(version), [b]);
      assert.match(linkOf(flow) ?? '', /\$skiptoken=/);
      sb.expireDeltaTokens();
      for (let i = 0; i < 4; i += 1) await flow.tick();
      const emitted = flow.emitted.map(version);
      assert.ok(emitted.includes(older), 'the older change is emitted');
      assert.equal(emitted.filter((v) => v === b).length, 2, 'only what the lost round emitted is repeated');
      assert.match(flow.executions[3].ctx.logText(), /warn: .*delta token expired \(SyncStateNotFound\)/);
    });

    it('loses nothing and repeats only what was unsaved when killed during the catch-up and during a round', async () => {
      const all = backlog('m', 25);
      const flow = mailFlow({ pollingMode: 'delta', maxMessages: 10 });
      const killedInCatchUp = await flow.tick(killAt(4));
      assert.equal(killedInCatchUp.error?.message, 'killed');
      assert.equal(linkOf(flow), undefined);
      for (let i = 0; i < 3; i += 1) await flow.tick();
      assert.match(linkOf(flow) ?? '', /\$deltatoken=/);
      all.push(...backlog('n', 25));
      assert.equal((await flow.tick()).bodies.length, 10);
      assert.match(linkOf(flow) ?? '', /\$skiptoken=/, 'stopped at the maximum inside the round');
      const killedInRound = await flow.tick(killAt(4));
      assert.equal(killedInRound.error?.message, 'killed');
      const counts: number[] = [];
      for (let i = 0; i < 3; i += 1) counts.push((await flow.tick()).bodies.length);
      assert.deepEqual(counts, [10, 5, 0]);
      const emitted = flow.emitted.map(version);
      assert.deepEqual(sorted([...new Set(emitted)]), sorted(all), 'nothing is missing');
      // Each kill delivered 3 messages without their snapshot; only those come again.
      assert.equal(emitted.length - all.length, 6);
    });
  });

  describe('"Contacts"', () => {
    it('emits contacts changed in the same second as the previous poll\'s newest one', async () => {
      const flow = new Flow(getContacts, { tenantId: sb.tenantId, oauth: sb.issueToken() }, clock);
      const a = version(sb.store.addContact({ displayName: 'Ada' }));
      await flow.tick();
      const b = version(sb.store.addContact({ displayName: 'Bob' }));
      await flow.tick();
      await flow.tick();
      assert.deepEqual(sorted(flow.emitted.map(version)), sorted([a, b]));
    });
  });
});
