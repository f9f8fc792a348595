import assert from 'node:assert/strict';
import nock from 'nock';
import * as findMeetingTimes from '../../../lib/functions/calendar/findMeetingTimes';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const zoned = (dateTime: string, timeZone = 'Europe/Berlin'): { dateTime: string; timeZone: string } => ({ dateTime, timeZone });
function suggestion(order: number, confidence: number, start: string, end: string, availability: string[] = ['free', 'free', 'free']): Record<string, unknown> {
  const who = [['required', 'ann@contoso.com'], ['optional', 'bob@contoso.com'], ['resource', 'room.101@contoso.com']];
  return {
    confidence, order, organizerAvailability: 'free', suggestionReason: 'Suggested because it is one of the nearest times when all attendees are available.',
    attendeeAvailability: availability.map((a, i) => ({ attendee: { type: who[i][0], emailAddress: { address: who[i][1] } }, availability: a })),
    locations: [], meetingTimeSlot: { start: zoned(`${start}.0000000`), end: zoned(`${end}.0000000`) },
  };
}

describe('findMeetingTimes action', () => {
  useNockEnvironment();

  it('asks for required, optional and room attendees over the window and emits each suggestion with everyone\'s availability', async () => {
    let sent: unknown;
    nock(GRAPH, { reqheaders: { prefer: (v) => v.includes('outlook.timezone="Europe/Berlin"') } })
      .post('/v1.0/me/findMeetingTimes', (b) => { sent = b; return true; })
      .reply(200, { emptySuggestionsReason: '', meetingTimeSuggestions: [
        suggestion(1, 100, '2026-12-01T10:00:00', '2026-12-01T11:00:00'),
        suggestion(2, 66.33, '2026-12-01T08:00:00', '2026-12-01T09:00:00', ['free', 'unknown', 'free']),
      ] });
    const { data } = await run(findMeetingTimes, {
      attendees: 'Ann <ann@contoso.com>', optionalAttendees: 'bob@contoso.com', rooms: 'room.101@contoso.com', durationMinutes: 60,
      start: '2026-12-01T08:00', end: { dateTime: '2026-12-03T18:00', timeZone: 'W. Europe Standard Time' }, timeZone: 'Europe/Berlin',
      activityDomain: 'unrestricted', minimumAttendeePercentage: 60, maxCandidates: 5, isOrganizerOptional: true, outputTimeZone: 'Europe/Berlin',
    });
    assert.deepEqual(sent, {
      attendees: [
        { type: 'required', emailAddress: { address: 'ann@contoso.com', name: 'Ann' } },
        { type: 'optional', emailAddress: { address: 'bob@contoso.com' } },
        { type: 'resource', emailAddress: { address: 'room.101@contoso.com' } },
      ],
      timeConstraint: { activityDomain: 'unrestricted', timeSlots: [{ start: zoned('2026-12-01T08:00:00'), end: zoned('2026-12-03T18:00:00', 'W. Europe Standard Time') }] },
      meetingDuration: 'PT60M', maxCandidates: 5, isOrganizerOptional: true, minimumAttendeePercentage: 60, returnSuggestionReasons: true,
    });
    assert.equal(data.length, 2);
    assert.deepEqual(data[0], {
      found: true, start: zoned('2026-12-01T10:00:00.0000000'), end: zoned('2026-12-01T11:00:00.0000000'),
      confidence: 100, order: 1, organizerAvailability: 'free', locations: [],
      suggestionReason: 'Suggested because it is one of the nearest times when all attendees are available.',
      attendeeAvailability: [
        { address: 'ann@contoso.com', type: 'required', availability: 'free' }, { address: 'bob@contoso.com', type: 'optional', availability: 'free' },
        { address: 'room.101@contoso.com', type: 'resource', availability: 'free' },
      ],
    });
    assert.deepEqual((data[1] as { attendeeAvailability: Array<{ availability: string }> }).attendeeAvailability.map((a) => a.availability), ['free', 'unknown', 'free']);
  });

  it('uses Graph\'s defaults: working hours, 50 % confidence, 30 minutes over 7 days; no attendees looks at the organizer alone', async () => {
    let sent: { attendees?: unknown; timeConstraint?: { activityDomain: string; timeSlots: unknown[] }; meetingDuration?: string; minimumAttendeePercentage?: number } = {};
    nock(GRAPH).post('/v1.0/users/adele%40contoso.com/findMeetingTimes', (b) => { sent = b; return true; })
      .reply(200, { emptySuggestionsReason: '', meetingTimeSuggestions: [] });
    await run(findMeetingTimes, { start: '2026-12-01T09:00:00Z', mailbox: 'adele@contoso.com' });
    assert.deepEqual(sent.attendees, []);
    assert.deepEqual(sent.timeConstraint, { activityDomain: 'work', timeSlots: [{ start: zoned('2026-12-01T09:00:00', 'UTC'), end: zoned('2026-12-08T09:00:00', 'UTC') }] });
    assert.deepEqual([sent.meetingDuration, sent.minimumAttendeePercentage], ['PT30M', 50]);
  });

  it('explains an empty result in one message', async () => {
    nock(GRAPH).post('/v1.0/me/findMeetingTimes').reply(200, { emptySuggestionsReason: 'attendeesUnavailableOrUnknown', meetingTimeSuggestions: [] });
    const { data } = await run(findMeetingTimes, { attendees: 'guest@fabrikam.com', start: '2026-12-01T09:00Z', end: '2026-12-01T17:00Z' });
    assert.deepEqual(data, [{
      found: false, emptySuggestionsReason: 'attendeesUnavailableOrUnknown',
      explanation: 'No free slot found: the attendees are busy, or their free/busy information is not available (e.g. external addresses). '
        + 'Widen the search window, shorten the duration, or allow times outside working hours.',
      searchStart: zoned('2026-12-01T09:00:00', 'UTC'), searchEnd: zoned('2026-12-01T17:00:00', 'UTC'),
    }]);
  });

  it('emits all suggestions in one message with Emit All, the reason when there are none', async () => {
    nock(GRAPH)
      .post('/v1.0/me/findMeetingTimes').reply(200, { emptySuggestionsReason: '', meetingTimeSuggestions: [suggestion(1, 100, '2026-12-01T10:00:00', '2026-12-01T11:00:00')] })
      .post('/v1.0/me/findMeetingTimes').reply(200, { emptySuggestionsReason: 'organizerUnavailable', meetingTimeSuggestions: [] });
    const input = { attendees: 'ann@contoso.com', start: '2026-12-01T09:00Z', end: '2026-12-01T17:00Z' };
    const { data: some } = await run(findMeetingTimes, input, { emitBehavior: 'emitAll' });
    assert.equal(some.length, 1);
    const all = some[0] as { found: boolean; count: number; suggestions: Array<{ start: unknown }> };
    assert.deepEqual([all.found, all.count, all.suggestions[0].start], [true, 1, zoned('2026-12-01T10:00:00.0000000')]);
    const { data: none } = await run(findMeetingTimes, input, { emitBehavior: 'emitAll' });
    assert.deepEqual(none.map((d) => { const x = d as { found: boolean; count: number; emptySuggestionsReason: string }; return [x.found, x.count, x.emptySuggestionsReason]; }),
      [[false, 0, 'organizerUnavailable']]);
  });

  for (const [what, body, field] of [
    ['an end before the start', { start: '2026-12-01T10:00', end: '2026-12-01T09:00' }, 'Search Until (end)'],
    ['a window shorter than the meeting', { start: '2026-12-01T10:00', end: '2026-12-01T10:30', durationMinutes: 60 }, 'Search Until (end)'],
    ['a window over 62 days', { start: '2026-12-01T00:00Z', end: '2027-02-02T00:00Z' }, 'Search Until (end)'],
    ['an unknown zone', { start: '2026-12-01T09:00', timeZone: 'Mars/Olympus_Mons' }, 'Time Zone (timeZone)'],
    ['an unknown output zone', { start: '2026-12-01T09:00', outputTimeZone: 'Nowhere Standard Time' }, 'Output Time Zone (outputTimeZone)'],
    ['a malformed attendee', { attendees: 'ann@contoso.com; not-an-address' }, 'Required Attendees (attendees)'],
    ['a malformed room', { rooms: 'room 101' }, 'Rooms (rooms)'],
    ['a duration under 5 minutes', { durationMinutes: 2 }, 'Duration (minutes) (durationMinutes)'],
    ['a percentage over 100', { minimumAttendeePercentage: 101 }, 'Minimum Confidence (%) (minimumAttendeePercentage)'],
    ['an unknown kind of hours', { activityDomain: 'weekend' }, 'Hours (activityDomain)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(findMeetingTimes, { ...body });
      assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }

  it('refuses an application credential before any request: findMeetingTimes is delegated only', async () => {
    const trap = graphTrap();
    const { error } = await runFailing(findMeetingTimes, { mailbox: 'adele@contoso.com' }, { authType: 'application', oauth: undefined, clientId: 'c', clientSecret: 's' });
    assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
    assert.match(error.message, /findMeetingTimes/);
    assertNothingSent(trap);
  });

  it('lets a Graph 400 propagate with its code', async () => {
    nock(GRAPH).post('/v1.0/me/findMeetingTimes').reply(400, graphErrorBody('RequestBodyRead', "Requested value 'chair' was not found."));
    const { error } = await runFailing(findMeetingTimes, { attendees: 'ann@contoso.com' });
    assert.ok(error instanceof GraphError);
    assert.equal(error.code, 'RequestBodyRead');
  });
});
