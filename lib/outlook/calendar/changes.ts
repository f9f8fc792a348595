/**
 * Events as the calendar triggers read them: series masters and single events changed since a time (by
 * lastModifiedDateTime), the calendarView delta over a window (occurrences, with `@removed`), and the calendarView
 * of a short window (upcoming occurrences).
 */
import type { GraphRequest } from '../../graph/GraphClient';
import { pages } from '../../graph/paginate';
import type { GraphClient } from '../../graph/GraphClient';
import { mailboxRoot, segment } from '../../graph/paths';
import { explained, mailboxLabel } from '../errors';
import { zonedInstant } from '../values/times';

/** What the triggers emit of an event (every property the event resource documents but the navigation ones). */
export const POLLED_EVENT_FIELDS = [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'originalStartTimeZone', 'originalEndTimeZone',
  'iCalUId', 'reminderMinutesBeforeStart', 'isReminderOn', 'hasAttachments', 'subject', 'bodyPreview', 'importance',
  'sensitivity', 'isAllDay', 'isCancelled', 'isOrganizer', 'responseRequested', 'seriesMasterId', 'showAs', 'type',
  'webLink', 'onlineMeetingUrl', 'isOnlineMeeting', 'onlineMeetingProvider', 'allowNewTimeProposals', 'responseStatus',
  'body', 'start', 'end', 'location', 'locations', 'recurrence', 'attendees', 'organizer', 'onlineMeeting',
];

/** Events with bodies are heavy: half of Graph's `$top` maximum of 1000 (the page shrinks after a 504 anyway). */
export const EVENT_PAGE = 500;

export interface PolledEvent {
  id: string;
  changeKey?: string;
  lastModifiedDateTime?: string;
  isCancelled?: boolean;
  isAllDay?: boolean;
  start?: { dateTime?: string; timeZone?: string };
  '@removed'?: { reason?: string };
  [property: string]: unknown;
}

export interface CalendarRef {
  mailbox?: string;
  /** Empty: the default calendar. */
  calendarId?: string;
}

export function calendarPath(ref: CalendarRef): string {
  const root = mailboxRoot(ref.mailbox);
  return ref.calendarId ? `${root}/calendars/${segment(ref.calendarId, 'Calendar')}` : `${root}/calendar`;
}

/** `Prefer` values in one header (RFC 7240 allows a list); undefined when there are none. */
export function preferHeaders(...values: Array<string | undefined>): Record<string, string> | undefined {
  const given = values.filter((v): v is string => v !== undefined && v !== '');
  return given.length ? { Prefer: given.join(', ') } : undefined;
}

export function zonePreference(zone?: string): string | undefined {
  return zone ? `outlook.timezone="${zone}"` : undefined;
}

/**
 * Single events and series masters (not occurrences: `/events` lists no instances) modified at or after `since`,
 * oldest first, start and end in `zone` (UTC without one).
 */
export function eventsModifiedSince(q: CalendarRef & { since: string; top: number; zone?: string }): GraphRequest {
  return {
    path: `${calendarPath(q)}/events`,
    query: { $filter: `lastModifiedDateTime ge ${q.since}`, $orderby: 'lastModifiedDateTime asc', $top: q.top, $select: POLLED_EVENT_FIELDS.join(',') },
    headers: preferHeaders(zonePreference(q.zone)),
  };
}

/** A window of the calendar as instants, ISO 8601 in UTC. */
export interface Window { start: string; end: string }

const DAY = 86_400_000;

/** From the start of today (UTC) to `days` ahead: one window per day, so a delta round is replaced once a day. */
export function rollingWindow(now: number, days: number): Window {
  const start = Math.floor(now / DAY) * DAY;
  const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
  return { start: iso(start), end: iso(start + days * DAY) };
}

/**
 * The first request of a calendarView delta round: occurrences and single events overlapping the window. Graph takes
 * no `$select`, `$filter`, `$orderby` or `$top` here; the window travels in the round's links
 * (learn.microsoft.com/graph/api/event-delta).
 */
export function calendarViewDelta(ref: CalendarRef & { window: Window; pageSize: number; zone?: string }): GraphRequest {
  return {
    path: `${calendarPath(ref)}/calendarView/delta`,
    query: { startDateTime: ref.window.start, endDateTime: ref.window.end },
    headers: deltaPreferences(ref.pageSize, ref.zone),
  };
}

/** Links keep the query but not the headers: page size and output zone are sent again with every page. */
export function deltaPreferences(pageSize: number, zone?: string): Record<string, string> {
  return preferHeaders(`odata.maxpagesize=${pageSize}`, zonePreference(zone)) as Record<string, string>;
}

/** Every occurrence and single event overlapping the window (all pages), start and end in `zone`. */
export async function listCalendarView(client: GraphClient, ref: CalendarRef & { window: Window; zone?: string; max?: number }): Promise<PolledEvent[]> {
  const request: GraphRequest = {
    path: `${calendarPath(ref)}/calendarView`,
    query: { startDateTime: ref.window.start, endDateTime: ref.window.end, $top: Math.min(ref.max ?? EVENT_PAGE, EVENT_PAGE), $select: POLLED_EVENT_FIELDS.join(',') },
    headers: preferHeaders(zonePreference(ref.zone)),
  };
  const out: PolledEvent[] = [];
  try {
    for await (const page of pages<PolledEvent>(client, request)) {
      out.push(...page.items);
      if (ref.max !== undefined && out.length >= ref.max) return out.slice(0, ref.max);
    }
  } catch (err) {
    if (!ref.calendarId) throw err;
    throw explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed'], () => `Calendar "${ref.calendarId}" not found in mailbox ${mailboxLabel(ref.mailbox)}`);
  }
  return out;
}

/**
 * When an occurrence of a UTC listing starts, as an instant. All-day events float (midnight to midnight wherever they
 * are read): they start at midnight of their date in `allDayZone` (an IANA name), else in UTC.
 */
export function startInstant(event: PolledEvent, allDayZone?: string): number | undefined {
  const text = event.start?.dateTime;
  if (typeof text !== 'string') return undefined;
  if (event.isAllDay === true) {
    const date = text.slice(0, 10);
    const ms = allDayZone ? zonedInstant(`${date}T00:00:00`, allDayZone) : Date.parse(`${date}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if ((event.start?.timeZone ?? 'UTC') !== 'UTC') return undefined;
  const ms = Date.parse(`${text}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
