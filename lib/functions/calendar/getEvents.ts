/** Get Events: a date range with recurring series expanded (calendarView), or the events and series of a calendar, with filters. */
import { calendarIds, listEvents } from '../../outlook/calendar/eventItems';
import { eventFilter } from '../../outlook/calendar/eventQuery';
import { ConfigurationError } from '../../outlook/errors';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { event, list, num, obj, str } from '../shapes';
import { EVENT_ID_EXAMPLE, occurrenceInstant } from './eventFields';

const withCalendar = obj('Event', { ...event.properties, type: str('Type'), seriesMasterId: str('Series ID'), calendarId: str('Calendar ID (with All Calendars)') });

const definition = defineAction({
  key: 'getEvents',
  title: 'Get Events',
  description: 'Lists the events of a date range with recurring series expanded into occurrences, or the events and series of a calendar, with filters',
  help: 'With Start and End (ISO 8601 with an offset, or in the Time Zone): every event and every occurrence of a series in that range '
    + '(calendarView), in order of start. Without them: the single events and series masters of the calendar (a series once, with its '
    + 'recurrence). Filters: subject, organizer, categories, Show As, sensitivity. One calendar (default: the default calendar) or all '
    + 'calendars; pages are followed up to Maximum Events; start and end in the Output Time Zone',
  docs: ['https://learn.microsoft.com/graph/api/calendar-list-calendarview', 'https://learn.microsoft.com/graph/api/user-list-events',
    'https://learn.microsoft.com/graph/api/user-list-calendars'],
  permissions: [CALENDARS_READ],
  params: {
    calendarId: place(f.calendar, 'both').as({ help: 'Empty: the default calendar' }),
    allCalendars: place(f.checkbox('All Calendars', { help: 'Every calendar of the mailbox (Calendar is then ignored); each event carries its calendarId' }), 'both').withDefault(false),
    start: place(f.dateTime('Start', { help: 'Range start: "2026-12-01T00:00:00+01:00", or in the Time Zone; with End' }), 'both'),
    end: place(f.dateTime('End', { help: 'Range end (exclusive); with Start' }), 'both'),
    timeZone: place(f.timeZoneField, 'both').as({ help: 'Of Start and End when they carry no offset: an IANA name (Europe/Berlin); default UTC' }),
    subjectContains: place(f.text('Subject Contains', { max: 255 }), 'both'),
    organizer: place(f.address('Organizer'), 'both'),
    categories: place(f.list('Categories', { help: 'Events with any of these categories; separated by , or ;' }), 'both'),
    showAs: place(f.showAs, 'both'),
    sensitivity: place(f.sensitivity, 'both'),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    maxResults: place(f.integer('Maximum Events', { min: 1, max: 10_000, placeholder: '100' }), 'both').withDefault(100),
    outputTimeZone: place(f.outputTimeZone, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Event', { ...withCalendar.properties, events: list('Events (Emit All)', withCalendar), count: num('Number of events (Emit All)') }),
  batch: { shape: (events) => ({ events, count: events.length }), emitEmpty: true, whole: 'maxResults' },
  example: {
    input: { start: '2026-12-01T00:00:00+01:00', end: '2026-12-08T00:00:00+01:00', showAs: 'busy', outputTimeZone: 'Europe/Berlin' },
    output: {
      id: EVENT_ID_EXAMPLE, subject: 'Weekly sync', type: 'occurrence', seriesMasterId: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKyAAA=',
      start: { dateTime: '2026-12-02T10:00:00.0000000', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-02T10:30:00.0000000', timeZone: 'Europe/Berlin' },
      showAs: 'busy', webLink: 'https://outlook.office365.com/owa/?itemid=AAMkAGVmMDEz…&exvsurl=1&path=/calendar/item',
    },
  },
  async run({ values: v, client, log, out, field }) {
    if ((v.start === undefined) !== (v.end === undefined)) {
      throw new ConfigurationError(field(v.start === undefined ? 'start' : 'end'), `is required with ${field(v.start === undefined ? 'end' : 'start')} (a range needs both)`);
    }
    let window: { start: string; end: string } | undefined;
    if (v.start && v.end) {
      const from = occurrenceInstant(v.start, v.timeZone, field('start')).ms;
      const to = occurrenceInstant(v.end, v.timeZone, field('end')).ms;
      if (to <= from) throw new ConfigurationError(field('end'), 'must be after start');
      const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      window = { start: iso(from), end: iso(to) };
    }
    const filter = eventFilter({ subjectContains: v.subjectContains, organizer: v.organizer, categories: v.categories, showAs: v.showAs, sensitivity: v.sensitivity });
    const calendars = v.allCalendars ? (await calendarIds(client, v.mailbox)).map((c) => c.id) : [v.calendarId];
    log.info(`${window ? 'Occurrences in a range' : 'Events and series'}${filter ? ', filtered' : ''}, ${v.allCalendars ? `${calendars.length} calendars` : 'one calendar'}, up to ${v.maxResults}`);
    let pages = 0;
    for (const calendarId of calendars) {
      const left = v.maxResults - out.items;
      if (left <= 0) break;
      for await (const page of listEvents(client, { mailbox: v.mailbox, calendarId, window, filter, zone: v.outputTimeZone?.name, max: left })) {
        pages += 1;
        for (const item of page) await out.item(v.allCalendars ? { ...item, calendarId } : item);
      }
    }
    log.info(`${out.items} events in ${pages} pages`);
  },
});

export = functionModule(definition, PICKERS);
