import assert from 'node:assert/strict';
import nock from 'nock';
import * as getSchedule from '../../../lib/functions/calendar/getSchedule';
import { GraphError } from '../../../lib/graph/errors';
import { planSchedule } from '../../../lib/outlook/calendar/schedule';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

interface Body { schedules: string[]; startTime: { dateTime: string; timeZone: string }; endTime: { dateTime: string; timeZone: string }; availabilityViewInterval: number }
type Out = { scheduleId: string; status: string; available: boolean; availabilityView: string; scheduleItems: unknown[]; error?: unknown; workingHours?: unknown };

const HOURS = { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'UTC' } };
const slot = (status: string, from: string, to: string): Record<string, unknown> => ({
  isPrivate: false, status, start: { dateTime: `${from}.0000000`, timeZone: 'UTC' }, end: { dateTime: `${to}.0000000`, timeZone: 'UTC' },
});
const addresses = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}@contoso.com`);

describe('getSchedule action', () => {
  useNockEnvironment();

  it('asks for every address over the window in its zone, with the slot length, and emits one message per person', async () => {
    const sent: Body[] = [];
    nock(GRAPH, { reqheaders: { prefer: (v) => v.includes('outlook.timezone="Pacific Standard Time"') } })
      .post('/v1.0/me/calendar/getSchedule', (b: Body) => { sent.push(b); return true; })
      .reply(200, { value: [
        { scheduleId: 'ann@contoso.com', availabilityView: '020', scheduleItems: [slot('busy', '2026-12-01T10:00:00', '2026-12-01T11:00:00')], workingHours: HOURS },
        { scheduleId: 'room.101@contoso.com', availabilityView: '000', scheduleItems: [], workingHours: HOURS },
      ] });
    const { data } = await run(getSchedule, {
      schedules: 'ann@contoso.com, Room 101 <room.101@contoso.com>', start: '2026-12-01T09:00', end: { dateTime: '2026-12-01T12:00', timeZone: 'W. Europe Standard Time' },
      timeZone: 'Europe/Berlin', intervalMinutes: 60, outputTimeZone: 'Pacific Standard Time',
    });
    assert.deepEqual(sent, [{
      schedules: ['ann@contoso.com', 'room.101@contoso.com'],
      startTime: { dateTime: '2026-12-01T09:00:00', timeZone: 'Europe/Berlin' }, endTime: { dateTime: '2026-12-01T12:00:00', timeZone: 'W. Europe Standard Time' },
      availabilityViewInterval: 60,
    }]);
    assert.equal(data.length, 2);
    assert.deepEqual(data[0], {
      scheduleId: 'ann@contoso.com', status: 'busy', available: false, availabilityView: '020',
      scheduleItems: [slot('busy', '2026-12-01T10:00:00', '2026-12-01T11:00:00')], workingHours: HOURS,
      start: { dateTime: '2026-12-01T09:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-01T12:00:00', timeZone: 'W. Europe Standard Time' }, intervalMinutes: 60,
    });
    assert.deepEqual([(data[1] as Out).status, (data[1] as Out).available], ['free', true]);
  });

  it('defaults to 30-minute slots over one day from the start, on another user\'s mailbox', async () => {
    let sent: Body | undefined;
    nock(GRAPH).post('/v1.0/users/adele%40contoso.com/calendar/getSchedule', (b: Body) => { sent = b; return true; })
      .reply(200, { value: [{ scheduleId: 'ann@contoso.com', availabilityView: '0'.repeat(48), scheduleItems: [] }] });
    await run(getSchedule, { schedules: ['ann@contoso.com'], start: '2026-12-01T00:00:00Z', mailbox: 'adele@contoso.com' });
    assert.deepEqual(sent, {
      schedules: ['ann@contoso.com'], startTime: { dateTime: '2026-12-01T00:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2026-12-02T00:00:00', timeZone: 'UTC' },
      availabilityViewInterval: 30,
    });
  });

  it('splits more than 20 people into requests of 20 and emits them in the order given, each address once', async () => {
    const people = addresses(45);
    const sent: string[][] = [];
    nock(GRAPH).post('/v1.0/me/calendar/getSchedule', (b: Body) => { sent.push(b.schedules); return true; }).times(3)
      .reply(200, (_uri, b) => ({ value: (b as Body).schedules.map((s) => ({ scheduleId: s, availabilityView: '0', scheduleItems: [] })) }));
    const { data } = await run(getSchedule, { schedules: [...people, 'P03@contoso.com'], start: '2026-12-01T09:00Z', end: '2026-12-01T09:30Z' });
    assert.deepEqual(sent, [people.slice(0, 20), people.slice(20, 40), people.slice(40)]);
    assert.deepEqual(data.map((d) => (d as Out).scheduleId), people);
  });

  it('splits a window of 62 days or more into parts of whole slots, joins the views and keeps an item spanning the boundary once', async () => {
    const sent: Body[] = [];
    // 2026-12-01 00:00 Berlin is 2026-11-30T23:00Z; a part is 1487 one-hour slots (less than 62 days): 2027-01-31T22:00Z.
    const spanning = slot('oof', '2027-01-31T20:00:00', '2027-02-01T02:00:00');
    const first = { scheduleId: 'ann@contoso.com', availabilityView: `${'0'.repeat(1485)}33`, scheduleItems: [slot('busy', '2026-12-01T09:00:00', '2026-12-01T10:00:00'), spanning], workingHours: HOURS };
    const second = { scheduleId: 'ann@contoso.com', availabilityView: `3333${'0'.repeat(4)}`, scheduleItems: [spanning] };
    nock(GRAPH)
      .post('/v1.0/me/calendar/getSchedule', (b: Body) => { sent.push(b); return true; }).reply(200, { value: [first] })
      .post('/v1.0/me/calendar/getSchedule', (b: Body) => { sent.push(b); return true; }).reply(200, { value: [second] });
    const { data } = await run(getSchedule, { schedules: 'ann@contoso.com', start: '2026-12-01T00:00', end: '2027-02-01T06:00', timeZone: 'Europe/Berlin', intervalMinutes: 60 });
    assert.deepEqual(sent.map((b) => [b.startTime, b.endTime, b.availabilityViewInterval]), [
      [{ dateTime: '2026-12-01T00:00:00', timeZone: 'Europe/Berlin' }, { dateTime: '2027-01-31T22:00:00', timeZone: 'UTC' }, 60],
      [{ dateTime: '2027-01-31T22:00:00', timeZone: 'UTC' }, { dateTime: '2027-02-01T06:00:00', timeZone: 'Europe/Berlin' }, 60],
    ]);
    const [ann] = data as Out[];
    assert.equal(ann.availabilityView, `${'0'.repeat(1485)}333333${'0'.repeat(4)}`);
    assert.equal(ann.availabilityView.length, 1495, 'one digit per hour from 2026-11-30T23:00Z to 2027-02-01T05:00Z');
    assert.deepEqual(ann.scheduleItems, [slot('busy', '2026-12-01T09:00:00', '2026-12-01T10:00:00'), spanning]);
    assert.deepEqual([ann.status, ann.workingHours], ['oof', HOURS]);
  });

  it('plans parts on whole slots for any slot length, the window\'s own ends kept as given', () => {
    const start = { dateTime: '2026-12-01T00:00:00', timeZone: 'UTC' };
    for (const interval of [5, 7, 30, 45, 1440]) {
      const parts = planSchedule({ schedules: ['a@contoso.com'], start, end: { dateTime: '2027-06-01T00:00:00', timeZone: 'UTC' }, intervalMinutes: interval });
      assert.deepEqual(parts[0].start, start);
      assert.deepEqual(parts[parts.length - 1].end, { dateTime: '2027-06-01T00:00:00', timeZone: 'UTC' });
      for (const p of parts.slice(0, -1)) {
        const minutes = (Date.parse(`${p.end.dateTime}Z`) - Date.parse(`${p.start.dateTime}Z`)) / 60_000;
        assert.ok(minutes < 62 * 1440 && minutes % interval === 0, `${interval}: ${minutes} minutes`);
      }
    }
    assert.equal(planSchedule({ schedules: addresses(41), start, end: { dateTime: '2026-12-02T00:00:00', timeZone: 'UTC' }, intervalMinutes: 30 }).length, 3);
  });

  it('keeps a person\'s error from any part, with an empty view and status unknown', async () => {
    nock(GRAPH)
      .post('/v1.0/me/calendar/getSchedule').reply(200, { value: [{ scheduleId: 'x@fabrikam.com', availabilityView: '0'.repeat(1487), scheduleItems: [] }] })
      .post('/v1.0/me/calendar/getSchedule').reply(200, { value: [{ scheduleId: 'x@fabrikam.com', availabilityView: '', scheduleItems: [], error: { message: 'not found', responseCode: 'ErrorMailRecipientNotFound' } }] });
    const { data } = await run(getSchedule, { schedules: 'x@fabrikam.com', start: '2026-12-01T00:00Z', end: '2027-02-15T00:00Z', intervalMinutes: 60 });
    assert.deepEqual(data, [{
      scheduleId: 'x@fabrikam.com', status: 'unknown', available: false, availabilityView: '', scheduleItems: [],
      error: { message: 'not found', responseCode: 'ErrorMailRecipientNotFound' },
      start: { dateTime: '2026-12-01T00:00:00', timeZone: 'UTC' }, end: { dateTime: '2027-02-15T00:00:00', timeZone: 'UTC' }, intervalMinutes: 60,
    }]);
  });

  it('emits all schedules in one message with Emit All', async () => {
    nock(GRAPH).post('/v1.0/me/calendar/getSchedule')
      .reply(200, { value: [{ scheduleId: 'a@contoso.com', availabilityView: '0', scheduleItems: [] }, { scheduleId: 'b@contoso.com', availabilityView: '1', scheduleItems: [] }] });
    const { data } = await run(getSchedule, { schedules: 'a@contoso.com; b@contoso.com', start: '2026-12-01T09:00Z', end: '2026-12-01T09:30Z' }, { emitBehavior: 'emitAll' });
    assert.equal(data.length, 1);
    const all = data[0] as { count: number; schedules: Out[] };
    assert.equal(all.count, 2);
    assert.deepEqual(all.schedules.map((s) => [s.scheduleId, s.status]), [['a@contoso.com', 'free'], ['b@contoso.com', 'tentative']]);
  });

  for (const [what, body, field] of [
    ['no people or rooms', { start: '2026-12-01T09:00Z', end: '2026-12-01T10:00Z' }, 'People or Rooms (schedules)'],
    ['an empty list of people', { schedules: ' , ', start: '2026-12-01T09:00Z', end: '2026-12-01T10:00Z' }, 'People or Rooms (schedules)'],
    ['a malformed address', { schedules: 'ann@contoso.com, bob@', start: '2026-12-01T09:00Z', end: '2026-12-01T10:00Z' }, 'People or Rooms (schedules)'],
    ['an end before the start', { schedules: 'ann@contoso.com', start: '2026-12-01T10:00', end: '2026-12-01T09:00' }, 'End (end)'],
    ['an end before the start across zones', { schedules: 'ann@contoso.com', start: { dateTime: '2026-12-01T10:00', timeZone: 'Tokyo Standard Time' }, end: '2026-12-01T00:30Z' }, 'End (end)'],
    ['an unknown zone', { schedules: 'ann@contoso.com', start: '2026-12-01T09:00', timeZone: 'Europe/Atlantis' }, 'Time Zone (timeZone)'],
    ['an unknown Windows zone in a date-time', { schedules: 'ann@contoso.com', start: { dateTime: '2026-12-01T09:00', timeZone: 'Atlantis Standard Time' } }, 'Start (start.timeZone)'],
    ['an unknown output zone', { schedules: 'ann@contoso.com', start: '2026-12-01T09:00', outputTimeZone: 'Moon/Base' }, 'Output Time Zone (outputTimeZone)'],
    ['a slot of 4 minutes', { schedules: 'ann@contoso.com', start: '2026-12-01T09:00', intervalMinutes: 4 }, 'Slot Length (minutes) (intervalMinutes)'],
    ['a slot longer than a day', { schedules: 'ann@contoso.com', start: '2026-12-01T09:00', intervalMinutes: 1441 }, 'Slot Length (minutes) (intervalMinutes)'],
    ['a window over a year', { schedules: 'ann@contoso.com', start: '2026-01-01T00:00Z', end: '2027-01-03T00:00Z' }, 'End (end)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(getSchedule, { ...body });
      assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }

  it('lets a Graph 400 propagate with its code', async () => {
    nock(GRAPH).post('/v1.0/me/calendar/getSchedule').reply(400, graphErrorBody('ErrorInvalidParameter', 'The requested time window must be less than 62 days.'));
    const { error } = await runFailing(getSchedule, { schedules: 'ann@contoso.com', start: '2026-12-01T09:00Z' });
    assert.ok(error instanceof GraphError);
    assert.equal(error.code, 'ErrorInvalidParameter');
  });
});
