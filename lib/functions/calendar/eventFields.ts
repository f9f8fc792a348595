/** Fields and helpers shared by the functions on one event (update, get, delete, cancel, respond, forward) and on calendars. */
import type { GraphClient } from '../../graph/GraphClient';
import { findOccurrence } from '../../outlook/calendar/eventItems';
import { TimeZone, ZonedInput, ianaOf, instant, localDateTime, zonedInstant } from '../../outlook/values/times';
import type { FieldSpec } from '../../platform/params';
import * as f from '../fields';
import { bool, obj, str } from '../shapes';

export const eventId = f.itemId('Event ID', 'event', {
  help: 'The id of the event, of a series (with Occurrence Start: of one occurrence of it) or of one occurrence, as Get Events and the triggers emit it',
});

export const occurrenceStart = f.dateTime('Occurrence Start', {
  help: 'With the id of a series: the occurrence that the series originally put at this time (ISO 8601 with an offset, or {dateTime, timeZone}; '
    + 'a date for an all-day series). Found among the series\' occurrences within 7 days of it',
});

export const comment = f.text('Comment', { max: 64_000, help: 'Text sent to the attendees (or the organizer) with the message' });

export const calendarColor = f.choice('Colour', {
  auto: 'Automatic', lightBlue: 'Light blue', lightGreen: 'Light green', lightOrange: 'Light orange', lightGray: 'Light gray',
  lightYellow: 'Light yellow', lightTeal: 'Light teal', lightPink: 'Light pink', lightBrown: 'Light brown', lightRed: 'Light red',
} as const, { prompt: 'Automatic (default)' });

export const calendarName = f.text('Calendar Name', { max: 255, help: 'The name of the calendar, unique among the mailbox\'s calendars' });

/** A calendar to change or delete: the picker's field, required, with no "default calendar" meaning when empty. */
export const chosenCalendar: FieldSpec<string> = {
  ...f.calendar, help: 'The calendar; in a mapping its id (as the calendar list gives it)', view: { ...f.calendar.view, prompt: 'Select a Calendar' },
};

export const calendarShape = obj('Calendar', {
  id: str('Calendar ID', { required: true }), name: str('Name'), color: str('Colour'), hexColor: str('Colour (hex)'),
  isDefaultCalendar: bool('Default calendar'), canEdit: bool('Can edit'), changeKey: str('Change key'),
  owner: obj('Owner', { name: str('Name'), address: str('Address') }),
});

export const CALENDAR_EXAMPLE = {
  id: 'AAMkAGI2TGuLAAA=', name: 'Projects', color: 'lightGreen', hexColor: '', isDefaultCalendar: false, canEdit: true,
  changeKey: 'nfZyf7VcrEKLNoU37KWlkQAAA0x0+w==', owner: { name: 'Adele Vance', address: 'adele.vance@contoso.onmicrosoft.com' },
};

export const EVENT_ID_EXAMPLE = 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAENAAAiIsqMbYjsT5e-T7KzowPTAAAa_WKzAAA=';

/** The instant (ms) and the local date a date-time names: by its offset, else in its zone, else in `zone`, else in UTC. */
export function occurrenceInstant(input: ZonedInput, zone: TimeZone | undefined, field: string): { ms: number; date: string } {
  const text = input.text;
  const local = localDateTime(text, field);
  if (local === undefined) {
    const ms = instant(text, field) as number;
    return { ms, date: text.trim().slice(0, 10) };
  }
  const z = input.zone ?? zone;
  if (z === undefined) return { ms: Date.parse(`${local}Z`), date: local.slice(0, 10) };
  // A Windows name computes in its CLDR default zone, as everywhere else.
  return { ms: zonedInstant(local, ianaOf(z)), date: local.slice(0, 10) };
}

export interface Target { mailbox?: string; eventId: string; occurrenceStart?: ZonedInput; timeZone?: TimeZone }

/**
 * The id to act on: the given event, or, with an occurrence start, the occurrence of that series. The start is
 * checked before any request; a series without such an occurrence fails naming `fields.occurrenceStart`.
 */
export async function targetEvent(client: GraphClient, t: Target, fields: { occurrenceStart: string }): Promise<string> {
  if (t.occurrenceStart === undefined) return t.eventId;
  const at = occurrenceInstant(t.occurrenceStart, t.timeZone, fields.occurrenceStart);
  return findOccurrence(client, { mailbox: t.mailbox, eventId: t.eventId, originalStart: at.ms, originalDate: at.date, field: fields.occurrenceStart });
}

/** Checks an occurrence start before any request (the format and the zone), so errors come first. */
export function checkOccurrenceStart(t: Target, field: string): void {
  if (t.occurrenceStart !== undefined) occurrenceInstant(t.occurrenceStart, t.timeZone, field);
}
