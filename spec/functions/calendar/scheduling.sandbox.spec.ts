import assert from 'node:assert/strict';
import * as findMeetingTimes from '../../../lib/functions/calendar/findMeetingTimes';
import * as getSchedule from '../../../lib/functions/calendar/getSchedule';
import { useSandbox } from '../support/sandbox';

type Slot = { dateTime: string; timeZone: string };

describe('scheduling actions against the Graph sandbox', function () {
  this.timeout(20_000);
  const w = useSandbox();

  async function run(action: Parameters<typeof w.run>[0], body: Record<string, unknown>): Promise<unknown[]> {
    const { data, error } = await w.run(action, body);
    if (error) throw error;
    return data;
  }

  function busy(start: string, end: string, showAs = 'busy'): void {
    w.sb.store.addEvent({ subject: 'Busy', start: { dateTime: start, timeZone: 'UTC' }, end: { dateTime: end, timeZone: 'UTC' }, showAs: showAs as 'busy' });
  }

  async function oneRequest(people: string[], from: string, to: string, interval: number): Promise<Array<{ scheduleId: string; availabilityView: string }>> {
    const reply = await fetch(`${w.sb.url}/v1.0/me/calendar/getSchedule`, {
      method: 'POST', headers: { authorization: `Bearer ${(w.cfg.oauth as { access_token: string }).access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schedules: people, startTime: { dateTime: from, timeZone: 'UTC' }, endTime: { dateTime: to, timeZone: 'UTC' }, availabilityViewInterval: interval }),
    });
    assert.equal(reply.status, 200);
    return ((await reply.json()) as { value: Array<{ scheduleId: string; availabilityView: string }> }).value;
  }

  it('reads 25 people over 90 days though Graph takes 20 and less than 62 days, and merges to what single requests give', async () => {
    const people = [w.sb.user.mail, ...Array.from({ length: 24 }, (_, i) => `colleague${i}@contoso.onmicrosoft.com`)];
    busy('2026-12-01T10:00:00', '2026-12-01T11:00:00');
    // Spans the boundary between the two parts (2027-01-31T23:00Z, after 1487 one-hour slots).
    busy('2027-01-31T22:00:00', '2027-02-01T01:00:00', 'oof');
    const out = await run(getSchedule, { schedules: people, start: '2026-12-01T00:00:00Z', end: '2027-03-01T00:00:00Z', intervalMinutes: 60 }) as Array<{
      scheduleId: string; availabilityView: string; scheduleItems: Array<{ status: string; start: Slot }>; status: string;
    }>;
    assert.deepEqual(out.map((o) => o.scheduleId), people);
    assert.ok(out.every((o) => o.availabilityView.length === 90 * 24), 'one digit per hour of the 90 days');
    const me = out[0];
    assert.deepEqual(me.scheduleItems.map((i) => [i.status, i.start.dateTime]), [['busy', '2026-12-01T10:00:00.0000000'], ['oof', '2027-01-31T22:00:00.0000000']], 'the spanning item once');
    assert.equal(me.availabilityView.indexOf('2'), 10);
    assert.equal(me.availabilityView.slice(61 * 24 + 21, 61 * 24 + 26), '03330');
    // The sandbox answers every window of less than 62 days: the merged view equals the views of two direct halves.
    const first = await oneRequest(people.slice(20), '2026-12-01T00:00:00', '2027-01-15T00:00:00', 60);
    const second = await oneRequest(people.slice(20), '2027-01-15T00:00:00', '2027-03-01T00:00:00', 60);
    assert.deepEqual(out.slice(20).map((o) => o.availabilityView), first.map((f, i) => f.availabilityView + second[i].availabilityView));
    assert.ok(out.slice(1).some((o) => o.status !== 'free'), 'colleagues have busy blocks');
    assert.equal(w.sb.counters().getSchedule, 2 * 2 + 2, 'two groups of people times two parts of the window, then the two direct requests');
  });

  it('finds meeting times with attendees and a room, and explains when the organizer is never free', async () => {
    busy('2026-12-01T08:00:00', '2026-12-01T10:00:00');
    const found = await run(findMeetingTimes, {
      attendees: 'megan.bowen@contoso.onmicrosoft.com', rooms: 'room.101@contoso.onmicrosoft.com', durationMinutes: 60,
      start: '2026-12-01T08:00:00Z', end: '2026-12-01T17:00:00Z', minimumAttendeePercentage: 0, maxCandidates: 3,
    }) as Array<{ found: boolean; start: Slot; confidence: number; attendeeAvailability: Array<{ address: string; type: string; availability: string }> }>;
    assert.ok(found.length > 0 && found.length <= 3);
    assert.ok(found.every((s) => s.found && s.start.timeZone === 'UTC' && s.start.dateTime >= '2026-12-01T10:00'));
    assert.deepEqual(found[0].attendeeAvailability.map((a) => [a.address, a.type]), [['megan.bowen@contoso.onmicrosoft.com', 'required'], ['room.101@contoso.onmicrosoft.com', 'resource']]);
    const confidences = found.map((s) => s.confidence);
    assert.deepEqual(confidences, [...confidences].sort((a, b) => b - a), 'ordered by confidence');
    busy('2026-12-02T00:00:00', '2026-12-03T00:00:00', 'oof');
    const [none] = await run(findMeetingTimes, { start: '2026-12-02T08:00:00Z', end: '2026-12-02T17:00:00Z' }) as Array<{ found: boolean; emptySuggestionsReason: string; explanation: string }>;
    assert.deepEqual([none.found, none.emptySuggestionsReason], [false, 'organizerUnavailable']);
    assert.match(none.explanation, /organizer/);
  });
});
