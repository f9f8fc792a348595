/**
 * Events as Graph shows them: body validation into stored properties, instants of start/end, expansion of series
 * into occurrences, and output in the zone asked for with `Prefer: outlook.timezone`.
 */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext } from '../http/router';
import { walk } from '../odata/filter';
import { EVENT } from '../store/schema';
import type { EventRec, Props, Store } from '../store/Store';
import { NAVIGATION_KEY, canonicalProperty, itemBody, navigationProperty, recipients } from '../routes/common';
import { Recurrence, normalizeRecurrence, occurrenceDays } from './recurrence';
import { DAY, DateTimeTimeZone, UTC_ZONE, formatWall, fromWall, parseDateTime, present, requireZone, resolveZone, toWall } from './timeZones';

export interface Zone { label: string; iana: string }

/** One appearance of an event on the calendar: a single instance, a series master, or an occurrence (`day`). */
export interface Instance {
  rec: EventRec; start: number; end: number; startWall: number; endWall: number; allDay: boolean; day?: number;
  /** An occurrence deleted from its series (only with `withCancelled`, for delta's `@removed`). */
  cancelled?: boolean;
}

/** Days (local, see recurrence.ts) of occurrences deleted from a series; kept beside the Graph properties. */
export const CANCELLED_DAYS = '@sandbox.cancelledDays';

/**
 * Occurrences changed on their own (exceptions, event resource `type: exception`): per local day, the properties
 * PATCHed on the occurrence, kept beside the Graph properties of the series master.
 */
export const EXCEPTIONS = '@sandbox.exceptions';

/** The properties an occurrence's PATCH changed, by its day; undefined when it was not changed. */
export function exceptionOf(rec: EventRec, day: number | undefined): Props | undefined {
  if (day === undefined) return undefined;
  return (rec.props[EXCEPTIONS] as Record<string, Props> | undefined)?.[String(day)];
}

/**
 * A PATCH of one occurrence: each property checked as for the series, the recurrence refused (an occurrence has
 * none); start and end keep the occurrence's order. Returns the properties to keep for that day.
 */
export function occurrenceChanges(body: Props, inst: Instance): Props {
  const patch: Props = {};
  for (const [rawKey, value] of Object.entries(body)) {
    if (rawKey.startsWith('@odata')) continue;
    const key = canonicalProperty(EVENT, rawKey, 'event');
    if (key === 'recurrence') throw badRequest('The recurrence of an occurrence cannot be changed; change the series master.', 'ErrorInvalidRequest');
    if (!READ_ONLY.has(key)) patch[key] = field(key, value);
  }
  const merged = { ...(exceptionOf(inst.rec, inst.day) ?? {}), ...patch };
  const start = merged.start as DateTimeTimeZone | undefined;
  const end = merged.end as DateTimeTimeZone | undefined;
  if (start || end) {
    const s = start ? fromWall((parseDateTime(start.dateTime) as { wall: number }).wall, requireZone(start.timeZone)) : inst.start;
    const e = end ? fromWall((parseDateTime(end.dateTime) as { wall: number }).wall, requireZone(end.timeZone)) : inst.end;
    if (e < s) throw badRequest('The end date occurs before the start date.', 'ErrorCalendarEndDateIsEarlierThanStartDate');
  }
  return merged;
}

const NO_TIME = '0001-01-01T00:00:00Z';
const READ_ONLY = new Set(['id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'hasAttachments', 'bodyPreview', 'webLink',
  'iCalUId', 'seriesMasterId', 'type', 'isOrganizer', 'responseStatus', 'onlineMeeting', 'isDraft', 'isCancelled', 'onlineMeetingUrl',
  'originalStart', 'cancelledOccurrences']);
const BOOLEANS = new Set(['isAllDay', 'isOnlineMeeting', 'isReminderOn', 'responseRequested', 'allowNewTimeProposals', 'hideAttendees']);
const ENUMS: Record<string, string[]> = {
  showAs: ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'],
  importance: ['low', 'normal', 'high'],
  sensitivity: ['normal', 'personal', 'private', 'confidential'],
  onlineMeetingProvider: ['unknown', 'teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer'],
};

/** The zone of `Prefer: outlook.timezone` (echoed in Preference-Applied), UTC without one; unknown names are ignored. */
export function outputZone(ctx: RouteContext): Zone {
  const wanted = ctx.prefer.get('outlook.timezone');
  const iana = wanted === undefined ? undefined : resolveZone(wanted);
  if (wanted === undefined || !iana) return UTC_ZONE;
  if (!ctx.applied.some((a) => a.startsWith('outlook.timezone'))) ctx.applied.push(`outlook.timezone="${wanted}"`);
  return { label: wanted, iana };
}

export function dateTimeTimeZone(value: unknown, field: string): DateTimeTimeZone {
  const dateTime = walk(value, ['dateTime']);
  const rawZone = walk(value, ['timeZone']);
  const parsed = typeof dateTime === 'string' ? parseDateTime(dateTime) : undefined;
  if (!parsed) throw new GraphHttpError(400, 'RequestBodyRead', `The property '${field}' needs a dateTime like '2024-05-01T08:00:00' (got '${String(dateTime ?? '')}').`);
  const timeZone = rawZone === undefined || rawZone === null || rawZone === '' ? 'UTC' : String(rawZone);
  const iana = requireZone(timeZone);
  const wall = parsed.offsetMs === undefined ? parsed.wall : toWall(parsed.wall - parsed.offsetMs, iana);
  return { dateTime: formatWall(wall), timeZone };
}

function attendees(value: unknown): Props[] {
  if (!Array.isArray(value)) throw badRequest("The property 'attendees' must be a collection.", 'RequestBodyRead');
  const people = recipients(value, 'attendees');
  return value.map((a, i) => ({
    type: enumOf(walk(a, ['type']) ?? 'required', ['required', 'optional', 'resource']),
    status: { response: 'none', time: NO_TIME },
    emailAddress: people[i].emailAddress,
  }));
}

function location(value: unknown): Props {
  const displayName = walk(value, ['displayName']);
  if (value === null || typeof value !== 'object' || (displayName !== undefined && typeof displayName !== 'string')) {
    throw badRequest("The property 'location' must be a location object.", 'RequestBodyRead');
  }
  const name = typeof displayName === 'string' ? displayName : '';
  return {
    ...(value as Props), displayName: name, locationType: walk(value, ['locationType']) ?? 'default',
    uniqueId: walk(value, ['uniqueId']) ?? (name || undefined), uniqueIdType: name ? 'private' : 'unknown',
  };
}

function enumOf(value: unknown, allowed: string[]): string {
  const found = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  if (!found) throw badRequest(`Requested value '${String(value)}' was not found.`, 'RequestBodyRead');
  return found;
}

function field(key: string, value: unknown): unknown {
  if (value === null && !['recurrence', 'location', 'body'].includes(key)) return null;
  if (BOOLEANS.has(key)) {
    if (typeof value !== 'boolean') throw badRequest(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.Boolean'.`, 'RequestBodyRead');
    return value;
  }
  if (ENUMS[key]) return enumOf(value, ENUMS[key]);
  switch (key) {
    case 'start': case 'end': return dateTimeTimeZone(value, key);
    case 'body': return itemBody(value) ?? { contentType: 'text', content: '' };
    case 'attendees': return attendees(value);
    case 'location': return value === null ? location({}) : location(value);
    case 'locations': return Array.isArray(value) ? value.map(location) : badField(key, 'a collection');
    case 'organizer': return recipients([value], 'organizer')[0];
    case 'categories': return Array.isArray(value) && value.every((c) => typeof c === 'string') ? value : badField(key, 'a collection of strings');
    case 'reminderMinutesBeforeStart': return Number.isInteger(value) ? value : badField(key, 'an integer');
    case 'subject': case 'transactionId': case 'originalStartTimeZone': case 'originalEndTimeZone':
      return typeof value === 'string' ? value : badField(key, 'a string');
    default: return value;
  }
}

function badField(key: string, what: string): never {
  throw badRequest(`The property '${key}' must be ${what}.`, 'RequestBodyRead');
}

/** Validates a create or PATCH body; returns the properties to store, derived ones (type, zones…) included. */
export function eventChanges(body: Props, options: { existing?: Props; me: string }): Props {
  const patch: Props = {};
  for (const [rawKey, value] of Object.entries(body)) {
    if (rawKey.startsWith('@odata')) continue;
    const nav = navigationProperty('event', rawKey, value);
    if (nav === 'ignored') continue;
    if (nav) { patch[NAVIGATION_KEY] = { ...(patch[NAVIGATION_KEY] as Props | undefined), [nav.key]: nav.value }; continue; }
    const key = canonicalProperty(EVENT, rawKey, 'event');
    if (!READ_ONLY.has(key)) patch[key] = key === 'recurrence' ? value : field(key, value);
  }
  return { ...patch, ...derived({ ...(options.existing ?? {}), ...patch }, patch, options) };
}

function derived(merged: Props, patch: Props, options: { existing?: Props; me: string }): Props {
  const out: Props = {};
  const start = merged.start as DateTimeTimeZone | undefined;
  const end = merged.end as DateTimeTimeZone | undefined;
  if (!start || !end) throw badRequest("An event needs both 'start' and 'end'.", 'ErrorInvalidRequest');
  const t = timingOf(start, end, merged.isAllDay === true);
  if (t.end < t.start) throw badRequest('The end date occurs before the start date.', 'ErrorCalendarEndDateIsEarlierThanStartDate');
  if (t.allDay && (t.startWall % DAY !== 0 || t.endWall % DAY !== 0 || t.endWall - t.startWall < DAY)) {
    throw badRequest('An all-day event must start and end at midnight and last whole days.', 'ErrorInvalidRequest');
  }
  if ('start' in patch) out.originalStartTimeZone = start.timeZone;
  if ('end' in patch) out.originalEndTimeZone = end.timeZone;
  if ('recurrence' in patch || ('start' in patch && merged.recurrence)) {
    const raw = patch.recurrence === undefined ? merged.recurrence : patch.recurrence;
    out.recurrence = raw === null ? null : normalizeRecurrence(raw, Math.floor(t.startWall / DAY), start.timeZone);
    if ('start' in patch && !('recurrence' in patch) && out.recurrence) (out.recurrence as Recurrence).range.startDate = new Date(t.startWall).toISOString().slice(0, 10);
    out.type = out.recurrence ? 'seriesMaster' : 'singleInstance';
  }
  if (!options.existing || 'organizer' in patch) {
    const organizer = walk(merged.organizer, ['emailAddress', 'address']);
    const mine = organizer === undefined || String(organizer).toLowerCase() === options.me.toLowerCase();
    out.isOrganizer = mine;
    out.responseStatus = { response: mine ? 'organizer' : 'notResponded', time: NO_TIME };
  }
  if (patch.isOnlineMeeting === true && !merged.onlineMeeting) {
    out.onlineMeeting = { joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${Buffer.from(String(start.dateTime)).toString('hex').slice(0, 24)}%40thread.v2/0` };
    if (!merged.onlineMeetingProvider || merged.onlineMeetingProvider === 'unknown') out.onlineMeetingProvider = 'teamsForBusiness';
  }
  if ('location' in patch && !('locations' in patch)) {
    const loc = patch.location as Props;
    out.locations = loc.displayName ? [loc] : [];
  }
  return out;
}

interface Timing { start: number; end: number; startWall: number; endWall: number; allDay: boolean; zone: string }

function timingOf(start: DateTimeTimeZone, end: DateTimeTimeZone, allDay: boolean): Timing {
  const zone = requireZone(start.timeZone);
  const startWall = (parseDateTime(start.dateTime) as { wall: number }).wall;
  const endZone = requireZone(end.timeZone);
  const endWallOwn = (parseDateTime(end.dateTime) as { wall: number }).wall;
  const s = fromWall(startWall, zone);
  const e = fromWall(endWallOwn, endZone);
  return { start: s, end: e, startWall, endWall: allDay ? endWallOwn : startWall + (e - s), allDay, zone };
}

/** Timing of a stored event, or undefined for one stored without valid start/end (store API). */
export function timing(rec: EventRec): Timing | undefined {
  const { start, end } = rec.props as { start?: DateTimeTimeZone; end?: DateTimeTimeZone };
  if (!start?.dateTime || !end?.dateTime || !resolveZone(start.timeZone ?? 'UTC') || !resolveZone(end.timeZone ?? 'UTC')) return undefined;
  if (!parseDateTime(start.dateTime) || !parseDateTime(end.dateTime)) return undefined;
  return timingOf({ dateTime: start.dateTime, timeZone: start.timeZone ?? 'UTC' }, { dateTime: end.dateTime, timeZone: end.timeZone ?? 'UTC' }, rec.props.isAllDay === true);
}

function overlaps(start: number, end: number, from: number, to: number): boolean {
  return start < to && (end > from || (start === end && start >= from));
}

/** The event itself: a single instance or a series master at its own start. */
export function masterInstance(rec: EventRec): Instance | undefined {
  const t = timing(rec);
  return t && { rec, start: t.start, end: t.end, startWall: t.startWall, endWall: t.endWall, allDay: t.allDay };
}

/** What the event puts on the calendar within [from, to): itself, or its occurrences when it is a series. */
export function instancesIn(rec: EventRec, from: number, to: number, options: { withCancelled?: boolean } = {}): Instance[] {
  const t = timing(rec);
  if (!t || rec.props.isCancelled === true) return [];
  const recurrence = rec.props.recurrence as Recurrence | null;
  if (!recurrence) return overlaps(t.start, t.end, from, to) ? [masterInstance(rec) as Instance] : [];
  const length = t.endWall - t.startWall;
  const margin = 2 * DAY + length;
  const cancelled = new Set((rec.props[CANCELLED_DAYS] as number[] | undefined) ?? []);
  const out: Instance[] = [];
  for (const day of occurrenceDays(recurrence, Math.floor((from - margin) / DAY), Math.floor((to + margin) / DAY))) {
    const startWall = day * DAY + (((t.startWall % DAY) + DAY) % DAY);
    const start = fromWall(startWall, t.zone);
    const end = t.allDay ? fromWall(startWall + length, t.zone) : start + (t.end - t.start);
    const moved = movedTimes(exceptionOf(rec, day), { start, end, startWall, endWall: startWall + length });
    if (!overlaps(moved.start, moved.end, from, to) || (cancelled.has(day) && !options.withCancelled)) continue;
    out.push({ rec, ...moved, allDay: t.allDay, day, ...(cancelled.has(day) ? { cancelled: true } : {}) });
  }
  return out;
}

/** An occurrence's times after a PATCH of its start or end (an exception), else as its series puts it. */
function movedTimes(exception: Props | undefined, at: { start: number; end: number; startWall: number; endWall: number }): typeof at {
  const start = exception?.start as DateTimeTimeZone | undefined;
  const end = exception?.end as DateTimeTimeZone | undefined;
  if (!start && !end) return at;
  const instant = (d: DateTimeTimeZone): number => fromWall((parseDateTime(d.dateTime) as { wall: number }).wall, requireZone(d.timeZone));
  const s = start ? instant(start) : at.start;
  const e = end ? instant(end) : at.end;
  return { start: s, end: e, startWall: at.startWall + (s - at.start), endWall: at.endWall + (e - at.end) };
}

/** Occurrence ids carry the master id and the local date, so any occurrence can be read back without storing it. */
export function occurrenceId(masterId: string, day: number): string {
  const head = Buffer.alloc(5);
  head[0] = 0x4f;
  head.writeUInt32BE(day, 1);
  return Buffer.concat([head, Buffer.from(masterId, 'utf8')]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export function parseOccurrenceId(id: string): { masterId: string; day: number } | undefined {
  if (!/^[A-Za-z0-9_-]+=*$/.test(id)) return undefined;
  const buf = Buffer.from(id.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (buf.length < 6 || buf[0] !== 0x4f) return undefined;
  const masterId = buf.subarray(5).toString('utf8');
  return occurrenceId(masterId, buf.readUInt32BE(1)) === id ? { masterId, day: buf.readUInt32BE(1) } : undefined;
}

function presentTime(inst: Instance, which: 'start' | 'end', zone: Zone): DateTimeTimeZone {
  // All-day events float: midnight to midnight in whatever zone the reader asks for.
  if (inst.allDay) return { dateTime: formatWall(which === 'start' ? inst.startWall : inst.endWall), timeZone: zone.label };
  return present(which === 'start' ? inst.start : inst.end, zone);
}

export function instanceJson(store: Store, inst: Instance, zone: Zone): Props {
  const json = store.eventJson(inst.rec);
  delete json.originalStart;
  delete json.cancelledOccurrences;
  if (inst.day !== undefined) {
    const masterId = json.id as string;
    json.id = occurrenceId(masterId, inst.day);
    json.type = 'occurrence';
    json.seriesMasterId = masterId;
    json.recurrence = null;
    // Where the occurrence was first put by its series, in UTC (event resource: originalStart, DateTimeOffset).
    const exception = exceptionOf(inst.rec, inst.day);
    if (exception) {
      Object.assign(json, exception);
      json.type = 'exception';
    }
    // The series' own time for the occurrence, however it was moved since.
    const t = timing(inst.rec) as Timing;
    const seriesStart = fromWall(inst.day * DAY + (((t.startWall % DAY) + DAY) % DAY), t.zone);
    json.originalStart = new Date(seriesStart).toISOString().replace(/\.\d{3}Z$/, 'Z');
  } else if (inst.rec.props.recurrence) {
    // The series master lists the occurrences cancelled from it (event resource: cancelledOccurrences).
    const days = (inst.rec.props[CANCELLED_DAYS] as number[] | undefined) ?? [];
    json.cancelledOccurrences = days.map((day) => occurrenceId(json.id as string, day));
  }
  json.start = presentTime(inst, 'start', zone);
  json.end = presentTime(inst, 'end', zone);
  return json;
}

export function eventOutput(store: Store, rec: EventRec, zone: Zone): Props {
  const inst = masterInstance(rec);
  if (inst) return instanceJson(store, inst, zone);
  const json = store.eventJson(rec);
  delete json.originalStart;
  delete json.cancelledOccurrences;
  return json;
}

/** The occurrence an id names (its series still producing that day), or undefined. */
export function findOccurrence(store: Store, id: string): Instance | undefined {
  const parsed = parseOccurrenceId(id);
  const rec = parsed && store.findEvent(parsed.masterId);
  if (!parsed || !rec) return undefined;
  const day = parsed.day * DAY;
  return instancesIn(rec, day - 2 * DAY, day + 3 * DAY).find((i) => i.day === parsed.day);
}
