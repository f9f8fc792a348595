/** Create Event: one calendar event with attendees, separate start/end time zones and optional recurrence. */
import { createEvent } from '../../outlook/calendar/events';
import { EventPayload, checkAllDay, toAttendees, toRecurrence } from '../../outlook/calendar/payloads';
import { ConfigurationError } from '../../outlook/errors';
import { dropUndefined } from '../../outlook/items';
import { withType } from '../../outlook/mail/payloads';
import { addMinutes, checkOrder, resolveZoned } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { messageKey } from '../../platform/idempotency';
import { place } from '../../platform/params';
import { CALENDARS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { event } from '../shapes';

const definition = defineAction({
  key: 'createEvent',
  title: 'Create Event',
  description: 'Creates a calendar event with attendees, separate start and end time zones, online meeting and recurrence',
  help: 'Creates an event in the chosen calendar (default: the primary one); start and end may use different time zones',
  docs: ['https://learn.microsoft.com/graph/api/user-post-events', 'https://learn.microsoft.com/graph/api/resources/patternedrecurrence'],
  permissions: [CALENDARS_WRITE],
  params: {
    calendarId: place(f.calendar, 'both'),
    subject: place(f.subject, 'input'),
    body: place(f.itemBody, 'input'),
    bodyContentType: place(f.bodyContentType, 'both'),
    start: place(f.dateTime('Start', { help: '"2026-12-01T09:30", with an offset, or {dateTime, timeZone}' }), 'input').required(),
    startTimeZone: place(f.zone('Start Time Zone'), 'input'),
    end: place(f.dateTime('End', { help: 'Like start; exclusive for all-day events. Instead: durationMinutes' }), 'input'),
    endTimeZone: place(f.zone('End Time Zone'), 'input'),
    durationMinutes: place(f.integer('Duration (minutes)', { min: 1, max: 525_600, help: 'When no end is given' }), 'input'),
    timeZone: place(f.timeZoneField, 'both').as({ help: 'Of start and end unless they name their own; IANA (Europe/Berlin) or Windows (W. Europe Standard Time) name; default UTC' }),
    isAllDay: place(f.checkbox('All Day Event'), 'both').withDefault(false),
    location: place(f.location, 'input'),
    attendees: place(f.recipients('Required Attendees'), 'input').keys({ aliases: ['requiredAttendees'] }),
    optionalAttendees: place(f.recipients('Optional Attendees'), 'input'),
    importance: place(f.importance, 'both'),
    showAs: place(f.showAs, 'both'),
    sensitivity: place(f.sensitivity, 'both'),
    isOnlineMeeting: place(f.checkbox('Online Meeting'), 'both'),
    onlineMeetingProvider: place(f.choice('Online Meeting Provider', { teamsForBusiness: 'Teams', skypeForBusiness: 'Skype for Business', skypeForConsumer: 'Skype' } as const), 'input'),
    isReminderOn: place(f.checkbox('Reminder On'), 'input'),
    reminderMinutesBeforeStart: place(f.integer('Reminder (minutes before start)', { min: 0, max: 525_600 }), 'input'),
    categories: place(f.list('Categories', { help: 'Separated by , or ;' }), 'input'),
    recurrence: place(f.recurrence, 'input'),
    transactionId: place(f.text('Transaction ID', { max: 255, help: 'Graph returns the first event for a repeated id; default: derived from the step and the message' }), 'input'),
    outputTimeZone: place(f.outputTimeZone, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: event,
  example: {
    input: {
      subject: 'Flight FRA → JFK', start: { dateTime: '2026-12-01T09:30', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-12-01T12:10', timeZone: 'Eastern Standard Time' }, location: 'Terminal 1',
      attendees: 'ann@contoso.com, Bob <bob@contoso.com>', showAs: 'oof', isReminderOn: true, reminderMinutesBeforeStart: 60,
    },
    output: {
      id: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKzAAA=',
      subject: 'Flight FRA → JFK', start: { dateTime: '2026-12-01T08:30:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T17:10:00.0000000', timeZone: 'UTC' },
      location: { displayName: 'Terminal 1' }, showAs: 'oof', webLink: 'https://outlook.office365.com/owa/?itemid=AAMkAGVmMDEz…&exvsurl=1&path=/calendar/item',
    },
  },
  async run({ values: v, client, log, out, field, messageId }) {
    const zones = [v.timeZone];
    const start = resolveZoned({ ...v.start, zone: v.start.zone ?? v.startTimeZone }, zones, field('start'));
    const end = v.end ? resolveZoned({ ...v.end, zone: v.end.zone ?? v.endTimeZone }, zones, field('end'))
      : v.isAllDay || v.durationMinutes !== undefined ? { dateTime: addMinutes(start.dateTime, v.durationMinutes ?? 1440), timeZone: start.timeZone }
        : undefined;
    if (!end) throw new ConfigurationError(field('end'), 'is required, or give durationMinutes');
    if (v.isAllDay) checkAllDay(start, end, { start: field('start'), end: field('end') });
    checkOrder(start, end, field('end'));
    const attendees = toAttendees(v.attendees, v.optionalAttendees);
    const payload: EventPayload = dropUndefined({
      subject: v.subject, body: withType(v.body, v.bodyContentType), start, end, isAllDay: v.isAllDay || undefined, location: v.location,
      attendees: attendees.length ? attendees : undefined, importance: v.importance, showAs: v.showAs, sensitivity: v.sensitivity,
      isOnlineMeeting: v.isOnlineMeeting, onlineMeetingProvider: v.onlineMeetingProvider, isReminderOn: v.isReminderOn,
      reminderMinutesBeforeStart: v.reminderMinutesBeforeStart, categories: v.categories, recurrence: toRecurrence(v.recurrence, start, field('recurrence')),
      // Graph returns the first event for a repeated transactionId, which makes a redelivered or retried create safe.
      transactionId: v.transactionId ?? messageKey({ id: messageId }),
    });
    log.info(`${attendees.length} attendees, ${payload.recurrence ? 'recurring' : 'single'}, ${v.calendarId ? 'chosen calendar' : 'default calendar'}`);
    await out.item(await createEvent(client, { mailbox: v.mailbox, calendarId: v.calendarId, event: payload, outputTimeZone: v.outputTimeZone?.name }));
  },
});

export = functionModule(definition, PICKERS);
