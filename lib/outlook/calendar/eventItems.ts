/**
 * One event, addressed by its id: read, change (PATCH), delete, cancel, respond, forward; an occurrence of a series
 * found by its original start; and the calendars themselves (create, rename, delete).
 */
import type { GraphClient, GraphRequest } from '../../graph/GraphClient';
import { items, pages } from '../../graph/paginate';
import { mailboxRoot, segment } from '../../graph/paths';
import { ConfigurationError, OutlookError, explained, mailboxLabel } from '../errors';
import { withoutODataKeys } from '../items';
import type { Attendee, DateTimeTimeZone, Recipient } from '../types';
import { EventRecord, preferZone } from './events';

export interface EventRef { mailbox?: string; eventId: string }

export function eventPath(ref: EventRef): string {
  return `${mailboxRoot(ref.mailbox)}/events/${segment(ref.eventId, 'event id')}`;
}

const NOT_FOUND = ['ErrorItemNotFound', 'itemNotFound', 'ErrorInvalidIdMalformed'];

/** Graph's "not found" (or a malformed id) in the words of the event's id and mailbox. */
export function eventNotFound(ref: EventRef): (err: unknown) => unknown {
  return (err) => explained(err, NOT_FOUND, () => `Event ${ref.eventId} not found in mailbox ${mailboxLabel(ref.mailbox)}`);
}

async function onEvent<T>(ref: EventRef, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw eventNotFound(ref)(err);
  }
}

/** `GET /events/{id}`, start and end in `zone` (UTC without one). */
export async function getEvent(client: GraphClient, ref: EventRef & { zone?: string; select?: readonly string[] }): Promise<EventRecord> {
  return onEvent(ref, async () => {
    const { data } = await client.request<EventRecord>({
      path: eventPath(ref), headers: preferZone(ref.zone), ...(ref.select ? { query: { $select: ref.select.join(',') } } : {}),
    });
    return withoutODataKeys(data) as EventRecord;
  });
}

/** `PATCH /events/{id}` with exactly `changes` (Graph changes only the properties sent: event-update). */
export async function patchEvent(client: GraphClient, ref: EventRef & { changes: Record<string, unknown>; zone?: string }): Promise<EventRecord> {
  return onEvent(ref, async () => {
    const { data } = await client.request<EventRecord>({ method: 'PATCH', path: eventPath(ref), body: ref.changes, headers: preferZone(ref.zone) });
    return withoutODataKeys(data) as EventRecord;
  });
}

/** `DELETE /events/{id}` → 204. On the organizer's calendar, Graph sends the attendees a cancellation (event-delete). */
export async function deleteEvent(client: GraphClient, ref: EventRef): Promise<void> {
  await onEvent(ref, () => client.request({ method: 'DELETE', path: eventPath(ref) }));
}

/** `POST /events/{id}/cancel` → 202: the organizer cancels, with a comment to the attendees (event-cancel). */
export async function cancelEvent(client: GraphClient, ref: EventRef & { comment?: string }): Promise<void> {
  await onEvent(ref, () => client.request({ method: 'POST', path: `${eventPath(ref)}/cancel`, body: ref.comment === undefined ? {} : { comment: ref.comment } }));
}

export type EventResponse = 'accept' | 'tentativelyAccept' | 'decline';

export interface ResponseBody {
  comment?: string;
  sendResponse: boolean;
  proposedNewTime?: { start: DateTimeTimeZone; end: DateTimeTimeZone };
}

/** `POST /events/{id}/accept|tentativelyAccept|decline` → 202 (event-accept, event-tentativelyaccept, event-decline). */
export async function respondToEvent(client: GraphClient, ref: EventRef & { response: EventResponse; body: ResponseBody }): Promise<void> {
  await onEvent(ref, () => client.request({ method: 'POST', path: `${eventPath(ref)}/${ref.response}`, body: ref.body }));
}

/** `POST /events/{id}/forward` → 202 (event-forward). */
export async function forwardEvent(client: GraphClient, ref: EventRef & { toRecipients: Recipient[]; comment?: string }): Promise<void> {
  const body = { toRecipients: ref.toRecipients, ...(ref.comment === undefined ? {} : { comment: ref.comment }) };
  await onEvent(ref, () => client.request({ method: 'POST', path: `${eventPath(ref)}/forward`, body }));
}

// ---- attendees -----------------------------------------------------------------------------------------------------

/** The event's attendees as Graph lists them, reduced to what a PATCH may send back (type and address). */
export async function currentAttendees(client: GraphClient, ref: EventRef): Promise<Attendee[]> {
  const event = await getEvent(client, { ...ref, select: ['attendees'] });
  const list = Array.isArray(event?.attendees) ? event.attendees as Array<Partial<Attendee>> : [];
  return list.filter((a): a is Attendee => typeof a?.emailAddress?.address === 'string')
    .map((a) => ({ type: a.type ?? 'required', emailAddress: { ...a.emailAddress } }));
}

/** The attendee list after adding and removing (addresses compare case-insensitively; an added one replaces its type). */
export function nextAttendees(current: readonly Attendee[], change: { add?: readonly Attendee[]; remove?: readonly Recipient[] }): Attendee[] {
  const key = (r: Recipient): string => r.emailAddress.address.toLowerCase();
  const removed = new Set((change.remove ?? []).map(key));
  const added = new Map((change.add ?? []).map((a) => [key(a), a]));
  const kept = current.filter((a) => !removed.has(key(a)) && !added.has(key(a)));
  return [...kept, ...[...added.values()].filter((a) => !removed.has(key(a)))];
}

// ---- occurrences -----------------------------------------------------------------------------------------------------

const HOUR = 3_600_000;
/** How far from its original start an occurrence is looked for: one that was moved further is found by its id only. */
export const OCCURRENCE_SEARCH_DAYS = 7;

interface Instance { id: string; originalStart?: string; start?: DateTimeTimeZone; isAllDay?: boolean; type?: string }

/** The date of an all-day occurrence: its originalStart's when the series puts it at midnight UTC, else its start's. */
function allDayDate(inst: Instance): string | undefined {
  const original = typeof inst.originalStart === 'string' ? inst.originalStart : undefined;
  if (original && /T00:00:00(?:\.0+)?Z$/.test(original)) return original.slice(0, 10);
  return typeof inst.start?.dateTime === 'string' ? inst.start.dateTime.slice(0, 10) : original?.slice(0, 10);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The id of the occurrence of series `seriesId` that the series put at `originalStart` (an instant, ms), through
 * `GET /events/{id}/instances` over a window around it and the occurrences' `originalStart`. All-day occurrences
 * match by date (`originalDate`, YYYY-MM-DD): their originalStart's date at midnight UTC, else their start's date. Throws a ConfigurationError naming `field` when none matches.
 */
export async function findOccurrence(client: GraphClient, q: EventRef & { originalStart: number; originalDate: string; field: string }): Promise<string> {
  const window = OCCURRENCE_SEARCH_DAYS * 24 * HOUR;
  const request: GraphRequest = {
    path: `${eventPath(q)}/instances`,
    query: { startDateTime: iso(q.originalStart - window), endDateTime: iso(q.originalStart + window), $select: 'id,originalStart,start,isAllDay,type', $top: 100 },
  };
  let seen = 0;
  const found = await onEvent(q, async () => {
    for await (const page of pages<Instance>(client, request)) {
      for (const inst of page.items) {
        seen += 1;
        const original = typeof inst.originalStart === 'string' ? Date.parse(inst.originalStart) : NaN;
        if (original === q.originalStart) return inst.id;
        // All-day occurrences float (midnight to midnight wherever they are read): their date is what names them.
        if (inst.isAllDay === true && allDayDate(inst) === q.originalDate) return inst.id;
      }
    }
    return undefined;
  });
  if (found === undefined) {
    throw new ConfigurationError(q.field, `no occurrence of the series ${q.eventId} was originally at ${iso(q.originalStart)} `
      + `(${seen} occurrences within ${OCCURRENCE_SEARCH_DAYS} days of it; the series may not recur then, or that occurrence was deleted)`);
  }
  return found;
}

// ---- listing -----------------------------------------------------------------------------------------------------

export interface EventListing {
  mailbox?: string;
  /** Empty: the default calendar. */
  calendarId?: string;
  /** calendarView (occurrences) when given, else the events (series masters and single events). */
  window?: { start: string; end: string };
  filter?: string;
  zone?: string;
  max: number;
}

function calendarRoot(mailbox: string | undefined, calendarId: string | undefined): string {
  const root = mailboxRoot(mailbox);
  return calendarId ? `${root}/calendars/${segment(calendarId, 'calendar id')}` : `${root}/calendar`;
}

/** Pages of events (nextLinks followed) until `max` items; a calendar that is not there is named. */
export async function* listEvents(client: GraphClient, q: EventListing): AsyncGenerator<EventRecord[]> {
  const top = Math.min(q.max, 500);
  const request: GraphRequest = q.window
    ? {
      path: `${calendarRoot(q.mailbox, q.calendarId)}/calendarView`,
      query: { startDateTime: q.window.start, endDateTime: q.window.end, $top: top, $orderby: 'start/dateTime', ...(q.filter ? { $filter: q.filter } : {}) },
      headers: preferZone(q.zone),
    }
    : {
      path: `${calendarRoot(q.mailbox, q.calendarId)}/events`,
      query: { $top: top, $orderby: 'start/dateTime', ...(q.filter ? { $filter: q.filter } : {}) },
      headers: preferZone(q.zone),
    };
  let count = 0;
  try {
    for await (const page of pages<EventRecord>(client, request)) {
      const take = page.items.slice(0, q.max - count);
      count += take.length;
      yield take;
      if (count >= q.max) return;
    }
  } catch (err) {
    if (!q.calendarId) throw err;
    throw explained(err, NOT_FOUND, () => `Calendar "${q.calendarId}" not found in mailbox ${mailboxLabel(q.mailbox)}`);
  }
}

// ---- calendars ---------------------------------------------------------------------------------------------------

export interface CalendarRef { mailbox?: string; calendarId: string }

export interface CalendarItem { id: string; name?: string; color?: string; isDefaultCalendar?: boolean; [property: string]: unknown }

function calendarPath(ref: CalendarRef): string {
  return `${mailboxRoot(ref.mailbox)}/calendars/${segment(ref.calendarId, 'calendar id')}`;
}

function calendarNotFound(ref: CalendarRef): (err: unknown) => unknown {
  return (err) => explained(err, NOT_FOUND, () => `Calendar "${ref.calendarId}" not found in mailbox ${mailboxLabel(ref.mailbox)}`);
}

/** `POST /calendars` → 201. A name already used answers 409 ErrorFolderExists, said in the user's words. */
export async function createCalendar(client: GraphClient, req: { mailbox?: string; name: string; color?: string }): Promise<CalendarItem> {
  try {
    const { data } = await client.request<CalendarItem>({
      method: 'POST', path: `${mailboxRoot(req.mailbox)}/calendars`, body: { name: req.name, ...(req.color ? { color: req.color } : {}) },
    });
    return withoutODataKeys(data) as CalendarItem;
  } catch (err) {
    throw explained(err, ['ErrorFolderExists'], () => `A calendar named "${req.name}" already exists in mailbox ${mailboxLabel(req.mailbox)}`);
  }
}

export async function getCalendar(client: GraphClient, ref: CalendarRef): Promise<CalendarItem> {
  try {
    const { data } = await client.request<CalendarItem>({ path: calendarPath(ref), query: { $select: 'id,name,color,isDefaultCalendar,canEdit,owner' } });
    return data;
  } catch (err) {
    throw calendarNotFound(ref)(err);
  }
}

/** `PATCH /calendars/{id}` with the name and/or colour (calendar-update). */
export async function updateCalendar(client: GraphClient, ref: CalendarRef & { changes: { name?: string; color?: string } }): Promise<CalendarItem> {
  try {
    const { data } = await client.request<CalendarItem>({ method: 'PATCH', path: calendarPath(ref), body: ref.changes });
    return withoutODataKeys(data) as CalendarItem;
  } catch (err) {
    throw explained(calendarNotFound(ref)(err), ['ErrorFolderExists'], () => `A calendar named "${ref.changes.name}" already exists in mailbox ${mailboxLabel(ref.mailbox)}`);
  }
}

/** `DELETE /calendars/{id}` → 204; Graph deletes any calendar but the default one (calendar-delete). */
export async function deleteCalendar(client: GraphClient, ref: CalendarRef): Promise<void> {
  try {
    await client.request({ method: 'DELETE', path: calendarPath(ref) });
  } catch (err) {
    throw calendarNotFound(ref)(err);
  }
}

/** Every calendar's id and name, for Get Events over all calendars. */
export async function calendarIds(client: GraphClient, mailbox?: string): Promise<Array<{ id: string; name?: string }>> {
  const out: Array<{ id: string; name?: string }> = [];
  for await (const c of items<{ id: string; name?: string }>(client, { path: `${mailboxRoot(mailbox)}/calendars`, query: { $select: 'id,name', $top: 100 } })) out.push(c);
  return out;
}

/** An action Graph refused because the signed-in user is not the organizer, in words (cancel). */
export function notOrganizer(ref: EventRef, subject: unknown): OutlookError {
  const what = typeof subject === 'string' && subject ? `"${subject}"` : ref.eventId;
  return new OutlookError(`Only the organizer can cancel the meeting ${what}; the mailbox ${mailboxLabel(ref.mailbox)} is an attendee. `
    + 'Decline it with Respond to Invitation, or remove it from the calendar with Delete Event', { cause: new Error('not the organizer'), code: 'NotOrganizer' });
}

