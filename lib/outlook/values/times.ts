/** Date-times and time zones: parsing what users write, and the zone arithmetic Graph's payloads need. */
import { ConfigurationError } from '../errors';
import type { DateTimeTimeZone } from '../types';
import { isRecord, nested, optionalString } from './text';
import { canonicalIana, fromWindows, toWindows } from './zones';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/;
const OFFSET = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(Z|[+-]\d{2}:?\d{2})$/i;

/** A date-time without zone (`2026-12-01T09:30`, `2026-12-01`) → `YYYY-MM-DDTHH:MM:SS`; undefined when it carries an offset. */
export function localDateTime(value: string, field: string): string | undefined {
  const m = LOCAL.exec(value.trim());
  if (!m) {
    if (OFFSET.test(value.trim())) return undefined;
    throw new ConfigurationError(field, `"${value}" is not an ISO 8601 date-time (e.g. 2026-12-01T09:30:00)`);
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const text = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const check = new Date(`${text}Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 19) !== text) {
    throw new ConfigurationError(field, `"${value}" is not a valid calendar date-time`);
  }
  return text;
}

/** A date-time with `Z` or an offset → epoch ms; undefined when it has no zone. */
export function instant(value: string, field: string): number | undefined {
  const m = OFFSET.exec(value.trim());
  if (!m) {
    localDateTime(value, field);
    return undefined;
  }
  const zone = m[2].toUpperCase() === 'Z' ? 'Z' : m[2].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${m[1].replace(' ', 'T')}${zone}`);
  if (Number.isNaN(ms)) throw new ConfigurationError(field, `"${value}" is not a valid date-time`);
  return ms;
}

export interface TimeZone {
  name: string;
  /** True for IANA names; false for Windows names, which are mapped to IANA through CLDR (zones.ts) for arithmetic here. */
  iana: boolean;
}

export const UTC: TimeZone = { name: 'UTC', iana: true };

/**
 * An IANA (`Europe/Berlin`, `Asia/Kolkata`) or Windows (`W. Europe Standard Time`) time-zone name, as Graph accepts
 * both. Both are checked against the CLDR Windows↔IANA mapping: a Windows name CLDR does not list, or an IANA zone
 * without a Windows equivalent (which Outlook, keeping Windows zones, could not store), is refused naming the field.
 */
export function timeZone(value: unknown, field: string): TimeZone | undefined {
  const text = optionalString(value, field, 100);
  if (text === undefined) return undefined;
  const windows = /^UTC$/i.test(text) ? undefined : fromWindows(text);
  if (windows) return { name: windows.windows, iana: false };
  const canonical = canonicalIana(text);
  if (canonical === undefined || toWindows(text) === undefined) {
    throw new ConfigurationError(field, `"${text}" is not a known IANA or Windows time zone name (e.g. Europe/Berlin, W. Europe Standard Time, UTC)`);
  }
  return { name: canonical.toLowerCase() === text.toLowerCase() ? canonical : text, iana: true };
}

/** The IANA zone to compute with: the name itself, or a Windows name's CLDR default ("001") zone. */
export function ianaOf(zone: TimeZone): string {
  return zone.iana ? zone.name : fromWindows(zone.name)?.iana ?? zone.name;
}

/** The Windows id of a zone (CLDR), e.g. for comparing zones written either way. */
export function windowsOf(zone: TimeZone): string | undefined {
  return zone.iana ? toWindows(zone.name) : zone.name;
}

/** The wall-clock time in an IANA zone of an instant, as `YYYY-MM-DDTHH:MM:SS`. */
export function wallClock(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/** The instant of a wall-clock time in an IANA zone (the earlier one when a DST change makes it ambiguous). */
export function zonedInstant(local: string, zone: string): number {
  const asUtc = Date.parse(`${local}Z`);
  let guess = asUtc;
  for (let i = 0; i < 3; i += 1) {
    const offset = Date.parse(`${wallClock(guess, zone)}Z`) - guess;
    guess = asUtc - offset;
  }
  return guess;
}

/** A point in time as `YYYY-MM-DDTHH:MM:SSZ`; a value without zone (or a bare date) is taken as UTC. */
export function optionalUtc(value: unknown, field: string): string | undefined {
  const text = optionalString(value, field, 64);
  if (text === undefined) return undefined;
  const ms = instant(text, field) ?? Date.parse(`${localDateTime(text, field)}Z`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Adds minutes to a zone-less date-time (calendar arithmetic; Graph applies the zone). */
export function addMinutes(local: string, minutes: number): string {
  return new Date(Date.parse(`${local}Z`) + minutes * 60_000).toISOString().slice(0, 19);
}


/** A date-time input (`2026-12-01T09:00`, or with `Z`/offset) in a zone → Graph's `{dateTime, timeZone}`. */
export function toDateTimeTimeZone(value: string, zone: TimeZone, field: string): DateTimeTimeZone {
  const local = localDateTime(value, field);
  if (local !== undefined) return { dateTime: local, timeZone: zone.name };
  const ms = instant(value, field) as number;
  return { dateTime: wallClock(ms, ianaOf(zone)), timeZone: zone.name };
}

/** A date-time as the user gave it: its text, and its own zone when it named one (`{dateTime, timeZone}`). */
export interface ZonedInput { text: string; zone?: TimeZone }

/** `"2026-12-01T09:00"`, `"2026-12-01T09:00:00+01:00"` or `{dateTime, timeZone}`; the format is checked now. */
export function parseZonedInput(value: unknown, field: string): ZonedInput | undefined {
  const record = isRecord(value) ? value : { dateTime: value };
  const text = optionalString(record.dateTime, field, 64);
  if (text === undefined) return undefined;
  if (localDateTime(text, field) === undefined) instant(text, field);
  const zone = timeZone(record.timeZone, nested(field, '.timeZone'));
  return zone ? { text, zone } : { text };
}

/** Graph's `{dateTime, timeZone}` of an input: in its own zone, else the first of `zones` given, else UTC. */
export function resolveZoned(input: ZonedInput, zones: ReadonlyArray<TimeZone | undefined>, field: string): DateTimeTimeZone {
  const zone = input.zone ?? zones.find((z): z is TimeZone => z !== undefined) ?? UTC;
  return toDateTimeTimeZone(input.text, zone, field);
}

/** -1, 0, 1: the order of two zoned times (Windows zones through their CLDR IANA zone); undefined for a zone unknown here. */
export function compareTimes(a: DateTimeTimeZone, b: DateTimeTimeZone): number | undefined {
  const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
  if (a.timeZone === b.timeZone) return sign(a.dateTime.localeCompare(b.dateTime));
  const za = timeZone(a.timeZone, 'start');
  const zb = timeZone(b.timeZone, 'end');
  if (za && zb) return sign(zonedInstant(a.dateTime, ianaOf(za)) - zonedInstant(b.dateTime, ianaOf(zb)));
  // UTC offsets span −12 h to +14 h, so wall clocks more than 26 h apart are ordered whatever the zones.
  const gap = Date.parse(`${a.dateTime}Z`) - Date.parse(`${b.dateTime}Z`);
  return Math.abs(gap) > 26 * 3_600_000 ? sign(gap) : undefined;
}


/** Refuses an end that is not after its start, when the order can be told here. */
export function checkOrder(start: DateTimeTimeZone, end: DateTimeTimeZone, field: string): void {
  const order = compareTimes(start, end);
  if (order !== undefined && order >= 0) {
    throw new ConfigurationError(field, `must be after start (start ${start.dateTime} ${start.timeZone}, end ${end.dateTime} ${end.timeZone})`);
  }
}

/** Minutes from a to b (elapsed time: a DST change inside the span counts), undefined for a zone unknown here. */
export function minutesBetween(a: DateTimeTimeZone, b: DateTimeTimeZone): number | undefined {
  const za = timeZone(a.timeZone, 'start');
  const zb = timeZone(b.timeZone, 'end');
  return za && zb ? (zonedInstant(b.dateTime, ianaOf(zb)) - zonedInstant(a.dateTime, ianaOf(za))) / 60_000 : undefined;
}

export interface TimeWindow { start: DateTimeTimeZone; end: DateTimeTimeZone }

export interface WindowInput {
  start?: ZonedInput;
  end?: ZonedInput;
  zone?: TimeZone;
  /** ISO instant used when no start is given. */
  now: string;
  /** Length of the window when no end is given. */
  defaultMinutes: number;
  fields: { start: string; end: string };
}

/** A window from start (default now) to end (default start + defaultMinutes), each in its own zone. */
export function toTimeWindow(w: WindowInput): TimeWindow {
  const zone = w.zone ?? UTC;
  const start = resolveZoned(w.start ?? { text: w.now }, [zone], w.fields.start);
  const end = w.end ? resolveZoned(w.end, [zone], w.fields.end)
    : { dateTime: addMinutes(start.dateTime, w.defaultMinutes), timeZone: start.timeZone };
  checkOrder(start, end, w.fields.end);
  return { start, end };
}
