import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, T0, startTestSandbox } from './helpers';

const HOUR = 3_600_000;
/** Monday 2026-11-23 00:00 UTC (T0 is 09:00 that day). */
const MONDAY = T0 - 9 * HOUR;
const MEGAN = 'megan.bowen@contoso.onmicrosoft.com';

function utc(ms: number): { dateTime: string; timeZone: string } {
  return { dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' };
}

interface ScheduleInfo {
  scheduleId: string;
  availabilityView: string;
  scheduleItems: Array<{ status: string; subject?: string; start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } }>;
  workingHours?: { daysOfWeek: string[]; startTime: string; endTime: string; timeZone: { name: string } };
  error?: { message: string; responseCode: string };
}

interface Suggestion {
  confidence: number;
  organizerAvailability: string;
  attendeeAvailability: Array<{ attendee: { emailAddress: { address: string } }; availability: string }>;
  locations: Array<{ displayName: string }>;
  meetingTimeSlot: { start: { dateTime: string; timeZone: string }; end: { dateTime: string } };
}

interface MeetingTimes { emptySuggestionsReason: string; meetingTimeSuggestions: Suggestion[] }

describe('sandbox getSchedule and findMeetingTimes', () => {
  let sb: Sandbox;
  let graph: Graph;

  beforeEach(async () => {
    sb = await startTestSandbox({ demo: false });
    graph = new Graph(sb);
  });
  afterEach(() => sb.stop());

  async function event(from: number, to: number, extra: Record<string, unknown> = {}): Promise<void> {
    const reply = await graph.post('/me/events', { subject: 'Busy', start: utc(from), end: utc(to), ...extra });
    assert.equal(reply.status, 201, reply.text);
  }

  async function schedule(body: Record<string, unknown>, headers?: Record<string, string>): Promise<ScheduleInfo[]> {
    const reply = await graph.post('/me/calendar/getSchedule', body, headers);
    assert.equal(reply.status, 200, reply.text);
    return reply.json<{ value: ScheduleInfo[] }>().value;
  }

  async function meetingTimes(body: Record<string, unknown>): Promise<MeetingTimes> {
    const reply = await graph.post('/me/findMeetingTimes', body);
    assert.equal(reply.status, 200, reply.text);
    return reply.json<MeetingTimes>();
  }

  const morning = { startTime: utc(MONDAY + 8 * HOUR), endTime: utc(MONDAY + 12 * HOUR) };
  const starts = (r: MeetingTimes): string[] => r.meetingTimeSuggestions.map((s) => s.meetingTimeSlot.start.dateTime.slice(11, 16));

  /** The first half hour in Monday–Friday where `address` is busy, from its own getSchedule. */
  async function busyHalfHour(address: string): Promise<number> {
    const [info] = await schedule({ schedules: [address], startTime: utc(MONDAY), endTime: utc(MONDAY + 120 * HOUR) });
    const index = info.availabilityView.indexOf('2');
    assert.ok(index >= 0, `${address} has a busy slot in the week`);
    return MONDAY + index * HOUR / 2;
  }

  describe('getSchedule', () => {
    it("computes the signed-in user's availability view and items from their own events", async () => {
      await event(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR);
      await event(MONDAY + 10.5 * HOUR, MONDAY + 11 * HOUR, { showAs: 'tentative', subject: 'Maybe' });
      await event(MONDAY + 11 * HOUR, MONDAY + 13 * HOUR, { showAs: 'oof', subject: 'Away' });
      const [me] = await schedule({ schedules: [sb.user.mail], ...morning, availabilityViewInterval: 30 });
      assert.equal(me.scheduleId, sb.user.mail);
      assert.equal(me.availabilityView, '00220133');
      assert.deepEqual(me.scheduleItems.map((i) => [i.status, i.subject, i.start.dateTime]), [
        ['busy', 'Busy', '2026-11-23T09:00:00.0000000'], ['tentative', 'Maybe', '2026-11-23T10:30:00.0000000'], ['oof', 'Away', '2026-11-23T11:00:00.0000000'],
      ]);
      assert.deepEqual(me.workingHours?.daysOfWeek, ['monday', 'tuesday', 'wednesday', 'thursday', 'friday']);
    });

    it('writes 0 for a working-elsewhere slot in availabilityView and keeps workingElsewhere in scheduleItems', async () => {
      await event(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR, { showAs: 'workingElsewhere', subject: 'From home' });
      await event(MONDAY + 11 * HOUR, MONDAY + 12 * HOUR, { showAs: 'workingElsewhere', subject: 'Client site' });
      await event(MONDAY + 11 * HOUR, MONDAY + 11.5 * HOUR, { showAs: 'tentative', subject: 'Maybe' });
      const [me] = await schedule({ schedules: [sb.user.mail], ...morning, availabilityViewInterval: 30 });
      assert.equal(me.availabilityView, '00000010');
      assert.deepEqual(me.scheduleItems.map((i) => i.status), ['workingElsewhere', 'tentative', 'workingElsewhere']);
    });

    it('defaults availabilityViewInterval to 30 minutes and refuses values outside 5 to 1440', async () => {
      await event(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR);
      assert.equal((await schedule({ schedules: [sb.user.mail], ...morning }))[0].availabilityView.length, 8);
      assert.equal((await schedule({ schedules: [sb.user.mail], ...morning, availabilityViewInterval: 60 }))[0].availabilityView, '0200');
      for (const interval of [4, 1441, 7.5]) {
        const reply = await graph.post('/me/calendar/getSchedule', { schedules: [sb.user.mail], ...morning, availabilityViewInterval: interval });
        assert.equal(reply.status, 400, `interval ${interval}`);
      }
    });

    it('gives colleagues a reproducible pattern whose view agrees with its items and hides their subjects', async () => {
      const week = { schedules: [MEGAN], startTime: utc(MONDAY), endTime: utc(MONDAY + 120 * HOUR), availabilityViewInterval: 30 };
      const [first] = await schedule(week);
      const [again] = await schedule(week);
      assert.deepEqual(again, first);
      assert.ok(first.scheduleItems.length > 0);
      assert.ok(first.scheduleItems.every((i) => i.subject === undefined));
      // Working elsewhere is written as 0 in availabilityView (scheduleInformation resource docs).
      const digit: Record<string, string> = { free: '0', tentative: '1', busy: '2', oof: '3', workingElsewhere: '0' };
      const rank = ['0', '1', '2', '3'];
      const expected = [...first.availabilityView].map((_, slot) => {
        const from = MONDAY + slot * HOUR / 2;
        return first.scheduleItems.filter((i) => Date.parse(`${i.start.dateTime.slice(0, 23)}Z`) < from + HOUR / 2 && Date.parse(`${i.end.dateTime.slice(0, 23)}Z`) > from)
          .map((i) => digit[i.status]).reduce((a, b) => (rank.indexOf(b) > rank.indexOf(a) ? b : a), '0');
      }).join('');
      assert.equal(first.availabilityView, expected);
      const other = new Graph(await startTestSandbox({ demo: false, seed: 2 }));
      try {
        const reply = await other.post('/me/calendar/getSchedule', week);
        assert.notDeepEqual(reply.json<{ value: ScheduleInfo[] }>().value[0].availabilityView, first.availabilityView, 'the pattern follows the seed');
      } finally {
        await other.sb.stop();
      }
    });

    it('answers an error entry for an address outside the organisation, in request order', async () => {
      const value = await schedule({ schedules: ['someone@fabrikam.example', sb.user.mail], ...morning });
      assert.deepEqual(value.map((v) => v.scheduleId), ['someone@fabrikam.example', sb.user.mail]);
      assert.equal(value[0].error?.responseCode, 'ErrorMailRecipientNotFound');
      assert.equal(value[0].availabilityView, '');
      assert.equal(value[1].error, undefined);
    });

    it('reads the window in its own zone and answers items in the Prefer: outlook.timezone zone', async () => {
      await event(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR);
      const reply = await graph.post('/me/calendar/getSchedule', {
        schedules: [sb.user.mail], availabilityViewInterval: 60,
        startTime: { dateTime: '2026-11-23T09:00:00', timeZone: 'W. Europe Standard Time' }, endTime: { dateTime: '2026-11-23T12:00:00', timeZone: 'W. Europe Standard Time' },
      }, { Prefer: 'outlook.timezone="Pacific Standard Time"' });
      assert.equal(reply.headers['preference-applied'], 'outlook.timezone="Pacific Standard Time"');
      const [me] = reply.json<{ value: ScheduleInfo[] }>().value;
      assert.equal(me.availabilityView, '020', 'the window starts at 08:00 UTC');
      assert.deepEqual(me.scheduleItems[0].start, { dateTime: '2026-11-23T01:00:00.0000000', timeZone: 'Pacific Standard Time' });
    });

    it('refuses a request without schedules or with an end before the start', async () => {
      assert.equal((await graph.post('/me/calendar/getSchedule', morning)).status, 400);
      const reversed = await graph.post('/me/calendar/getSchedule', { schedules: [sb.user.mail], startTime: morning.endTime, endTime: morning.startTime });
      assert.equal(reversed.status, 400);
      assert.equal(reversed.json<GraphErrorBody>().error.code, 'ErrorInvalidParameter');
    });
    // learn.microsoft.com/graph/outlook-get-free-busy-schedule, "Limits and error conditions": up to 20 entities, a
    // period of less than 62 days. The error Graph answers is not documented (the code and message are the sandbox's).
    it('answers at most 20 schedules per request and refuses 21', async () => {
      const twenty = Array.from({ length: 20 }, (_, i) => `person${i}@contoso.onmicrosoft.com`);
      assert.equal((await schedule({ schedules: twenty, ...morning })).length, 20);
      const reply = await graph.post('/me/calendar/getSchedule', { schedules: [...twenty, 'one.more@contoso.onmicrosoft.com'], ...morning });
      assert.equal(reply.status, 400);
      assert.equal(reply.json<GraphErrorBody>().error.code, 'ErrorInvalidParameter');
    });

    it('takes a window of less than 62 days and refuses one of 62 days', async () => {
      const almost = await schedule({ schedules: [sb.user.mail], startTime: utc(MONDAY), endTime: utc(MONDAY + 62 * 24 * HOUR - HOUR), availabilityViewInterval: 60 });
      assert.equal(almost[0].availabilityView.length, 62 * 24 - 1);
      const reply = await graph.post('/me/calendar/getSchedule', { schedules: [sb.user.mail], startTime: utc(MONDAY), endTime: utc(MONDAY + 62 * 24 * HOUR) });
      assert.equal(reply.status, 400);
      assert.match(reply.json<GraphErrorBody>().error.message, /62 days/);
    });
  });

  describe('findMeetingTimes', () => {
    const slots = (from: number, to: number): Record<string, unknown> => ({ timeConstraint: { activityDomain: 'work', timeSlots: [{ start: utc(from), end: utc(to) }] } });

    it("suggests the organizer's free half hours within the time slots, earliest first at equal confidence", async () => {
      await event(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR);
      const result = await meetingTimes({ ...slots(MONDAY + 8 * HOUR, MONDAY + 12 * HOUR), meetingDuration: 'PT1H' });
      assert.equal(result.emptySuggestionsReason, '');
      assert.deepEqual(starts(result), ['08:00', '10:00', '10:30', '11:00']);
      assert.ok(result.meetingTimeSuggestions.every((s) => s.confidence === 100 && s.organizerAvailability === 'free'));
      assert.equal(result.meetingTimeSuggestions[0].meetingTimeSlot.end.dateTime, '2026-11-23T09:00:00.0000000');
    });

    it('keeps suggestions within working hours for work and anywhere for unrestricted', async () => {
      const evening = slots(MONDAY + 16 * HOUR, MONDAY + 19 * HOUR);
      assert.deepEqual(starts(await meetingTimes({ ...evening, meetingDuration: 'PT1H' })), ['16:00']);
      const unrestricted = { timeConstraint: { activityDomain: 'unrestricted', timeSlots: [{ start: utc(MONDAY + 16 * HOUR), end: utc(MONDAY + 19 * HOUR) }] } };
      assert.deepEqual(starts(await meetingTimes({ ...unrestricted, meetingDuration: 'PT1H' })), ['16:00', '16:30', '17:00', '17:30', '18:00']);
    });

    it('keeps personal suggestions within the working hours\' times, on weekends too', async () => {
      const saturday = MONDAY + 5 * 24 * HOUR;
      const personal = { timeConstraint: { activityDomain: 'personal', timeSlots: [{ start: utc(saturday + 15 * HOUR), end: utc(saturday + 19 * HOUR) }] }, meetingDuration: 'PT1H' };
      assert.deepEqual(starts(await meetingTimes(personal)), ['15:00', '15:30', '16:00']);
      const work = { ...personal, timeConstraint: { ...personal.timeConstraint, activityDomain: 'work' } };
      assert.deepEqual((await meetingTimes(work)).meetingTimeSuggestions, []);
    });

    it('honours maxCandidates and the meeting duration', async () => {
      const result = await meetingTimes({ ...slots(MONDAY + 8 * HOUR, MONDAY + 12 * HOUR), meetingDuration: 'PT90M', maxCandidates: 2 });
      assert.deepEqual(starts(result), ['08:00', '08:30']);
      assert.equal(result.meetingTimeSuggestions[1].meetingTimeSlot.end.dateTime, '2026-11-23T10:00:00.0000000');
    });

    it('reports organizerUnavailable when the organizer is busy in every candidate slot', async () => {
      await event(MONDAY + 8 * HOUR, MONDAY + 12 * HOUR);
      const result = await meetingTimes({ ...slots(MONDAY + 8 * HOUR, MONDAY + 12 * HOUR) });
      assert.deepEqual([result.emptySuggestionsReason, result.meetingTimeSuggestions.length], ['organizerUnavailable', 0]);
    });

    it('reports attendeesUnavailable when too few attendees are free, and scores a busy attendee', async () => {
      const busy = await busyHalfHour(MEGAN);
      const body = {
        attendees: [{ type: 'required', emailAddress: { address: MEGAN } }], meetingDuration: 'PT30M',
        timeConstraint: { activityDomain: 'unrestricted', timeSlots: [{ start: utc(busy), end: utc(busy + HOUR / 2) }] },
      };
      const strict = await meetingTimes({ ...body, minimumAttendeePercentage: 100 });
      assert.equal(strict.emptySuggestionsReason, 'attendeesUnavailable');
      const lenient = await meetingTimes({ ...body, minimumAttendeePercentage: 0 });
      assert.equal(lenient.meetingTimeSuggestions.length, 1);
      assert.deepEqual(lenient.meetingTimeSuggestions[0].attendeeAvailability.map((a) => [a.attendee.emailAddress.address, a.availability]), [[MEGAN, 'busy']]);
      // The confidence is the attendees' mean chance of attending; the free organizer does not count.
      assert.equal(lenient.meetingTimeSuggestions[0].confidence, 0);
    });

    it('reports attendeesUnavailableOrUnknown when an attendee outside the organisation cannot be checked', async () => {
      const result = await meetingTimes({
        ...slots(MONDAY + 8 * HOUR, MONDAY + 10 * HOUR), minimumAttendeePercentage: 100,
        attendees: [{ type: 'required', emailAddress: { address: 'guest@fabrikam.example' } }],
      });
      assert.equal(result.emptySuggestionsReason, 'attendeesUnavailableOrUnknown');
    });

    it('reports locationsUnavailable when the only required room is booked', async () => {
      const room = 'room.101@contoso.onmicrosoft.com';
      const busy = await busyHalfHour(room);
      const result = await meetingTimes({
        meetingDuration: 'PT30M', timeConstraint: { activityDomain: 'unrestricted', timeSlots: [{ start: utc(busy), end: utc(busy + HOUR / 2) }] },
        locationConstraint: { isRequired: true, suggestLocation: false, locations: [{ displayName: 'Room 101', locationEmailAddress: room, resolveAvailability: true }] },
      });
      assert.equal(result.emptySuggestionsReason, 'locationsUnavailable');
    });

    it('reports unknown when no slot of the window fits', async () => {
      const saturday = MONDAY + 5 * 24 * HOUR;
      const result = await meetingTimes({ ...slots(saturday + 9 * HOUR, saturday + 12 * HOUR) });
      assert.deepEqual([result.emptySuggestionsReason, result.meetingTimeSuggestions.length], ['unknown', 0]);
    });

    // user-findmeetingtimes, "The confidence of a meeting suggestion": free 100, unknown 49, busy 0, averaged over the
    // attendees; minimumAttendeePercentage (default 50) is the lowest confidence returned.
    it('averages the attendees\' chances (unknown 49) and applies minimumAttendeePercentage to that confidence', async () => {
      const body = {
        ...slots(MONDAY + 8 * HOUR, MONDAY + 9 * HOUR), meetingDuration: 'PT1H',
        attendees: [{ type: 'required', emailAddress: { address: sb.user.mail } }, { type: 'optional', emailAddress: { address: 'guest@fabrikam.example' } }],
      };
      const result = await meetingTimes(body);
      assert.deepEqual(result.meetingTimeSuggestions.map((s) => s.confidence), [74.5]);
      assert.deepEqual(result.meetingTimeSuggestions[0].attendeeAvailability.map((a) => a.availability), ['free', 'unknown']);
      assert.equal((await meetingTimes({ ...body, minimumAttendeePercentage: 75 })).emptySuggestionsReason, 'attendeesUnavailableOrUnknown');
      const alone = await meetingTimes({ ...body, attendees: [body.attendees[1]] });
      assert.equal(alone.emptySuggestionsReason, 'attendeesUnavailableOrUnknown', '49 is below the default 50');
    });

    it('leaves a tentative organizer out of the confidence, as the documented example does', async () => {
      await event(MONDAY + 8 * HOUR, MONDAY + 9 * HOUR, { showAs: 'tentative' });
      const result = await meetingTimes({ ...slots(MONDAY + 8 * HOUR, MONDAY + 9 * HOUR), meetingDuration: 'PT1H', attendees: [{ type: 'required', emailAddress: { address: sb.user.mail } }] });
      assert.deepEqual(result.meetingTimeSuggestions.map((s) => [s.organizerAvailability, s.confidence]), [['tentative', 50]]);
      const none = await meetingTimes({ ...slots(MONDAY + 8 * HOUR, MONDAY + 9 * HOUR), meetingDuration: 'PT1H' });
      assert.deepEqual(none.meetingTimeSuggestions.map((s) => [s.organizerAvailability, s.confidence]), [['tentative', 100]]);
    });

    it('refuses an attendee type outside required, optional and resource', async () => {
      const reply = await graph.post('/me/findMeetingTimes', { ...slots(MONDAY + 8 * HOUR, MONDAY + 12 * HOUR), attendees: [{ type: 'chair', emailAddress: { address: MEGAN } }] });
      assert.equal(reply.status, 400);
      assert.equal(reply.json<GraphErrorBody>().error.code, 'RequestBodyRead');
    });

    it('refuses a meetingDuration that is not an ISO 8601 duration', async () => {
      const reply = await graph.post('/me/findMeetingTimes', { ...slots(MONDAY + 8 * HOUR, MONDAY + 12 * HOUR), meetingDuration: '1 hour' });
      assert.equal(reply.status, 400);
      assert.equal(reply.json<GraphErrorBody>().error.code, 'RequestBodyRead');
    });
  });
});
