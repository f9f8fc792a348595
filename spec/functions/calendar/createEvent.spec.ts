import assert from 'node:assert/strict';
import nock from 'nock';
import * as createEvent from '../../../lib/functions/calendar/createEvent';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { OutlookError } from '../../../lib/outlook/errors';
import { messageKey } from '../../../lib/platform/idempotency';
import { recordingContext } from '../../support/context';
import { assertNothingSent, CFG, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const CALENDAR_ID = 'AAMkAGI2TGuLAAA=';
const created = (body: unknown): Record<string, unknown> => ({ id: 'AAMkAGevent-1_x==', ...(body as object) });

describe('createEvent action', () => {
  useNockEnvironment();

  it('creates an event with separate start and end time zones, attendees and options', async () => {
    let sent: unknown;
    nock(GRAPH).post('/v1.0/me/events', (b) => { sent = b; return true; }).reply(201, (_uri, b) => created(b));
    const { data } = await run(createEvent, {
      subject: 'Flight FRA → JFK',
      body: { content: '<b>Seat 12A</b>', contentType: 'HTML' },
      start: { dateTime: '2026-12-01T09:30', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-12-01T12:10:00', timeZone: 'Eastern Standard Time' },
      location: 'Terminal 1',
      requiredAttendees: 'ann@contoso.com, Bob <bob@contoso.com>',
      optionalAttendees: ['carol@contoso.com'],
      importance: 'High', showAs: 'Oof', sensitivity: 'Private', isOnlineMeeting: false,
      isReminderOn: true, reminderMinutesBeforeStart: '60', categories: 'Travel; Work',
    });
    assert.deepEqual(sent, {
      subject: 'Flight FRA → JFK',
      body: { contentType: 'html', content: '<b>Seat 12A</b>' },
      start: { dateTime: '2026-12-01T09:30:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-12-01T12:10:00', timeZone: 'Eastern Standard Time' },
      location: { displayName: 'Terminal 1' },
      attendees: [
        { emailAddress: { address: 'ann@contoso.com' }, type: 'required' },
        { emailAddress: { address: 'bob@contoso.com', name: 'Bob' }, type: 'required' },
        { emailAddress: { address: 'carol@contoso.com' }, type: 'optional' },
      ],
      importance: 'high', showAs: 'oof', sensitivity: 'private', isOnlineMeeting: false,
      isReminderOn: true, reminderMinutesBeforeStart: 60, categories: ['Travel', 'Work'],
      transactionId: messageKey({ id: 'in-1' }),
    });
    assert.equal((data[0] as { id: string }).id, 'AAMkAGevent-1_x==');
  });

  it('uses the configured time zone and calendar, and converts an instant to that zone\'s wall clock', async () => {
    let sent: { start?: unknown; end?: unknown } = {};
    nock(GRAPH).post(`/v1.0/me/calendars/${encodeURIComponent(CALENDAR_ID)}/events`, (b) => { sent = b; return true; }).reply(201, created({}));
    await run(createEvent, { subject: 'Stand-up', start: '2026-07-01T07:00:00Z', durationMinutes: 15 }, { timeZone: 'Europe/Berlin', calendarId: CALENDAR_ID });
    assert.deepEqual(sent.start, { dateTime: '2026-07-01T09:00:00', timeZone: 'Europe/Berlin' });
    assert.deepEqual(sent.end, { dateTime: '2026-07-01T09:15:00', timeZone: 'Europe/Berlin' });
  });

  it('converts an instant to the wall clock of a Windows zone through CLDR (Pacific Standard Time is America/Los_Angeles)', async () => {
    let sent: { start?: unknown; end?: unknown } = {};
    nock(GRAPH).post('/v1.0/me/events', (b) => { sent = b; return true; }).reply(201, created({}));
    // 2026-03-08 10:00 UTC is 02:00 PST; an hour later the US has sprung forward, so the end reads 04:00 PDT.
    await run(createEvent, { subject: 'DST', start: '2026-03-08T09:30:00Z', end: '2026-03-08T11:00:00+00:00', timeZone: 'Pacific Standard Time' });
    assert.deepEqual([sent.start, sent.end], [
      { dateTime: '2026-03-08T01:30:00', timeZone: 'Pacific Standard Time' }, { dateTime: '2026-03-08T04:00:00', timeZone: 'Pacific Standard Time' },
    ]);
  });

  it('creates an all-day event from a date, ending the next day by default', async () => {
    let sent: Record<string, unknown> = {};
    nock(GRAPH).post('/v1.0/me/events', (b) => { sent = b; return true; }).reply(201, created({}));
    await run(createEvent, { subject: 'Holiday', start: '2026-12-24', isAllDay: 'true', timeZone: 'UTC' });
    assert.deepEqual([sent.start, sent.end, sent.isAllDay], [
      { dateTime: '2026-12-24T00:00:00', timeZone: 'UTC' }, { dateTime: '2026-12-25T00:00:00', timeZone: 'UTC' }, true,
    ]);
  });

  for (const zone of ['Pacific/Auckland', 'Asia/Tokyo', 'America/Los_Angeles', 'Tokyo Standard Time']) {
    it(`creates an all-day event from midnight to midnight of its date in ${zone}`, async () => {
      let sent: Record<string, unknown> = {};
      nock(GRAPH).post('/v1.0/me/events', (b) => { sent = b; return true; }).reply(201, created({}));
      await run(createEvent, { subject: 'Day off', start: '2026-12-24', end: '2026-12-26', isAllDay: true, timeZone: zone });
      assert.deepEqual([sent.start, sent.end, sent.isAllDay], [{ dateTime: '2026-12-24T00:00:00', timeZone: zone }, { dateTime: '2026-12-26T00:00:00', timeZone: zone }, true]);
    });
  }

  it('refuses an all-day event given as a UTC midnight that is not midnight in its zone', async () => {
    const trap = graphTrap();
    // 2026-12-24T00:00Z is 13:00 in Auckland: not the start of a day there.
    const { error } = await runFailing(createEvent, { subject: 'Day off', start: '2026-12-24T00:00:00Z', isAllDay: true, timeZone: 'Pacific/Auckland' });
    assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
    assert.equal(error.field, 'Start (start)');
    assertNothingSent(trap);
  });

  it('builds a weekly recurrence on the start\'s weekday until an end date', async () => {
    let sent: Record<string, unknown> = {};
    nock(GRAPH).post('/v1.0/me/events', (b) => { sent = b; return true; }).reply(201, created({}));
    await run(createEvent, {
      subject: 'Review', start: '2026-12-02T10:00', end: '2026-12-02T11:00', timeZone: 'W. Europe Standard Time',
      recurrence: { pattern: 'weekly', interval: 2, endDate: '2027-03-31' },
    });
    assert.deepEqual(sent.recurrence, {
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['wednesday'] },
      range: { type: 'endDate', startDate: '2026-12-02', recurrenceTimeZone: 'W. Europe Standard Time', endDate: '2027-03-31' },
    });
  });

  it('sends a transactionId and lets the transport retry the POST only then', async () => {
    nock(GRAPH)
      .post('/v1.0/me/events').reply(503, graphErrorBody('ServiceUnavailable', 'busy'), { 'Retry-After': '0' })
      .post('/v1.0/me/events', (b) => b.transactionId === 'order-42').reply(201, created({}));
    await run(createEvent, { start: '2026-12-01T09:00', end: '2026-12-01T10:00', transactionId: 'order-42' });
  });

  it('derives a transactionId from the step and the message, so a redelivered message creates no second event', async () => {
    const key = messageKey({ id: 'in-1' });
    assert.match(String(key), /^eio-[0-9a-f]{32}$/);
    nock(GRAPH)
      .post('/v1.0/me/events').reply(503, graphErrorBody('ServiceUnavailable', 'busy'), { 'Retry-After': '0' })
      .post('/v1.0/me/events', (b) => b.transactionId === key).reply(201, created({}));
    await run(createEvent, { start: '2026-12-01T09:00', end: '2026-12-01T10:00' });
  });

  it('gives two steps fed the same message different transactionIds', () => {
    const saved = process.env.ELASTICIO_STEP_ID;
    try {
      process.env.ELASTICIO_STEP_ID = 'step_1';
      const first = messageKey({ id: 'in-1' });
      process.env.ELASTICIO_STEP_ID = 'step_2';
      assert.notEqual(messageKey({ id: 'in-1' }), first);
      assert.equal(messageKey({ id: '' }), undefined);
    } finally {
      if (saved === undefined) delete process.env.ELASTICIO_STEP_ID; else process.env.ELASTICIO_STEP_ID = saved;
    }
  });

  for (const [what, body, field] of [
    ['an end before the start', { start: '2026-12-01T10:00', end: '2026-12-01T09:00' }, 'End (end)'],
    ['an end equal to the start in another IANA zone', { start: { dateTime: '2026-12-01T10:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-01T09:00', timeZone: 'Europe/London' } }, 'End (end)'],
    ['an unknown time zone', { start: '2026-12-01T10:00', end: '2026-12-01T11:00', timeZone: 'Europe/Berln' }, 'Time Zone (timeZone)'],
    ['an impossible date', { start: '2026-02-30T10:00', end: '2026-03-01T11:00' }, 'Start (start)'],
    ['a missing end', { start: '2026-12-01T10:00' }, 'End (end)'],
    ['a one-day all-day event whose end equals its start', { start: '2026-12-24', end: '2026-12-24', isAllDay: true }, 'End (end)'],
    ['an all-day event starting at 09:00', { start: '2026-12-24T09:00', isAllDay: true }, 'Start (start)'],
    ['an invalid attendee', { start: '2026-12-01T10:00', end: '2026-12-01T11:00', requiredAttendees: 'ann@' }, 'Required Attendees (requiredAttendees)'],
    ['an unknown showAs', { start: '2026-12-01T10:00', end: '2026-12-01T11:00', showAs: 'away' }, 'Show As (showAs)'],
    ['a recurrence with both endDate and occurrences', { start: '2026-12-01T10:00', end: '2026-12-01T11:00', recurrence: { pattern: 'daily', endDate: '2027-01-01', occurrences: 3 } }, 'Recurrence (recurrence.endDate)'],
    ['an end before the start across a Windows zone and UTC', { start: { dateTime: '2026-12-01T10:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-12-01T08:30', timeZone: 'UTC' } }, 'End (end)'],
    ['a Windows zone CLDR does not know', { start: '2026-12-01T10:00', end: '2026-12-01T11:00', timeZone: 'Mars Standard Time' }, 'Time Zone (timeZone)'],
    ['an unknown zone inside a date-time', { start: { dateTime: '2026-12-01T10:00', timeZone: 'Europe/Atlantis' }, end: '2026-12-01T11:00' }, 'Start (start.timeZone)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(createEvent, { ...body });
      assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }

  it('says which calendar was not found', async () => {
    nock(GRAPH).post(`/v1.0/me/calendars/${encodeURIComponent(CALENDAR_ID)}/events`)
      .reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-cal'));
    const { error } = await runFailing(createEvent, { start: '2026-12-01T09:00', end: '2026-12-01T10:00', calendarId: CALENDAR_ID });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Calendar "AAMkAGI2TGuLAAA=" not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-cal\)/);
  });

  it('lets a Graph 400 propagate with its code', async () => {
    nock(GRAPH).post('/v1.0/me/events').reply(400, graphErrorBody('ErrorPropertyValidationFailure', 'At least one property failed validation.'));
    const { error } = await runFailing(createEvent, { start: '2026-12-01T09:00', end: '2026-12-01T10:00' });
    assert.ok(error instanceof GraphError);
    assert.equal(error.code, 'ErrorPropertyValidationFailure');
  });

  it('offers writable calendars, the default first, as the select model', async () => {
    nock(GRAPH).get('/v1.0/me/calendars').query(true).reply(200, { value: [
      { id: 'c2', name: 'Birthdays', canEdit: false },
      { id: 'c3', name: 'Team', canEdit: true },
      { id: CALENDAR_ID, name: 'Calendar', isDefaultCalendar: true, canEdit: true },
    ] });
    const model = await createEvent.getCalendars.call(recordingContext(), { ...CFG });
    assert.deepEqual(Object.entries(model), [[CALENDAR_ID, 'Calendar (default)'], ['c3', 'Team']]);
  });
});
