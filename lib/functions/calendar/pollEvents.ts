/** "New or Updated Events": each new or changed event of a calendar once, or each occurrence within a rolling window. */
import { systemClock } from '../../graph/GraphClient';
import {
  EVENT_PAGE, PolledEvent, calendarViewDelta, deltaPreferences, eventsModifiedSince, preferHeaders, rollingWindow, zonePreference,
} from '../../outlook/calendar/changes';
import { visibleState, withoutODataKeys } from '../../outlook/items';
import { definePollingTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_READ } from '../../platform/permissions';
import { poll, pollingConfig } from '../../platform/polling/engine';
import { fingerprintOf } from '../../platform/polling/memory';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { emitOccurrences, reportRemovals, triggerCalendar, windowDays } from './triggerFields';
import { EVENT_EXAMPLE, polledEvent } from './triggerShapes';

const definition = definePollingTrigger({
  key: 'pollEvents',
  title: 'New or Updated Events',
  description: 'Emits new and changed events of a calendar, each version once; optionally each occurrence, and cancellations',
  help: 'Emits every event of the calendar created or changed since the last execution, each change once; a change Exchange makes '
    + 'without altering anything visible is not emitted. With Emit Occurrences, each occurrence of a series within the window',
  docs: ['https://learn.microsoft.com/graph/api/user-list-events', 'https://learn.microsoft.com/graph/api/event-delta', 'https://learn.microsoft.com/graph/delta-query-events'],
  permissions: [CALENDARS_READ],
  params: {
    calendarId: place(triggerCalendar, 'config'),
    startTime: place(f.startTime, 'config').withDefault(f.DEFAULT_START),
    emitOccurrences: place(emitOccurrences, 'config').withDefault(false),
    windowDays: place(windowDays, 'config').withDefault(30),
    reportRemovals: place(reportRemovals, 'config').withDefault(false),
    outputTimeZone: place(f.outputTimeZone, 'config'),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    maxEvents: place(f.maxPerExecution('Events'), 'config'),
    lookbackSeconds: place(f.lookbackSeconds, 'config').withDefault(5),
    mailbox: place(f.mailbox, 'config'),
  },
  output: polledEvent,
  example: {
    config: { calendarId: '', outputTimeZone: 'Europe/Berlin' },
    output: EVENT_EXAMPLE,
  },
  async run({ values: v, client, platform, snapshot }) {
    const ref = { mailbox: v.mailbox, calendarId: v.calendarId };
    const zone = v.outputTimeZone?.name;
    const window = rollingWindow((platform.clock ?? systemClock).now(), v.windowDays);
    const occurrences = v.emitOccurrences;
    await poll<PolledEvent>({
      ctx: platform, client, snapshot, config: pollingConfig({ ...v, pollingMode: occurrences ? 'delta' : undefined }, v.maxEvents),
      target: `${v.calendarId ? `calendar ${v.calendarId}` : 'default calendar'}${v.mailbox ? ` of ${v.mailbox}` : ''}`
        + `${occurrences ? `, occurrences from ${window.start} to ${window.end}` : ', series'}${v.reportRemovals ? ', with removals' : ''}`,
      source: {
        title: '"New or Updated Events" trigger',
        noun: 'events',
        pageSize: EVENT_PAGE,
        // Occurrences come from the calendarView delta only: Graph does not filter a calendarView by lastModifiedDateTime.
        modifiedSince: occurrences ? undefined : (since, top) => eventsModifiedSince({ ...ref, since, top, zone }),
        linkHeaders: zone ? () => preferHeaders(zonePreference(zone)) as Record<string, string> : undefined,
        deltaStart: (pageSize) => calendarViewDelta({ ...ref, window, pageSize, zone }),
        deltaHeaders: (pageSize) => deltaPreferences(pageSize, zone),
        deltaScope: occurrences ? `${window.start}/${window.end}` : undefined,
        accepts: (event) => v.reportRemovals || event.isCancelled !== true,
        fingerprint: (event) => fingerprintOf(visibleState(event)),
        removal: v.reportRemovals ? (change) => ({ id: change.id, removed: true, reason: reasonOf(change['@removed']) }) : undefined,
        toBody: async (event) => withoutODataKeys(event),
      },
    });
  },
});

function reasonOf(removed: unknown): string {
  const reason = typeof removed === 'object' && removed !== null ? (removed as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' ? reason : 'deleted';
}

export = functionModule(definition, PICKERS);
