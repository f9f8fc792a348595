import assert from 'node:assert/strict';
import nock from 'nock';
import * as findNextAvailableTime from '../../../lib/functions/calendar/findNextAvailableTime';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, CFG, GRAPH, graphErrorBody, graphTrap, idToken, PERSONAL_CFG, run, runFailing, useNockEnvironment } from '../support/actions';

const action = findNextAvailableTime;

function suggestion(start: string, end: string, confidence: number): Record<string, unknown> {
  return {
    confidence, organizerAvailability: 'free', suggestionReason: 'Suggested because it is one of the nearest times when all attendees are available.',
    attendeeAvailability: [{ attendee: { type: 'required', emailAddress: { address: 'ann@contoso.com' } }, availability: 'free' }],
    locations: [], meetingTimeSlot: { start: { dateTime: start, timeZone: 'UTC' }, end: { dateTime: end, timeZone: 'UTC' } },
  };
}

describe('findNextAvailableTime action', () => {
  useNockEnvironment();

  it('asks findMeetingTimes for the window and emits the earliest suggestion', async () => {
    let sent: unknown;
    nock(GRAPH).post('/v1.0/me/findMeetingTimes', (b) => { sent = b; return true; }).reply(200, {
      emptySuggestionsReason: '',
      meetingTimeSuggestions: [
        suggestion('2026-12-01T14:00:00.0000000', '2026-12-01T14:45:00.0000000', 100),
        suggestion('2026-12-01T10:30:00.0000000', '2026-12-01T11:15:00.0000000', 100),
      ],
    });
    const { data } = await run(findNextAvailableTime, {
      time: '2026-12-01T09:00:00', durationMinutes: 45, attendees: 'ann@contoso.com', optionalAttendees: 'bob@contoso.com', subject: 'Sync',
    });
    assert.deepEqual(sent, {
      attendees: [
        { type: 'required', emailAddress: { address: 'ann@contoso.com' } },
        { type: 'optional', emailAddress: { address: 'bob@contoso.com' } },
      ],
      timeConstraint: {
        activityDomain: 'unrestricted',
        timeSlots: [{ start: { dateTime: '2026-12-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-08T09:00:00', timeZone: 'UTC' } }],
      },
      meetingDuration: 'PT45M', maxCandidates: 50, isOrganizerOptional: false, minimumAttendeePercentage: 100, returnSuggestionReasons: true,
    });
    const out = data[0] as Record<string, unknown>;
    assert.equal(out.found, true);
    assert.equal(out.time, '2026-12-01T10:30:00.0000000');
    assert.deepEqual(out.end, { dateTime: '2026-12-01T11:15:00.0000000', timeZone: 'UTC' });
    assert.equal(out.subject, 'Sync');
  });

  it('explains why there is no slot when Graph returns no suggestions', async () => {
    nock(GRAPH, { reqheaders: { prefer: /outlook\.timezone="Europe\/Berlin"/ } })
      .post('/v1.0/me/findMeetingTimes', (b) => b.timeConstraint.activityDomain === 'work')
      .reply(200, { emptySuggestionsReason: 'attendeesUnavailable', meetingTimeSuggestions: [] });
    const { data } = await run(findNextAvailableTime, { time: '2026-12-01T09:00:00Z', attendees: ['ann@contoso.com'] },
      { activityDomain: 'work', outputTimeZone: 'Europe/Berlin' });
    const out = data[0] as Record<string, unknown>;
    assert.equal(out.found, false);
    assert.equal(out.emptySuggestionsReason, 'attendeesUnavailable');
    assert.match(String(out.explanation), /^No free slot found: all attendees are busy/);
  });

  for (const [what, body, field] of [
    ['a duration below 5 minutes', { durationMinutes: 2 }, 'Duration (minutes) (durationMinutes)'],
    ['a search end before the start', { time: '2026-12-02T09:00', searchUntil: '2026-12-01T09:00' }, 'Search Until (searchUntil)'],
    ['an unknown activity domain', { activityDomain: 'weekend' }, 'Hours (activityDomain)'],
    ['an invalid attendee', { attendees: 'ann@@contoso.com' }, 'Required Attendees (attendees)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(findNextAvailableTime, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }

  it('names the .Shared permission findMeetingTimes needs even on one\'s own mailbox when the credential lacks it', async () => {
    nock(GRAPH).post('/v1.0/me/findMeetingTimes').reply(403, graphErrorBody('ErrorAccessDenied', 'Access is denied.'));
    const cfg = { oauth: { ...CFG.oauth, scope: 'openid offline_access User.Read Mail.ReadWrite Calendars.ReadWrite' } };
    const { error } = await runFailing(findNextAvailableTime, { time: '2026-12-01T09:00' }, cfg);
    assert.ok(error instanceof OutlookError && error.cause instanceof GraphError);
    assert.equal(error.code, 'ErrorAccessDenied');
    assert.match(error.message, /needs the delegated permission Calendars.Read.Shared or Calendars.ReadWrite.Shared on the signed-in user's mailbox, and the credential was not granted it \(its token has: openid offline_access User.Read Mail.ReadWrite Calendars.ReadWrite\)\. Add the permission .* re-authenticate the credential/);
  });

  it('refuses a personal Microsoft account before any request, since Graph offers findMeetingTimes only to work or school accounts', async () => {
    const { error } = await runFailing(action, { time: '2026-12-01T09:00:00Z' }, PERSONAL_CFG);
    assert.ok(error instanceof ConfigurationError);
    assert.match(error.message, /findMeetingTimes.*work or school accounts.*personal Microsoft account/);
  });

  it('does not take a work account for a personal one (tid of a tenant)', async () => {
    nock(GRAPH).post(/.*/).reply(403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } });
    const cfg = { ...PERSONAL_CFG, oauth: { ...PERSONAL_CFG.oauth, id_token: idToken({ tid: '72f988bf-86f1-41af-91ab-2d7cd011db47' }) } };
    const { error } = await runFailing(action, { time: '2026-12-01T09:00:00Z', schedules: 'ann@contoso.com', attendees: 'ann@contoso.com' }, cfg);
    assert.doesNotMatch(error.message, /personal Microsoft account/);
  });
});
