/** "Upcoming Events": each occurrence once when it starts within N minutes; again for a new start when moved. */
import { PolledEvent, listCalendarView, startInstant } from '../../outlook/calendar/changes';
import { withoutODataKeys } from '../../outlook/items';
import { ianaOf } from '../../outlook/values/times';
import { definePollingTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_READ } from '../../platform/permissions';
import { UpcomingItem, pollUpcoming } from '../../platform/polling/upcoming';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { minutesBefore, triggerCalendar } from './triggerFields';
import { upcomingEvent } from './triggerShapes';

/** UTC offsets span −12 h to +14 h: a listing this much wider than the due window holds every all-day event due in it. */
const MARGIN_MS = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

const definition = definePollingTrigger({
  key: 'upcomingEvents',
  title: 'Upcoming Events',
  description: 'Emits each event (each occurrence of a series) once, when it starts within the given number of minutes',
  help: 'Emits every event of the calendar that starts within Minutes Before Start, once; an event moved to another start is emitted again for '
    + 'its new time. Cancelled events are left out; all-day events start at midnight in the output time zone (IANA or Windows), else in UTC',
  docs: ['https://learn.microsoft.com/graph/api/user-list-calendarview'],
  permissions: [CALENDARS_READ],
  params: {
    calendarId: place(triggerCalendar, 'config'),
    minutesBefore: place(minutesBefore, 'config').withDefault(15),
    outputTimeZone: place(f.outputTimeZone, 'config'),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    mailbox: place(f.mailbox, 'config'),
  },
  output: upcomingEvent,
  example: {
    config: { minutesBefore: 30, outputTimeZone: 'Europe/Berlin' },
    output: {
      id: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAFRAAgI3kHQ7BQAAEYAAAAAIkPFvetwe0ygY4MfhUMRBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKzAAAQ',
      type: 'occurrence', seriesMasterId: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKzAAA=',
      subject: 'Daily stand-up', start: { dateTime: '2026-12-01T09:30:00.0000000', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-12-01T09:45:00.0000000', timeZone: 'Europe/Berlin' }, isAllDay: false, dueDateTime: '2026-12-01T08:30:00Z',
      isOnlineMeeting: true, onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_…%40thread.v2/0' },
    },
  },
  async run({ values: v, client, platform, snapshot }) {
    const ref = { mailbox: v.mailbox, calendarId: v.calendarId };
    const zone = v.outputTimeZone;
    // An all-day event runs midnight to midnight in the zone it is read in; a Windows zone through its CLDR IANA zone.
    const allDayZone = zone ? ianaOf(zone) : undefined;
    await pollUpcoming({
      ctx: platform, snapshot, title: '"Upcoming Events" trigger', minutes: v.minutesBefore, emitBehavior: v.emitBehavior,
      target: `${v.calendarId ? `calendar ${v.calendarId}` : 'default calendar'}${v.mailbox ? ` of ${v.mailbox}` : ''}, ${v.minutesBefore} minutes ahead`,
      async due(from, to) {
        const window = { start: iso(from - MARGIN_MS), end: iso(to + MARGIN_MS) };
        // Instants come from a UTC listing; the output is a second listing in the chosen zone, when there is one.
        const utc = await listCalendarView(client, { ...ref, window });
        const zoned = zone && zone.name !== 'UTC' ? new Map((await listCalendarView(client, { ...ref, window, zone: zone.name })).map((e) => [e.id, e])) : undefined;
        const items: UpcomingItem[] = [];
        for (const event of utc) {
          const start = startInstant(event, allDayZone);
          if (event.isCancelled === true || start === undefined || start < from || start > to) continue;
          const body = withoutODataKeys(zoned?.get(event.id) ?? event) as PolledEvent;
          items.push({ id: event.id, due: start, body: { ...body, dueDateTime: iso(start) } });
        }
        return items;
      },
    });
  },
});

export = functionModule(definition, PICKERS);
