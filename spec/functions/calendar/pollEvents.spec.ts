/** "New or Updated Events" against nock: the exact requests of both modes, links with their headers, removals, 410. */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import * as pollEvents from '../../../lib/functions/calendar/pollEvents';
import { fakeClock } from '../../support/clock';
import { AUTHORITY, CLIENT_ID, CLIENT_SECRET, GRAPH, recorder } from '../../support/graph';
import { execute, TriggerModule } from '../support/run';
import { useEnv } from '../support/mail';

const trigger = pollEvents as unknown as TriggerModule;
const LIST = '/v1.0/me/calendar/events';
const DELTA = '/v1.0/me/calendar/calendarView/delta';
const STATIC = { tenantId: 'common', oauth: { access_token: 'static-access-token-0123456789' } };
const NOW = '2026-11-23T12:00:00Z';

function graphEvent(n: number, lastModifiedDateTime: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const changeKey = `ZlnW4RIAV06KYYwlrfNZvQAAKGW${n}w==`;
  return {
    '@odata.etag': `W/"${changeKey}"`, id: `AAMkAGIAAAoZDOFAAA-${n}=`, createdDateTime: '2026-11-01T08:00:00.0000000Z', lastModifiedDateTime, changeKey,
    subject: `event ${n}`, type: 'singleInstance', isCancelled: false, isAllDay: false,
    start: { dateTime: '2026-12-01T10:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T11:00:00.0000000', timeZone: 'UTC' },
    ...extra,
  };
}

describe('"New or Updated Events" requests (nock)', () => {
  useEnv({ MSGRAPH_BASE_URL: GRAPH, MSAPP_AUTHORITY_HOST: AUTHORITY, MSAPP_CLIENT_ID: CLIENT_ID, MSAPP_CLIENT_SECRET: CLIENT_SECRET, ELASTICIO_FLOW_TYPE: undefined });
  afterEach(() => nock.cleanAll());

  it('asks the default calendar for events modified ge the start, oldest first, with $select and the output zone', async () => {
    const rec = recorder();
    nock(GRAPH).get(LIST).query(true).reply(rec.reply(200, { value: [graphEvent(1, '2026-11-23T10:00:00.1234567Z'), graphEvent(2, '2026-11-23T10:00:00.7654321Z')] }));
    const run = await execute(trigger, { ...STATIC, startTime: '2026-11-01T00:00:00Z', outputTimeZone: 'Europe/Berlin' }, {});
    assert.equal(run.error, undefined);
    const url = new URL(rec.seen[0].uri, GRAPH);
    assert.equal(url.searchParams.get('$filter'), 'lastModifiedDateTime ge 2026-11-01T00:00:00Z');
    assert.equal(url.searchParams.get('$orderby'), 'lastModifiedDateTime asc');
    assert.equal(url.searchParams.get('$top'), '500');
    assert.match(url.searchParams.get('$select') as string, /^id,createdDateTime,lastModifiedDateTime,changeKey,.*,isCancelled,.*,start,end,/);
    assert.equal(rec.seen[0].headers.prefer, 'IdType="ImmutableId", outlook.timezone="Europe/Berlin"');
    assert.deepEqual(run.bodies.map((b) => b.subject), ['event 1', 'event 2']);
    assert.equal(run.bodies[0]['@odata.etag'], undefined);
    const snapshot = run.snapshot as { mode: string; since: string; shown?: string };
    assert.equal(snapshot.mode, 'modified');
    assert.equal(snapshot.since, '2026-11-23T10:00:00.7654321Z');
    assert.equal(Buffer.from(snapshot.shown as string, 'base64url').length, 16, 'what was shown of both events is remembered (8 bytes each)');
  });

  it('addresses a calendar of a shared mailbox as encoded path segments', async () => {
    const calendarId = 'AAMkAGI2TG93AAA/cal+id=';
    nock(GRAPH).get(`/v1.0/users/ops%40contoso.com/calendars/${encodeURIComponent(calendarId)}/events`).query(true).reply(200, { value: [] });
    const run = await execute(trigger, { ...STATIC, calendarId, mailbox: 'ops@contoso.com' }, {});
    assert.equal(run.error, undefined);
  });

  it('follows a nextLink verbatim with the output zone again while a whole page shares one second', async () => {
    const s = '2026-11-23T10:00:00';
    const rec = recorder();
    const link = `${GRAPH}${LIST}?%24filter=x&%24skip=2`;
    nock(GRAPH).get(LIST).query((q) => q.$filter === 'lastModifiedDateTime ge 1970-01-01T00:00:00Z')
      .reply(200, { value: [graphEvent(1, `${s}.1000000Z`), graphEvent(2, `${s}.2000000Z`)], '@odata.nextLink': link });
    nock(GRAPH).get(LIST).query((q) => q.$filter === `lastModifiedDateTime ge ${s}Z`)
      .reply(200, { value: [graphEvent(1, `${s}.1000000Z`), graphEvent(2, `${s}.2000000Z`)], '@odata.nextLink': link });
    nock(GRAPH).get(`${LIST}?%24filter=x&%24skip=2`).reply(rec.reply(200, { value: [graphEvent(3, `${s}.3000000Z`)] }));
    const run = await execute(trigger, { ...STATIC, outputTimeZone: 'Pacific Standard Time' }, {});
    assert.equal(run.error, undefined);
    assert.deepEqual(run.bodies.map((b) => b.subject), ['event 1', 'event 2', 'event 3']);
    assert.equal(rec.seen[0].headers.prefer, 'IdType="ImmutableId", outlook.timezone="Pacific Standard Time"');
  });

  it('skips a version whose visible properties equal the ones last emitted for that event', async () => {
    nock(GRAPH).get(LIST).query(true).reply(200, { value: [graphEvent(1, '2026-11-23T10:00:00.1000000Z')] });
    const first = await execute(trigger, STATIC, {});
    const bumped = graphEvent(1, '2026-11-24T10:00:00.1000000Z', { changeKey: 'ZlnW4RIAV06KYYwlrfNZvQAAKGWxxx==', '@odata.etag': 'W/"ZlnW4RIAV06KYYwlrfNZvQAAKGWxxx=="' });
    nock(GRAPH).get(LIST).query(true).reply(200, { value: [bumped, graphEvent(1, '2026-11-24T10:00:01.1000000Z', { subject: 'renamed', changeKey: 'other' })] });
    const second = await execute(trigger, STATIC, first.snapshot);
    assert.deepEqual(second.bodies.map((b) => b.subject), ['renamed']);
    assert.match(second.ctx.logText(), /1 versions without visible changes/);
  });

  describe('occurrences', () => {
    it('runs a calendarView delta over today + Window days, page size and zone in Prefer, links followed with them, removals emitted', async () => {
      const rec = recorder();
      const next = `${GRAPH}${DELTA}?%24skiptoken=R0usmcCM996atia_s`;
      const deltaLink = `${GRAPH}${DELTA}?%24deltatoken=R0usmcMDNGg0J1E`;
      nock(GRAPH).get(DELTA).query({ startDateTime: '2026-11-23T00:00:00Z', endDateTime: '2026-12-07T00:00:00Z' })
        .reply(rec.reply(200, { value: [graphEvent(1, '2026-11-20T10:00:00.1000000Z', { type: 'occurrence', seriesMasterId: 'master' })], '@odata.nextLink': next }));
      nock(GRAPH).get(DELTA).query({ $skiptoken: 'R0usmcCM996atia_s' }).reply(rec.reply(200, {
        value: [{ '@odata.type': '#microsoft.graph.event', id: 'gone-1', '@removed': { reason: 'deleted' } }, graphEvent(2, '2026-11-21T10:00:00.1000000Z')],
        '@odata.deltaLink': deltaLink,
      }));
      const run = await execute(trigger, { ...STATIC, emitOccurrences: true, windowDays: 14, reportRemovals: true, outputTimeZone: 'UTC' }, {}, { clock: fakeClock({ start: NOW }) });
      assert.equal(run.error, undefined);
      assert.deepEqual(rec.seen.map((r) => r.headers.prefer), [0, 1].map(() => 'IdType="ImmutableId", odata.maxpagesize=500, outlook.timezone="UTC"'));
      assert.deepEqual(run.bodies.map((b) => b.subject ?? b), ['event 1', { id: 'gone-1', removed: true, reason: 'deleted' }, 'event 2']);
      const snapshot = run.snapshot as { mode: string; link: string; scope: string };
      assert.equal(snapshot.mode, 'delta');
      assert.equal(snapshot.link, deltaLink);
      assert.equal(snapshot.scope, '2026-11-23T00:00:00Z/2026-12-07T00:00:00Z');
    });

    it('starts a new full round from the cursor after a 410, without any lastModifiedDateTime query', async () => {
      const deltaLink = `${GRAPH}${DELTA}?%24deltatoken=expired`;
      nock(GRAPH).get(DELTA).query({ $deltatoken: 'expired' }).reply(410, { error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found;generation=4;' } });
      nock(GRAPH).get(DELTA).query({ startDateTime: '2026-11-23T00:00:00Z', endDateTime: '2026-12-23T00:00:00Z' })
        .reply(200, { value: [graphEvent(1, '2026-11-01T10:00:00.1000000Z'), graphEvent(2, '2026-11-23T11:00:00.1000000Z')], '@odata.deltaLink': `${GRAPH}${DELTA}?%24deltatoken=fresh` });
      const snapshot = { v: 2, mode: 'delta', since: '2026-11-22T10:00:00.1000000Z', seen: [], link: deltaLink, scope: '2026-11-23T00:00:00Z/2026-12-23T00:00:00Z' };
      const run = await execute(trigger, { ...STATIC, emitOccurrences: true }, snapshot, { clock: fakeClock({ start: NOW }) });
      assert.equal(run.error, undefined);
      assert.deepEqual(run.bodies.map((b) => b.subject), ['event 2'], 'the unchanged event 1 of the full listing is not emitted');
      assert.match(run.ctx.logText(), /the delta token expired \(SyncStateNotFound\)/);
      assert.ok(nock.isDone());
    });

    it('retrieves a sample from the first delta page: at most 10, no snapshot', async () => {
      process.env.ELASTICIO_FLOW_TYPE = 'debug';
      try {
        const rec = recorder();
        nock(GRAPH).get(DELTA).query(true).reply(rec.reply(200, { value: Array.from({ length: 10 }, (_, i) => graphEvent(i, '2026-11-23T10:00:00.1000000Z')) }));
        const run = await execute(trigger, { ...STATIC, emitOccurrences: true }, {}, { clock: fakeClock({ start: NOW }) });
        assert.equal(run.error, undefined);
        assert.equal(rec.seen[0].headers.prefer, 'IdType="ImmutableId", odata.maxpagesize=10');
        assert.equal(run.bodies.length, 10);
        assert.deepEqual(run.ctx.emittedOf('snapshot'), []);
      } finally {
        delete process.env.ELASTICIO_FLOW_TYPE;
      }
    });
  });
});
