/** Update Event: changes only the properties given, of an event, a series or one occurrence; attendees replaced, added or removed. */
import { currentAttendees, nextAttendees, patchEvent } from '../../outlook/calendar/eventItems';
import { checkAllDay, toAttendees, toRecurrence } from '../../outlook/calendar/payloads';
import { ConfigurationError } from '../../outlook/errors';
import { dropUndefined } from '../../outlook/items';
import { withType } from '../../outlook/mail/payloads';
import { isRecord } from '../../outlook/values/text';
import type { DateTimeTimeZone } from '../../outlook/types';
import { addMinutes, checkOrder, resolveZoned } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { Values, place } from '../../platform/params';
import { CALENDARS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { event } from '../shapes';
import { EVENT_ID_EXAMPLE, checkOccurrenceStart, eventId, occurrenceStart, targetEvent } from './eventFields';

const params = {
  eventId: place(eventId, 'input').required().keys({ aliases: ['id'] }),
  occurrenceStart: place(occurrenceStart, 'input'),
  subject: place(f.subject, 'input'),
  body: place(f.itemBody, 'input'),
  bodyContentType: place(f.bodyContentType, 'both'),
  start: place(f.dateTime('Start', { help: '"2026-12-01T09:30", with an offset, or {dateTime, timeZone}' }), 'input'),
  startTimeZone: place(f.zone('Start Time Zone'), 'input'),
  end: place(f.dateTime('End', { help: 'Like start; exclusive for all-day events. Instead: durationMinutes (with start)' }), 'input'),
  endTimeZone: place(f.zone('End Time Zone'), 'input'),
  durationMinutes: place(f.integer('Duration (minutes)', { min: 1, max: 525_600, help: 'With start and no end: the new end' }), 'input'),
  timeZone: place(f.timeZoneField, 'both').as({ help: 'Of start, end and occurrence start unless they name their own; IANA or Windows name; default UTC' }),
  isAllDay: place(f.checkbox('All Day Event'), 'input'),
  location: place(f.location, 'input'),
  attendees: place(f.recipients('Required Attendees', { help: 'Replaces the attendee list (with Optional Attendees)' }), 'input').keys({ aliases: ['requiredAttendees'] }),
  optionalAttendees: place(f.recipients('Optional Attendees', { help: 'Replaces the attendee list (with Required Attendees)' }), 'input'),
  addAttendees: place(f.recipients('Add Attendees', { help: 'Added to the current attendees as required attendees' }), 'input'),
  removeAttendees: place(f.recipients('Remove Attendees', { help: 'Removed from the current attendees' }), 'input'),
  importance: place(f.importance, 'input'),
  showAs: place(f.showAs, 'input'),
  sensitivity: place(f.sensitivity, 'input'),
  isOnlineMeeting: place(f.checkbox('Online Meeting'), 'input'),
  isReminderOn: place(f.checkbox('Reminder On'), 'input'),
  reminderMinutesBeforeStart: place(f.integer('Reminder (minutes before start)', { min: 0, max: 525_600 }), 'input'),
  categories: place(f.list('Categories', { help: 'Replace the event\'s categories; separated by , or ;' }), 'input'),
  recurrence: place(f.recurrence, 'input'),
  outputTimeZone: place(f.outputTimeZone, 'both'),
  mailbox: place(f.mailbox, 'both'),
};

type Input = Values<typeof params>;
type Field = (name: keyof Input & string) => string;

const definition = defineAction({
  key: 'updateEvent',
  title: 'Update Event',
  description: 'Changes only the given properties of an event, a series or one occurrence; attendees can be replaced, added or removed',
  help: 'Sends Graph exactly the properties given (PATCH); everything else stays as it is. Required and Optional Attendees replace the whole '
    + 'attendee list; Add Attendees and Remove Attendees change it instead: the current attendees are read first (GET) and the whole new list '
    + 'is sent. One occurrence of a series: its own id, or the series id with Occurrence Start (its original start). Dates, zones and '
    + 'recurrence take the same forms as in Create Event; a recurrence needs Start. On a meeting you organise, Graph sends the attendees an update '
    + '(a change of the attendees alone goes to the attendees that changed). A new Body of an online meeting replaces the join information '
    + 'Outlook put in it, as Graph warns: keep it in the text you send',
  docs: ['https://learn.microsoft.com/graph/api/event-update', 'https://learn.microsoft.com/graph/api/event-list-instances'],
  permissions: [CALENDARS_WRITE],
  params,
  output: event,
  example: {
    input: {
      eventId: EVENT_ID_EXAMPLE, subject: 'Quarterly review (moved)', start: { dateTime: '2026-12-03T16:00', timeZone: 'Europe/Berlin' }, durationMinutes: 90,
      addAttendees: 'Megan Bowen <megan.bowen@contoso.onmicrosoft.com>', outputTimeZone: 'Europe/Berlin',
    },
    output: {
      id: EVENT_ID_EXAMPLE, subject: 'Quarterly review (moved)',
      start: { dateTime: '2026-12-03T16:00:00.0000000', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-03T17:30:00.0000000', timeZone: 'Europe/Berlin' },
      attendees: [{ type: 'required', emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@contoso.onmicrosoft.com' } }],
      webLink: 'https://outlook.office365.com/owa/?itemid=AAMkAGVmMDEz…&exvsurl=1&path=/calendar/item',
    },
  },
  async run({ values: v, client, log, out, field }) {
    const changes = changesOf(v, field);
    const editing = v.addAttendees !== undefined || v.removeAttendees !== undefined;
    if (Object.keys(changes).length === 0 && !editing) {
      throw new ConfigurationError(['subject', 'start', 'end', 'location', 'attendees', 'addAttendees', 'removeAttendees', 'showAs'].map((k) => field(k as keyof Input & string)).join(', '),
        'nothing to change: give at least one property of the event');
    }
    const target = { mailbox: v.mailbox, eventId: v.eventId, occurrenceStart: v.occurrenceStart, timeZone: v.timeZone };
    checkOccurrenceStart(target, field('occurrenceStart'));
    const id = await targetEvent(client, target, { occurrenceStart: field('occurrenceStart') });
    if (editing) {
      const current = await currentAttendees(client, { mailbox: v.mailbox, eventId: id });
      changes.attendees = nextAttendees(current, { add: toAttendees(v.addAttendees), remove: v.removeAttendees });
    }
    log.info(`Updating ${Object.keys(changes).join(', ')} of ${id === v.eventId ? 'an event' : 'one occurrence of a series'}`);
    await out.item(await patchEvent(client, { mailbox: v.mailbox, eventId: id, changes, zone: v.outputTimeZone?.name }));
  },
});

/** The PATCH body: exactly the properties given, checked across fields before any request. */
function changesOf(v: Input, field: Field): Record<string, unknown> {
  const zones = [v.timeZone];
  if (v.startTimeZone && !v.start) throw new ConfigurationError(field('startTimeZone'), `applies to ${field('start')}; give it too`);
  if (v.endTimeZone && !v.end) throw new ConfigurationError(field('endTimeZone'), `applies to ${field('end')}; give it too`);
  const start = v.start && resolveZoned({ ...v.start, zone: v.start.zone ?? v.startTimeZone }, zones, field('start'));
  let end: DateTimeTimeZone | undefined = v.end && resolveZoned({ ...v.end, zone: v.end.zone ?? v.endTimeZone }, zones, field('end'));
  if (v.durationMinutes !== undefined) {
    if (!start) throw new ConfigurationError(field('durationMinutes'), `needs ${field('start')} (the new end is start plus the duration)`);
    if (end) throw new ConfigurationError(field('durationMinutes'), `give either ${field('end')} or a duration, not both`);
    end = { dateTime: addMinutes(start.dateTime, v.durationMinutes), timeZone: start.timeZone };
  }
  if (v.isAllDay === true) {
    if (!start || !end) throw new ConfigurationError(field('isAllDay'), `needs ${field('start')} and ${field('end')} at midnight (Graph requires both for an all-day event)`);
    checkAllDay(start, end, { start: field('start'), end: field('end') });
  }
  if (start && end) checkOrder(start, end, field('end'));
  const replacing = v.attendees !== undefined || v.optionalAttendees !== undefined;
  if (replacing && (v.addAttendees || v.removeAttendees)) {
    throw new ConfigurationError(field(v.addAttendees ? 'addAttendees' : 'removeAttendees'),
      `cannot be combined with ${field('attendees')} or ${field('optionalAttendees')}, which replace the whole list`);
  }
  let recurrence;
  if (v.recurrence !== undefined) {
    if (v.occurrenceStart !== undefined) throw new ConfigurationError(field('recurrence'), `cannot be changed on one occurrence (${field('occurrenceStart')}); change the series`);
    const graphForm = isRecord(v.recurrence.pattern) && isRecord(v.recurrence.range);
    if (!start && !graphForm) throw new ConfigurationError(field('recurrence'), `needs ${field('start')} (the series starts on its date), or Graph's own {pattern, range}`);
    recurrence = toRecurrence(v.recurrence, start ?? { dateTime: '', timeZone: 'UTC' }, field('recurrence'));
  }
  return dropUndefined({
    subject: v.subject, body: withType(v.body, v.bodyContentType), start, end, isAllDay: v.isAllDay, location: v.location,
    attendees: replacing ? toAttendees(v.attendees, v.optionalAttendees) : undefined, importance: v.importance, showAs: v.showAs,
    sensitivity: v.sensitivity, isOnlineMeeting: v.isOnlineMeeting, isReminderOn: v.isReminderOn,
    reminderMinutesBeforeStart: v.reminderMinutesBeforeStart, categories: v.categories, recurrence,
  });
}

export = functionModule(definition, PICKERS);
