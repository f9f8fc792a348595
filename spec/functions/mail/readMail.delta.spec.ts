/** "Poll for New Mail" in delta mode against nock: catch-up, rounds, resuming, deletions, 410 in and between rounds. */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import * as readMail from '../../../lib/functions/mail/readMail';
import { GRAPH, recorder } from '../../support/graph';
import { execute, Flow, TriggerModule } from '../support/run';
import { graphMessage, messageId, useEnv } from '../support/mail';

const trigger = readMail as unknown as TriggerModule;
const LIST = '/v1.0/me/mailFolders/inbox/messages';
const DELTA = '/v1.0/me/mailFolders/inbox/messages/delta';
const CFG = { tenantId: 'common', oauth: { access_token: 'static-access-token-0123456789' }, folderId: 'inbox', pollingMode: 'delta' };
const link = (token: string): string => `${GRAPH}${DELTA}?$${token}`;
const EXPIRED = { error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found; generation=149;[highest=157][157][155][156].' } };
/** The catch-up by lastModifiedDateTime that precedes every sync round: one page `ge since`. */
const catchUp = (since: string, items: Array<Record<string, unknown>>): nock.Scope => nock(GRAPH).get(LIST)
  .query((q) => q.$filter === `lastModifiedDateTime ge ${since}` && q.$orderby === 'lastModifiedDateTime asc').reply(200, { value: items });
/** The first request of a sync round (no token). */
const deltaStart = (): nock.Interceptor => nock(GRAPH).get(DELTA).query((q) => q.$select !== undefined && q.$skiptoken === undefined && q.$deltatoken === undefined);
const subjects = (bodies: Array<Record<string, unknown>>): unknown[] => bodies.map((b) => b.subject);
interface DeltaSnapshot { mode: string; link?: string; base?: { since: string }; sync?: boolean; since: string }
const removed = (n: number) => ({ '@odata.type': '#microsoft.graph.message', id: messageId(n), '@removed': { reason: 'deleted' } });

describe('"Poll for New Mail" delta mode (nock)', () => {
  useEnv({ MSGRAPH_BASE_URL: GRAPH, ELASTICIO_FLOW_TYPE: undefined });
  afterEach(() => nock.cleanAll());

  it('catches up by lastModifiedDateTime, then runs a sync round (with $select and odata.maxpagesize) that emits only what changed since', async () => {
    const rec = recorder();
    catchUp('1970-01-01T00:00:00Z', [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:01Z')]);
    nock(GRAPH).get(DELTA).query((q) => typeof q.$select === 'string' && q.$select.includes('changeKey') && q.$top === undefined)
      .reply(rec.reply(200, { value: [graphMessage(2, '2026-11-23T10:00:01Z')], '@odata.nextLink': link('skiptoken=p2') }));
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'p2' })
      .reply(rec.reply(200, { value: [graphMessage(3, '2026-11-23T10:00:09Z'), graphMessage(1, '2026-11-23T10:00:00Z'), removed(9)], '@odata.deltaLink': link('deltatoken=d1') }));
    const run = await execute(trigger, CFG, {});
    assert.equal(run.error, undefined);
    assert.deepEqual(rec.seen.map((r) => r.headers.prefer), ['IdType="ImmutableId", odata.maxpagesize=1000', 'IdType="ImmutableId", odata.maxpagesize=1000']);
    assert.deepEqual(subjects(run.bodies), ['message 1', 'message 2', 'message 3']);
    const snapshot = run.snapshot as DeltaSnapshot;
    assert.equal(snapshot.mode, 'delta');
    assert.equal(snapshot.link, link('deltatoken=d1'));
    assert.equal(snapshot.base, undefined);
    assert.equal(snapshot.sync, undefined);
    assert.match(run.ctx.logText(), /1 deletions ignored/);
  });

  it('continues from the stored deltaLink, emits changes, skips replays of emitted versions and deletions', async () => {
    const flow = new Flow(trigger, CFG);
    catchUp('1970-01-01T00:00:00Z', [graphMessage(1, '2026-11-23T10:00:00Z')]);
    deltaStart().reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.deltaLink': link('deltatoken=d1') });
    await flow.tick();
    nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(200, {
      value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(1, '2026-11-23T10:05:00Z', { changeKey: 'CQAAABYAAAD1-v2', subject: 'edited' }), removed(1), graphMessage(3, '2026-11-23T10:05:00Z')],
      '@odata.deltaLink': link('deltatoken=d2'),
    });
    await flow.tick();
    assert.deepEqual(subjects(flow.emitted), ['message 1', 'edited', 'message 3']);
    assert.equal((flow.snapshot as DeltaSnapshot).link, link('deltatoken=d2'));
  });

  it('resumes an interrupted round from its stored nextLink, with the cursor of the round\'s start', async () => {
    const flow = new Flow(trigger, CFG);
    catchUp('1970-01-01T00:00:00Z', []);
    deltaStart().reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.nextLink': link('skiptoken=p2') });
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'p2' }).reply(503, { error: { code: 'ServiceUnavailable', message: 'down' } }).persist();
    const failed = await flow.tick();
    nock.cleanAll();
    assert.match(failed.error?.message ?? '', /ServiceUnavailable/);
    const stored = flow.snapshot as DeltaSnapshot;
    assert.equal(stored.link, link('skiptoken=p2'));
    assert.deepEqual([stored.base?.since, stored.sync], ['1970-01-01T00:00:00.000Z', true]);
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'p2' }).reply(200, { value: [graphMessage(2, '2026-11-23T10:00:01Z')], '@odata.deltaLink': link('deltatoken=d1') });
    await flow.tick();
    assert.deepEqual(subjects(flow.emitted), ['message 1', 'message 2']);
  });

  it('after 410 SyncStateNotFound on the deltaLink, catches up from the cursor and starts a sync round, emitting nothing twice', async () => {
    const flow = new Flow(trigger, CFG);
    catchUp('1970-01-01T00:00:00Z', [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:00Z')]);
    deltaStart().reply(200, { value: [graphMessage(2, '2026-11-23T10:00:00Z'), graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.deltaLink': link('deltatoken=d1') });
    await flow.tick();
    nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(410, EXPIRED);
    // The cursor (10:00:00) less the 5-second look-back.
    catchUp('2026-11-23T09:59:55Z', [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:00Z'), graphMessage(3, '2026-11-23T10:00:00Z'), graphMessage(4, '2026-11-23T11:00:00Z')]);
    // The sync round lists the whole folder again, in no particular order.
    deltaStart().reply(200, {
      value: [graphMessage(4, '2026-11-23T11:00:00Z'), graphMessage(2, '2026-11-23T10:00:00Z'), graphMessage(3, '2026-11-23T10:00:00Z'), graphMessage(1, '2026-11-23T10:00:00Z')],
      '@odata.deltaLink': link('deltatoken=r1'),
    });
    const run = await flow.tick();
    assert.equal(run.error, undefined);
    assert.deepEqual(subjects(flow.emitted), ['message 1', 'message 2', 'message 3', 'message 4']);
    assert.match(run.ctx.logText(), /warn: .*delta token expired \(SyncStateNotFound\); catching up by lastModifiedDateTime from 2026-11-23T10:00:00Z/);
    const snapshot = flow.snapshot as DeltaSnapshot;
    assert.equal(snapshot.link, link('deltatoken=r1'));
    assert.equal(snapshot.base, undefined);
  });

  it('after 410 in the middle of the first sync round, emits again only what that round had emitted', async () => {
    catchUp('1970-01-01T00:00:00Z', [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:01Z')]);
    // Message 3 changed after the catch-up; the round emits it, then its token is lost.
    deltaStart().reply(200, { value: [graphMessage(3, '2026-11-23T10:00:09Z'), graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.nextLink': link('skiptoken=p2') });
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'p2' }).reply(410, EXPIRED);
    // Back to the cursor after the catch-up (10:00:01) less the look-back.
    catchUp('2026-11-23T09:59:56Z', [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:01Z'), graphMessage(3, '2026-11-23T10:00:09Z')]);
    deltaStart().reply(200, { value: [graphMessage(2, '2026-11-23T10:00:01Z'), graphMessage(3, '2026-11-23T10:00:09Z'), graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.deltaLink': link('deltatoken=r1') });
    const run = await execute(trigger, CFG, {});
    assert.equal(run.error, undefined);
    assert.deepEqual(subjects(run.bodies), ['message 1', 'message 2', 'message 3', 'message 3']);
    assert.equal((run.snapshot as DeltaSnapshot).link, link('deltatoken=r1'));
    assert.ok(nock.isDone(), 'every request was made');
  });

  it('after 410 in the middle of an incremental round, still emits an older change the round had not reached', async () => {
    const flow = new Flow(trigger, CFG);
    catchUp('1970-01-01T00:00:00Z', [graphMessage(1, '2026-11-23T10:00:00Z')]);
    deltaStart().reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.deltaLink': link('deltatoken=d1') });
    await flow.tick();
    // Graph lists the 10:10 change first; the 10:01 one would have come on the next page, which is lost.
    nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(200, { value: [graphMessage(2, '2026-11-23T10:10:00Z')], '@odata.nextLink': link('skiptoken=q2') });
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'q2' }).reply(410, EXPIRED);
    catchUp('2026-11-23T09:59:55Z', [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(3, '2026-11-23T10:01:00Z'), graphMessage(2, '2026-11-23T10:10:00Z')]);
    deltaStart().reply(200, { value: [graphMessage(2, '2026-11-23T10:10:00Z'), graphMessage(3, '2026-11-23T10:01:00Z'), graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.deltaLink': link('deltatoken=r1') });
    const run = await flow.tick();
    assert.equal(run.error, undefined);
    assert.deepEqual(subjects(flow.emitted), ['message 1', 'message 2', 'message 3', 'message 2']);
    assert.ok(nock.isDone(), 'every request was made');
  });

  it('a token lost twice in one execution fails it, leaving a snapshot that catches up next time', async () => {
    const flow = new Flow(trigger, CFG);
    flow.snapshot = { v: 2, mode: 'delta', since: '2026-11-23T10:00:00Z', seen: [], link: link('deltatoken=d1') };
    nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(410, EXPIRED);
    catchUp('2026-11-23T10:00:00Z', []);
    deltaStart().reply(200, { value: [], '@odata.nextLink': link('skiptoken=p2') });
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'p2' }).reply(410, EXPIRED);
    const run = await flow.tick();
    assert.match(run.error?.message ?? '', /SyncStateNotFound/);
    assert.deepEqual(flow.snapshot, { v: 2, mode: 'delta', since: '2026-11-23T10:00:00Z', seen: [] });
  });

  it('switches from the lastModifiedDateTime cursor to delta without emitting old mail again', async () => {
    // The old component's "gt 10:00:00.999" is "ge 10:00:01".
    catchUp('2026-11-23T10:00:01Z', [graphMessage(3, '2026-11-23T10:00:07Z')]);
    deltaStart().reply(200, {
      value: [graphMessage(1, '2026-11-23T09:00:00Z'), graphMessage(2, '2026-11-23T10:00:00Z'), graphMessage(3, '2026-11-23T10:00:07Z')],
      '@odata.deltaLink': link('deltatoken=d1'),
    });
    const run = await execute(trigger, CFG, { lastModifiedDateTime: '2026-11-23T10:00:00.999Z' });
    assert.deepEqual(subjects(run.bodies), ['message 3']);
  });

  it('applies "unread only" itself in rounds, as the delta query cannot filter on isRead', async () => {
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 1970-01-01T00:00:00Z and isRead eq false').reply(200, { value: [] });
    deltaStart().reply(200, {
      value: [graphMessage(1, '2026-11-23T10:00:00Z', { isRead: true }), graphMessage(2, '2026-11-23T10:00:01Z')], '@odata.deltaLink': link('deltatoken=d1'),
    });
    const run = await execute(trigger, { ...CFG, pollOnlyUnreadMail: 'on' }, {});
    assert.deepEqual(subjects(run.bodies), ['message 2']);
  });

  it('applies the sender, importance, flag and category filters itself in rounds, and in the catch-up query', async () => {
    nock(GRAPH).get(LIST).query((q) => q.$filter === "lastModifiedDateTime ge 1970-01-01T00:00:00Z and from/emailAddress/address eq 'orders@contoso.example'"
      + " and importance eq 'high' and flag/flagStatus eq 'flagged' and categories/any(c:c eq 'Orders')").reply(200, { value: [] });
    const ok = { from: { emailAddress: { address: 'ORDERS@contoso.example' } }, importance: 'high', flag: { flagStatus: 'flagged' }, categories: ['orders'] };
    deltaStart().reply(200, {
      value: [
        graphMessage(1, '2026-11-23T10:00:00Z', ok), graphMessage(2, '2026-11-23T10:00:01Z', { ...ok, importance: 'low' }),
        graphMessage(3, '2026-11-23T10:00:02Z', { ...ok, categories: [] }), graphMessage(4, '2026-11-23T10:00:03Z', { ...ok, flag: { flagStatus: 'complete' } }),
        graphMessage(5, '2026-11-23T10:00:04Z', { ...ok, from: { emailAddress: { address: 'x@contoso.example' } } }),
      ],
      '@odata.deltaLink': link('deltatoken=d1'),
    });
    const run = await execute(trigger, { ...CFG, from: 'orders@contoso.example', importance: 'high', flagged: true, categories: ['Orders'] }, {});
    assert.deepEqual(subjects(run.bodies), ['message 1']);
  });

  describe('partial delta items (microsoft-graph-docs issue 7776)', () => {
    /** What Graph has been seen to send for a read toggle: id, the changed property and the folder, nothing else. */
    const partial = (n: number, isRead: boolean) => ({ '@odata.type': '#microsoft.graph.message', '@odata.etag': `W/"CQAAABYAAAD${n}-read"`, id: messageId(n), isRead, parentFolderId: 'inbox-id' });
    const message = (n: number) => `/v1.0/me/messages/${encodeURIComponent(messageId(n))}`;

    async function afterFirstRound(): Promise<Flow> {
      const flow = new Flow(trigger, CFG);
      catchUp('1970-01-01T00:00:00Z', [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:01Z')]);
      deltaStart().reply(200, { value: [], '@odata.deltaLink': link('deltatoken=d1') });
      await flow.tick();
      return flow;
    }

    it('completes an item that lacks selected properties with a GET of the same $select before emitting it', async () => {
      const flow = await afterFirstRound();
      const rec = recorder();
      nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(200, { value: [partial(1, true)], '@odata.deltaLink': link('deltatoken=d2') });
      const full = graphMessage(1, '2026-11-23T10:07:00Z', { changeKey: 'CQAAABYAAAD1-read', isRead: true });
      nock(GRAPH).get(message(1)).query(true).reply(rec.reply(200, full));
      await flow.tick();
      const select = new URL(rec.seen[0].uri, GRAPH).searchParams.get('$select') as string;
      assert.match(select, /^id,createdDateTime,lastModifiedDateTime,changeKey,.*,body,.*,flag$/);
      const emitted = flow.emitted.slice(2);
      assert.equal(emitted.length, 1);
      assert.equal(emitted[0].subject, 'message 1', 'emitted whole, never stripped');
      assert.equal(emitted[0].isRead, true);
      assert.equal(emitted[0].changeKey, 'CQAAABYAAAD1-read');
    });

    it('leaves out a partial item that is gone when re-read, and says so', async () => {
      const flow = await afterFirstRound();
      nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(200, { value: [partial(2, true)], '@odata.deltaLink': link('deltatoken=d2') });
      nock(GRAPH).get(message(2)).query(true).reply(404, { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } });
      const run = await flow.tick();
      assert.equal(run.error, undefined);
      assert.equal(flow.emitted.length, 2);
      assert.match(run.ctx.logText(), /1 changed items gone since/);
    });

    it('emits a read toggle that kept its lastModifiedDateTime once, and a replay of it not again', async () => {
      const flow = await afterFirstRound();
      const full = graphMessage(1, '2026-11-23T10:00:00Z', { changeKey: 'CQAAABYAAAD1-read', isRead: true });
      nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(200, { value: [partial(1, true)], '@odata.deltaLink': link('deltatoken=d2') });
      nock(GRAPH).get(message(1)).query(true).reply(200, full);
      await flow.tick();
      nock(GRAPH).get(DELTA).query({ $deltatoken: 'd2' }).reply(200, { value: [full], '@odata.deltaLink': link('deltatoken=d3') });
      await flow.tick();
      assert.deepEqual(flow.emitted.slice(2).map((b) => [b.subject, b.isRead]), [['message 1', true]]);
    });
  });
});
