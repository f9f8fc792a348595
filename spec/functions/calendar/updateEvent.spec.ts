import assert from 'node:assert/strict';
import nock from 'nock';
import * as updateEvent from '../../../lib/functions/calendar/updateEvent';
import { nextAttendees } from '../../../lib/outlook/calendar/eventItems';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { EVENT_ID, EVENT_PATH, OCCURRENCE_PATH, SERIES_ID, seriesInstances } from './eventSupport';

const ann = { emailAddress: { address: 'ann@contoso.com' } };

describe('updateEvent action', () => {
  useNockEnvironment();

  it('PATCHes exactly the properties given, start and end in their zones, and asks for the output zone', async () => {
    nock(GRAPH, { reqheaders: { prefer: /outlook\.timezone="Europe\/Berlin"/ } }).patch(EVENT_PATH, (body) => {
      assert.deepEqual(body, {
        subject: 'Review (moved)',
        start: { dateTime: '2026-12-03T16:00:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-12-03T17:30:00', timeZone: 'Europe/Berlin' },
      });
      return true;
    }).reply(200, { '@odata.context': 'x', id: EVENT_ID, subject: 'Review (moved)' });
    const { data } = await run(updateEvent, {
      eventId: EVENT_ID, subject: 'Review (moved)', start: { dateTime: '2026-12-03T16:00', timeZone: 'Europe/Berlin' }, durationMinutes: 90, outputTimeZone: 'Europe/Berlin',
    });
    assert.deepEqual(data, [{ id: EVENT_ID, subject: 'Review (moved)' }]);
  });

  it('sends one property alone when only it is given (showAs), nothing else', async () => {
    nock(GRAPH).patch(EVENT_PATH, { showAs: 'oof' }).reply(200, { id: EVENT_ID });
    await run(updateEvent, { eventId: EVENT_ID, showAs: 'Oof' });
  });

  it('replaces the attendee list with the required and optional attendees given (text or objects)', async () => {
    nock(GRAPH).patch(EVENT_PATH, {
      attendees: [
        { emailAddress: { address: 'ann@contoso.com' }, type: 'required' },
        { emailAddress: { address: 'bob@contoso.com', name: 'Bob' }, type: 'required' },
        { emailAddress: { address: 'carol@contoso.com', name: 'Carol' }, type: 'optional' },
      ],
    }).reply(200, { id: EVENT_ID });
    await run(updateEvent, { eventId: EVENT_ID, attendees: 'ann@contoso.com; Bob <bob@contoso.com>', optionalAttendees: [{ address: 'carol@contoso.com', name: 'Carol' }] });
  });

  it('adds and removes attendees: reads the current ones first, then PATCHes the whole new list', async () => {
    nock(GRAPH)
      .get(EVENT_PATH).query({ $select: 'attendees' }).reply(200, {
        attendees: [
          { type: 'required', status: { response: 'accepted' }, emailAddress: { address: 'Ann@contoso.com', name: 'Ann' } },
          { type: 'optional', status: { response: 'none' }, emailAddress: { address: 'bob@contoso.com' } },
        ],
      })
      .patch(EVENT_PATH, {
        attendees: [
          { type: 'optional', emailAddress: { address: 'bob@contoso.com' } },
          { emailAddress: { address: 'dan@contoso.com' }, type: 'required' },
        ],
      }).reply(200, { id: EVENT_ID });
    await run(updateEvent, { eventId: EVENT_ID, addAttendees: 'dan@contoso.com', removeAttendees: 'ann@CONTOSO.com' });
  });

  it('computes attendee changes case-insensitively; an added address already there takes the new type', () => {
    const current = [{ type: 'optional' as const, ...ann }, { type: 'required' as const, emailAddress: { address: 'b@x.com' } }];
    assert.deepEqual(nextAttendees(current, { add: [{ type: 'required', emailAddress: { address: 'ANN@contoso.com' } }] }),
      [{ type: 'required', emailAddress: { address: 'b@x.com' } }, { type: 'required', emailAddress: { address: 'ANN@contoso.com' } }]);
    assert.deepEqual(nextAttendees(current, { remove: [{ emailAddress: { address: 'B@X.COM' } }] }), [current[0]]);
  });

  it('builds a recurrence from Create Event\'s form against the new start', async () => {
    nock(GRAPH).patch(EVENT_PATH, {
      start: { dateTime: '2026-12-02T10:00:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2026-12-02T11:00:00', timeZone: 'W. Europe Standard Time' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['wednesday'] },
        range: { type: 'numbered', startDate: '2026-12-02', recurrenceTimeZone: 'W. Europe Standard Time', numberOfOccurrences: 10 },
      },
    }).reply(200, { id: EVENT_ID });
    await run(updateEvent, {
      eventId: EVENT_ID, start: '2026-12-02T10:00', end: '2026-12-02T11:00', timeZone: 'W. Europe Standard Time', recurrence: { pattern: 'weekly', occurrences: 10 },
    });
  });

  it('changes one occurrence found by the series id and its original start', async () => {
    seriesInstances();
    nock(GRAPH).patch(OCCURRENCE_PATH, { location: { displayName: 'Room 7' } }).reply(200, { id: 'occ' });
    await run(updateEvent, { eventId: SERIES_ID, occurrenceStart: { dateTime: '2026-12-08T09:00', timeZone: 'Europe/Berlin' }, location: 'Room 7' });
  });

  it('finds one occurrence by an original start in a Windows zone (CLDR: W. Europe Standard Time is Europe/Berlin)', async () => {
    seriesInstances();
    nock(GRAPH).patch(OCCURRENCE_PATH, { location: { displayName: 'Room 7' } }).reply(200, { id: 'occ' });
    await run(updateEvent, { eventId: SERIES_ID, occurrenceStart: { dateTime: '2026-12-08T09:00', timeZone: 'W. Europe Standard Time' }, location: 'Room 7' });
  });

  it('looks the occurrence up in a window around its original start', async () => {
    let window: Record<string, unknown> = {};
    nock(GRAPH).get(`/v1.0/me/events/${encodeURIComponent(SERIES_ID)}/instances`).query((q) => { window = q; return true; })
      .reply(200, { value: [{ id: 'occ-x', originalStart: '2026-12-08T08:00:00Z' }] })
      .patch('/v1.0/me/events/occ-x', { subject: 'x' }).reply(200, { id: 'occ-x' });
    await run(updateEvent, { eventId: SERIES_ID, occurrenceStart: '2026-12-08T08:00:00Z', subject: 'x' });
    assert.deepEqual([window.startDateTime, window.endDateTime], ['2026-12-01T08:00:00Z', '2026-12-15T08:00:00Z']);
  });

  it('names Occurrence Start when the series has no occurrence originally at that time, and changes nothing', async () => {
    seriesInstances();
    const patch = nock(GRAPH).patch(/.*/).reply(200, {});
    const { error } = await runFailing(updateEvent, { eventId: SERIES_ID, occurrenceStart: '2026-12-09T08:00:00Z', subject: 'x' });
    assert.ok(error instanceof ConfigurationError, error.message);
    assert.equal(error.field, 'Occurrence Start (occurrenceStart)');
    assert.match(error.message, /no occurrence of the series .* was originally at 2026-12-09T08:00:00Z \(3 occurrences/);
    assertNothingSent(patch);
  });

  it('says which event was not found', async () => {
    nock(GRAPH).patch(EVENT_PATH).reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-e'));
    const { error } = await runFailing(updateEvent, { eventId: EVENT_ID, subject: 'x' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Event .* not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-e\)$/);
  });

  it('works on another mailbox', async () => {
    nock(GRAPH).patch(`/v1.0/users/shared%40contoso.com/events/${encodeURIComponent(EVENT_ID)}`, { isReminderOn: false }).reply(200, { id: EVENT_ID });
    await run(updateEvent, { eventId: EVENT_ID, isReminderOn: false }, { mailbox: 'shared@contoso.com' });
  });

  for (const [what, body, field] of [
    ['nothing to change', { eventId: EVENT_ID }, 'Subject (subject), Start (start), End (end), Location (location), Required Attendees (attendees), Add Attendees (addAttendees), Remove Attendees (removeAttendees), Show As (showAs)'],
    ['an end before the start', { eventId: EVENT_ID, start: '2026-12-01T10:00', end: '2026-12-01T09:00' }, 'End (end)'],
    ['an unknown zone', { eventId: EVENT_ID, start: '2026-12-01T10:00', timeZone: 'Europe/Berln' }, 'Time Zone (timeZone)'],
    ['a malformed attendee', { eventId: EVENT_ID, addAttendees: 'ann@' }, 'Add Attendees (addAttendees)'],
    ['replacing and adding attendees at once', { eventId: EVENT_ID, attendees: 'a@x.com', addAttendees: 'b@x.com' }, 'Add Attendees (addAttendees)'],
    ['a duration without a start', { eventId: EVENT_ID, durationMinutes: 30 }, 'Duration (minutes) (durationMinutes)'],
    ['an all-day event without dates', { eventId: EVENT_ID, isAllDay: true }, 'All Day Event (isAllDay)'],
    ['a recurrence without a start', { eventId: EVENT_ID, recurrence: { pattern: 'daily' } }, 'Recurrence (recurrence)'],
    ['a recurrence on one occurrence', { eventId: SERIES_ID, occurrenceStart: '2026-12-08T08:00:00Z', start: '2026-12-08T09:00', recurrence: { pattern: 'daily' } }, 'Recurrence (recurrence)'],
    ['a recurrence that cannot end (endDate before the start)', { eventId: EVENT_ID, start: '2026-12-08T09:00', end: '2026-12-08T10:00', recurrence: { pattern: 'daily', endDate: '2026-01-01' } }, 'Recurrence (recurrence.endDate)'],
    ['an empty event id', { eventId: '  ' }, 'Event ID (eventId)'],
    ['a traversal as event id', { eventId: '..', subject: 'x' }, 'Event ID (eventId)'],
    ['an event id with a line break', { eventId: 'AAMk\r\nX', subject: 'x' }, 'Event ID (eventId)'],
    ['an impossible occurrence start', { eventId: SERIES_ID, occurrenceStart: '2026-02-30T09:00', subject: 'x' }, 'Occurrence Start (occurrenceStart)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(updateEvent, { ...body });
      assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
