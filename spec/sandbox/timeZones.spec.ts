import assert from 'node:assert/strict';
import { resolveZone } from '../../dev/sandbox/calendar/timeZones';
import { canonicalIana, fromWindows, windowsZoneNames } from '../../lib/outlook/values/zones';
import { GraphItem, GraphPage, sandboxPerTest } from './helpers';

const VIEW = (from: string, to: string): string => `/me/calendarView?startDateTime=${encodeURIComponent(from)}&endDateTime=${encodeURIComponent(to)}&$top=100`;
type Slot = { dateTime: string; timeZone: string };

describe('sandbox time zones', () => {
  // The sandbox keeps its own short Windows table (dev/sandbox/calendar/timeZones.ts); it must agree with CLDR.
  it('maps every Windows zone it knows to the IANA zone CLDR gives for territory 001', () => {
    let known = 0;
    for (const name of windowsZoneNames()) {
      const mine = resolveZone(name);
      if (mine === undefined) continue;
      known += 1;
      assert.equal(canonicalIana(mine), canonicalIana(fromWindows(name)?.iana ?? ''), `${name}: sandbox ${mine}, CLDR ${fromWindows(name)?.iana}`);
    }
    assert.ok(known >= 45, `${known} Windows zones modelled`);
    for (const name of ['W. Europe Standard Time', 'Pacific Standard Time', 'Tokyo Standard Time', 'New Zealand Standard Time', 'India Standard Time', 'UTC']) {
      assert.ok(resolveZone(name), `${name} is modelled`);
    }
  });

  describe('calendarView', () => {
    const t = sandboxPerTest();

    async function create(body: Record<string, unknown>): Promise<GraphItem> {
      const reply = await t.graph.post('/me/events', body);
      assert.equal(reply.status, 201, reply.text);
      return reply.json<GraphItem>();
    }
    async function view(from: string, to: string, zone?: string): Promise<GraphItem[]> {
      return (await t.graph.ok<GraphPage>(VIEW(from, to), zone ? { Prefer: `outlook.timezone="${zone}"` } : undefined)).value;
    }
    const starts = (items: GraphItem[]): string[] => items.map((e) => (e.start as Slot).dateTime);

    it('keeps the wall-clock time of a weekly series across a DST switch (Europe, Windows zone)', async () => {
      // Europe springs forward on Sunday 2027-03-28: Monday 09:30 in Berlin is 08:30 UTC before and 07:30 UTC after.
      const zone = 'W. Europe Standard Time';
      await create({
        subject: 'Weekly', start: { dateTime: '2027-03-15T09:30:00', timeZone: zone }, end: { dateTime: '2027-03-15T10:00:00', timeZone: zone },
        recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'noEnd', startDate: '2027-03-15' } },
      });
      const local = await view('2027-03-20T00:00:00Z', '2027-04-06T00:00:00Z', zone);
      assert.deepEqual(starts(local), ['2027-03-22T09:30:00.0000000', '2027-03-29T09:30:00.0000000', '2027-04-05T09:30:00.0000000']);
      assert.ok(local.every((e) => (e.start as Slot).timeZone === zone && (e.end as Slot).dateTime.endsWith('T10:00:00.0000000')));
      assert.deepEqual(starts(await view('2027-03-20T00:00:00Z', '2027-04-06T00:00:00Z')), ['2027-03-22T08:30:00.0000000', '2027-03-29T07:30:00.0000000', '2027-04-05T07:30:00.0000000']);
    });

    it('keeps the wall-clock time of a weekly series across a DST switch (US, IANA zone)', async () => {
      // The US springs forward on Sunday 2027-03-14: Friday 16:00 in Los Angeles is 00:00 UTC (next day) before, 23:00 UTC after.
      const zone = 'America/Los_Angeles';
      await create({
        subject: 'Friday', start: { dateTime: '2027-03-05T16:00:00', timeZone: zone }, end: { dateTime: '2027-03-05T17:00:00', timeZone: zone },
        recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['friday'] }, range: { type: 'numbered', startDate: '2027-03-05', numberOfOccurrences: 3 } },
      });
      assert.deepEqual(starts(await view('2027-03-01T00:00:00Z', '2027-03-31T00:00:00Z', 'Pacific Standard Time')),
        ['2027-03-05T16:00:00.0000000', '2027-03-12T16:00:00.0000000', '2027-03-19T16:00:00.0000000']);
      assert.deepEqual(starts(await view('2027-03-01T00:00:00Z', '2027-03-31T00:00:00Z')),
        ['2027-03-06T00:00:00.0000000', '2027-03-13T00:00:00.0000000', '2027-03-19T23:00:00.0000000']);
    });

    it('shows an evening event in Berlin on the next day in Tokyo, and finds it in either day\'s window', async () => {
      await create({ subject: 'Late', start: { dateTime: '2026-11-24T22:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-11-24T23:30:00', timeZone: 'Europe/Berlin' } });
      const [tokyo] = await view('2026-11-25T00:00:00+09:00', '2026-11-26T00:00:00+09:00', 'Tokyo Standard Time');
      assert.deepEqual([tokyo.start, tokyo.end], [
        { dateTime: '2026-11-25T06:00:00.0000000', timeZone: 'Tokyo Standard Time' }, { dateTime: '2026-11-25T07:30:00.0000000', timeZone: 'Tokyo Standard Time' },
      ]);
      assert.equal((await view('2026-11-24T00:00:00+01:00', '2026-11-25T00:00:00+01:00', 'Europe/Berlin')).length, 1);
      assert.equal((await view('2026-11-24T00:00:00+09:00', '2026-11-25T00:00:00+09:00', 'Tokyo Standard Time')).length, 0);
    });

    it('keeps an event that crosses midnight in its own zone in one piece, in every zone', async () => {
      await create({ subject: 'Overnight', start: { dateTime: '2026-11-24T23:00:00', timeZone: 'Asia/Tokyo' }, end: { dateTime: '2026-11-25T01:00:00', timeZone: 'Asia/Tokyo' } });
      for (const [zone, start, end] of [
        ['Asia/Tokyo', '2026-11-24T23:00:00.0000000', '2026-11-25T01:00:00.0000000'],
        ['UTC', '2026-11-24T14:00:00.0000000', '2026-11-24T16:00:00.0000000'],
        ['Pacific Standard Time', '2026-11-24T06:00:00.0000000', '2026-11-24T08:00:00.0000000'],
      ]) {
        const items = await view('2026-11-24T00:00:00Z', '2026-11-26T00:00:00Z', zone);
        assert.deepEqual(items.map((e) => [e.start, e.end]), [[{ dateTime: start, timeZone: zone }, { dateTime: end, timeZone: zone }]], zone);
      }
    });

    for (const zone of ['Pacific/Auckland', 'Asia/Tokyo', 'America/Los_Angeles']) {
      it(`keeps an all-day event created in ${zone} from midnight to midnight of its date in every zone`, async () => {
        const event = await create({ subject: 'Day off', isAllDay: true, start: { dateTime: '2026-12-02T00:00:00', timeZone: zone }, end: { dateTime: '2026-12-03T00:00:00', timeZone: zone } });
        for (const asked of ['Pacific/Auckland', 'Tokyo Standard Time', 'UTC', 'Pacific Standard Time']) {
          const read = await t.graph.ok<GraphItem>(`/me/events/${encodeURIComponent(event.id)}`, { Prefer: `outlook.timezone="${asked}"` });
          assert.deepEqual([read.start, read.end, read.isAllDay], [{ dateTime: '2026-12-02T00:00:00.0000000', timeZone: asked }, { dateTime: '2026-12-03T00:00:00.0000000', timeZone: asked }, true], `${zone} read in ${asked}`);
        }
      });
    }

    it('refuses an all-day event that does not start at midnight in its zone', async () => {
      const reply = await t.graph.post('/me/events', { subject: 'x', isAllDay: true, start: { dateTime: '2026-12-02T09:00:00', timeZone: 'Pacific/Auckland' }, end: { dateTime: '2026-12-03T09:00:00', timeZone: 'Pacific/Auckland' } });
      assert.equal(reply.status, 400);
    });
  });
});
