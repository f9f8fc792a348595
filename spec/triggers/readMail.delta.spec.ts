/** "Poll for New Mail" in delta mode against nock: rounds, resuming, deletions, 410 resync. */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import * as readMail from '../../lib/triggers/readMail';
import { GRAPH, recorder } from '../support/graph';
import { Flow, TriggerModule, execute } from './support/run';
import { graphMessage, messageId, useEnv } from './support/mail';

const trigger = readMail as unknown as TriggerModule;
const DELTA = '/v1.0/me/mailFolders/inbox/messages/delta';
const CFG = { oauth: { access_token: 'static-access-token-0123456789' }, folderId: 'inbox', pollingMode: 'delta' };
const link = (token: string): string => `${GRAPH}${DELTA}?$${token}`;
const removed = (n: number) => ({ '@odata.type': '#microsoft.graph.message', id: messageId(n), '@removed': { reason: 'deleted' } });

describe('"Poll for New Mail" delta mode (nock)', () => {
  useEnv({ MSGRAPH_BASE_URL: GRAPH, ELASTICIO_FLOW_TYPE: undefined });

  it('runs a first round with $select and odata.maxpagesize, then stores the deltaLink', async () => {
    const rec = recorder();
    nock(GRAPH).get(DELTA).query((q) => typeof q.$select === 'string' && q.$select.includes('changeKey') && q.$top === undefined)
      .reply(rec.reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.nextLink': link('skiptoken=p2') }));
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'p2' })
      .reply(rec.reply(200, { value: [graphMessage(2, '2026-11-23T10:00:01Z'), removed(9)], '@odata.deltaLink': link('deltatoken=d1') }));
    const run = await execute(trigger, CFG, {});
    assert.equal(run.error, undefined);
    assert.deepEqual(rec.seen.map((r) => r.headers.prefer), ['IdType="ImmutableId", odata.maxpagesize=1000', 'IdType="ImmutableId", odata.maxpagesize=1000']);
    assert.deepEqual(run.bodies.map((b) => b.subject), ['message 1', 'message 2']);
    const snapshot = run.snapshot as { mode: string; link: string; resync?: unknown };
    assert.equal(snapshot.mode, 'delta');
    assert.equal(snapshot.link, link('deltatoken=d1'));
    assert.equal(snapshot.resync, undefined);
    assert.match(run.ctx.logText(), /1 deletions ignored/);
  });

  it('continues from the stored deltaLink, emits changes, skips replays of emitted versions and deletions', async () => {
    const flow = new Flow(trigger, CFG);
    nock(GRAPH).get(DELTA).query(true).reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.deltaLink': link('deltatoken=d1') });
    await flow.tick();
    nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(200, {
      value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(1, '2026-11-23T10:05:00Z', { changeKey: 'CQAAABYAAAD1-v2', subject: 'edited' }), removed(1), graphMessage(3, '2026-11-23T10:05:00Z')],
      '@odata.deltaLink': link('deltatoken=d2'),
    });
    await flow.tick();
    assert.deepEqual(flow.emitted.map((b) => b.subject), ['message 1', 'edited', 'message 3']);
    assert.equal((flow.snapshot as { link: string }).link, link('deltatoken=d2'));
  });

  it('resumes an interrupted round from its stored nextLink', async () => {
    const flow = new Flow(trigger, CFG);
    nock(GRAPH).get(DELTA).query(true).reply(200, { value: [graphMessage(1, '2026-11-23T10:00:00Z')], '@odata.nextLink': link('skiptoken=p2') });
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'p2' }).reply(503, { error: { code: 'ServiceUnavailable', message: 'down' } }).persist();
    const failed = await flow.tick();
    nock.cleanAll();
    assert.match(failed.error?.message ?? '', /ServiceUnavailable/);
    assert.equal((flow.snapshot as { link: string }).link, link('skiptoken=p2'));
    nock(GRAPH).get(DELTA).query({ $skiptoken: 'p2' }).reply(200, { value: [graphMessage(2, '2026-11-23T10:00:01Z')], '@odata.deltaLink': link('deltatoken=d1') });
    await flow.tick();
    assert.deepEqual(flow.emitted.map((b) => b.subject), ['message 1', 'message 2']);
  });

  it('resyncs after 410 SyncStateNotFound without emitting again what was already emitted', async () => {
    const flow = new Flow(trigger, CFG);
    nock(GRAPH).get(DELTA).query(true).reply(200, {
      value: [graphMessage(1, '2026-11-23T10:00:00Z'), graphMessage(2, '2026-11-23T10:00:00Z')], '@odata.deltaLink': link('deltatoken=d1'),
    });
    await flow.tick();
    nock(GRAPH).get(DELTA).query({ $deltatoken: 'd1' }).reply(410, {
      error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found; generation=149;[highest=157][157][155][156].' },
    });
    // The resync lists the whole folder again, in no particular order.
    nock(GRAPH).get(DELTA).query((q) => q.$select !== undefined).reply(200, {
      value: [graphMessage(4, '2026-11-23T11:00:00Z'), graphMessage(2, '2026-11-23T10:00:00Z'), graphMessage(3, '2026-11-23T10:00:00Z'), graphMessage(1, '2026-11-23T10:00:00Z')],
      '@odata.deltaLink': link('deltatoken=r1'),
    });
    const run = await flow.tick();
    assert.equal(run.error, undefined);
    assert.deepEqual(flow.emitted.map((b) => b.subject), ['message 1', 'message 2', 'message 4', 'message 3']);
    assert.match(run.ctx.logText(), /warn: .*delta token expired \(SyncStateNotFound\)/);
    const snapshot = flow.snapshot as { link: string; resync?: unknown };
    assert.equal(snapshot.link, link('deltatoken=r1'));
    assert.equal(snapshot.resync, undefined);
  });

  it('switches from the lastModifiedDateTime cursor to delta without emitting old mail again', async () => {
    nock(GRAPH).get(DELTA).query(true).reply(200, {
      value: [graphMessage(1, '2026-11-23T09:00:00Z'), graphMessage(2, '2026-11-23T10:00:00Z'), graphMessage(3, '2026-11-23T10:00:07Z')],
      '@odata.deltaLink': link('deltatoken=d1'),
    });
    const run = await execute(trigger, CFG, { lastModifiedDateTime: '2026-11-23T10:00:00.999Z' });
    assert.deepEqual(run.bodies.map((b) => b.subject), ['message 3']);
  });

  it('applies "unread only" itself, as the delta query cannot filter on isRead', async () => {
    nock(GRAPH).get(DELTA).query(true).reply(200, {
      value: [graphMessage(1, '2026-11-23T10:00:00Z', { isRead: true }), graphMessage(2, '2026-11-23T10:00:01Z')], '@odata.deltaLink': link('deltatoken=d1'),
    });
    const run = await execute(trigger, { ...CFG, pollOnlyUnreadMail: 'on' }, {});
    assert.deepEqual(run.bodies.map((b) => b.subject), ['message 2']);
  });
});
