/** "Upcoming Events" against nock: the exact calendarView requests, the snapshot, a foreign snapshot, throttling. */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import * as upcomingEvents from '../../../lib/functions/calendar/upcomingEvents';
import { fakeClock } from '../../support/clock';
import { AUTHORITY, CLIENT_ID, CLIENT_SECRET, GRAPH, recorder } from '../../support/graph';
import { execute, TriggerModule } from '../support/run';
import { useEnv } from '../support/mail';

const trigger = upcomingEvents as unknown as TriggerModule;
const VIEW = '/v1.0/me/calendar/calendarView';
const STATIC = { tenantId: 'common', oauth: { access_token: 'static-access-token-0123456789' }, minutesBefore: 30 };
const NOW = '2026-11-23T12:00:00Z';

function occurrence(n: number, start: string, zone = 'UTC'): Record<string, unknown> {
  return {
    '@odata.etag': `W/"key${n}"`, id: `AAMkAGIAAAoZDOFAAA-${n}=`, subject: `event ${n}`, type: 'occurrence', isCancelled: false, isAllDay: false,
    start: { dateTime: `${start}.0000000`, timeZone: zone }, end: { dateTime: `${start}.0000000`, timeZone: zone },
  };
}

describe('"Upcoming Events" requests (nock)', () => {
  useEnv({ MSGRAPH_BASE_URL: GRAPH, MSAPP_AUTHORITY_HOST: AUTHORITY, MSAPP_CLIENT_ID: CLIENT_ID, MSAPP_CLIENT_SECRET: CLIENT_SECRET, ELASTICIO_FLOW_TYPE: undefined });
  afterEach(() => nock.cleanAll());

  it('lists the calendarView a day around the due window in UTC, then again in the output zone, and emits what is due', async () => {
    const rec = recorder();
    const next = `${GRAPH}${VIEW}?startDateTime=x&%24skip=1`;
    nock(GRAPH).get(VIEW).query((q) => q.startDateTime === '2026-11-22T12:00:00Z' && q.endDateTime === '2026-11-24T12:30:00Z' && q.$top === '500' && typeof q.$select === 'string')
      .times(2).reply(rec.reply(200, { value: [occurrence(1, '2026-11-23T12:10:00'), occurrence(2, '2026-11-23T13:00:00')], '@odata.nextLink': next }));
    nock(GRAPH).get(`${VIEW}?startDateTime=x&%24skip=1`).times(2).reply(rec.reply(200, { value: [occurrence(3, '2026-11-23T12:20:00')] }));
    const run = await execute(trigger, { ...STATIC, calendarId: '', outputTimeZone: 'Europe/Berlin' }, {}, { clock: fakeClock({ start: NOW }) });
    assert.equal(run.error, undefined);
    assert.deepEqual(rec.seen.map((r) => r.headers.prefer), ['IdType="ImmutableId"', 'IdType="ImmutableId"', 'IdType="ImmutableId", outlook.timezone="Europe/Berlin"', 'IdType="ImmutableId", outlook.timezone="Europe/Berlin"']);
    assert.deepEqual(run.bodies.map((b) => [b.subject, b.dueDateTime]), [['event 1', '2026-11-23T12:10:00Z'], ['event 3', '2026-11-23T12:20:00Z']]);
    assert.equal(run.bodies[0]['@odata.etag'], undefined);
    const snapshot = run.snapshot as { v: number; kind: string; from: string; seen: string[] };
    assert.deepEqual([snapshot.v, snapshot.kind, snapshot.from, snapshot.seen.length], [1, 'upcoming', NOW.replace('Z', '.000Z'), 2]);
    assert.match(snapshot.seen[0], /^[0-9a-z]+\.[A-Za-z0-9_-]{10}$/);
  });

  it('addresses a calendar of a shared mailbox as encoded path segments', async () => {
    const calendarId = 'AAMkAGI2TG93AAA/cal+id=';
    nock(GRAPH).get(`/v1.0/users/ops%40contoso.com/calendars/${encodeURIComponent(calendarId)}/calendarView`).query(true).reply(200, { value: [] });
    const run = await execute(trigger, { ...STATIC, calendarId, mailbox: 'ops@contoso.com' }, {}, { clock: fakeClock({ start: NOW }) });
    assert.equal(run.error, undefined);
  });

  it('says which calendar was not found', async () => {
    nock(GRAPH).get('/v1.0/me/calendars/nope/calendarView').query(true).reply(404, { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } });
    const run = await execute(trigger, { ...STATIC, calendarId: 'nope' }, {}, { clock: fakeClock({ start: NOW }) });
    assert.match(String(run.error?.message), /Calendar "nope" not found in mailbox/);
  });

  it('refuses a snapshot it does not know before any request', async () => {
    const run = await execute(trigger, STATIC, { v: 2, mode: 'modified', since: NOW, seen: [] }, { clock: fakeClock({ start: NOW }) });
    assert.match(String(run.error?.message), /snapshot.*unrecognised stored state of Upcoming Events/);
  });

  it('stops cleanly, keeping its snapshot, when throttling outlasts the retry budget', async () => {
    nock(GRAPH).get(VIEW).query(true).reply(429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } }, { 'Retry-After': '600' });
    const before = { v: 1, kind: 'upcoming', from: '2026-11-23T11:59:00.000Z', seen: [] };
    const run = await execute(trigger, STATIC, before, { clock: fakeClock({ start: NOW }) });
    assert.equal(run.error, undefined);
    assert.deepEqual(run.snapshot, before);
    assert.match(run.ctx.logText(), /keeps throttling/);
  });
});
