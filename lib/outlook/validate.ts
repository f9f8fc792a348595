/** Input validation shared by actions: unknown values in, typed values out, ConfigurationError naming the field. */
import { ConfigurationError } from '../graph/errors';
import { segment } from '../graph/paths';

export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `value`, `{}` when absent. */
export function fields(value: unknown, field: string): Fields {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new ConfigurationError(field, 'must be an object');
  return value;
}

/** The first argument that is neither undefined, null nor an empty/blank string. */
export function firstGiven(...values: unknown[]): unknown {
  return values.find((v) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === ''));
}

export function optionalString(value: unknown, field: string, maxLength = 100_000): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') throw new ConfigurationError(field, `must be a string, got ${kind(value)}`);
  const text = value.trim();
  if (text === '') return undefined;
  if (text.length > maxLength) throw new ConfigurationError(field, `is longer than ${maxLength} characters`);
  return text;
}

export function requiredString(value: unknown, field: string, maxLength?: number): string {
  const text = optionalString(value, field, maxLength);
  if (text === undefined) throw new ConfigurationError(field, 'is required');
  return text;
}

const TRUE = new Set(['true', 'on', 'yes', '1']);
const FALSE = new Set(['false', 'off', 'no', '0']);

/** Booleans from mappings and check boxes: true/false, "true"/"false", "on" (CheckBoxView), "yes"/"no", 1/0. */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new ConfigurationError(field, `must be true or false, got "${String(value)}"`);
}

export function optionalInteger(value: unknown, field: string, range: { min: number; max: number }): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new ConfigurationError(field, `must be a whole number, got "${String(value)}"`);
  if (n < range.min || n > range.max) throw new ConfigurationError(field, `must be between ${range.min} and ${range.max}, got ${n}`);
  return n;
}

/** One of `allowed`, matched case-insensitively and returned in its canonical spelling. */
export function optionalEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  const text = optionalString(value, field, 200);
  if (text === undefined) return undefined;
  const match = allowed.find((a) => a.toLowerCase() === text.toLowerCase());
  if (!match) throw new ConfigurationError(field, `must be one of ${allowed.join(', ')}; got "${text}"`);
  return match;
}

/** Strings given as one text separated by commas/semicolons/new lines, or as an array. */
export function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item, i) => {
    if (typeof item !== 'string') throw new ConfigurationError(field, `item ${i + 1} must be a string, got ${kind(item)}`);
    return item.split(/[,;\n]/).map((s) => s.trim()).filter((s) => s !== '');
  });
}

/** An id from configuration: text only (a number is no Outlook id), checked now as paths.segment will encode it. */
export function optionalId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConfigurationError(field, `must be an id, got ${kind(value)}`);
  const text = value.trim();
  if (text === '') return undefined;
  segment(text, field);
  return text;
}

/** The mailbox to act on (user id or UPN); the message body overrides the step configuration. Empty → `/me`. */
export function mailboxOf(body: Fields, cfg: Fields): string | undefined {
  const mailbox = optionalString(firstGiven(body.mailbox, cfg.mailbox), 'mailbox', 320);
  // Checked here, before any request, with the rule mailboxRoot applies when the path is built.
  if (mailbox !== undefined) segment(mailbox, 'mailbox');
  return mailbox;
}

// ---- e-mail addresses ------------------------------------------------------------------------------------------

const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@(?:[^\s@<>(),;:"[\]\\.]+\.)+[^\s@<>(),;:"[\]\\.]{2,}$/u;

export function emailAddress(value: string, field: string): string {
  const text = value.trim();
  if (text.length > 320 || !ADDRESS.test(text)) throw new ConfigurationError(field, `"${value}" is not a valid e-mail address`);
  return text;
}

// ---- dates, times and time zones --------------------------------------------------------------------------------

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

// Windows time-zone ids end in "Standard Time" except the UTC family ("UTC", "UTC-11", "UTC+12"):
// https://learn.microsoft.com/windows-hardware/manufacture/desktop/default-time-zones
const WINDOWS_ZONE = /^(?:[A-Z][A-Za-z.\-'() +&]* Standard Time|UTC(?:[+-]\d{2})?)$/;

export interface TimeZone {
  name: string;
  /** True for IANA names (convertible here); false for Windows names, which only Graph resolves. */
  iana: boolean;
}

/** An IANA (`Europe/Berlin`) or Windows (`W. Europe Standard Time`) time-zone name, as Graph accepts both. */
export function timeZone(value: unknown, field: string): TimeZone | undefined {
  const text = optionalString(value, field, 100);
  if (text === undefined) return undefined;
  if (WINDOWS_ZONE.test(text) && !/^UTC$/i.test(text)) return { name: text, iana: false };
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
    return { name: canonical.toLowerCase() === text.toLowerCase() ? canonical : text, iana: true };
  } catch {
    throw new ConfigurationError(field, `"${text}" is not a known IANA or Windows time zone name (e.g. Europe/Berlin, W. Europe Standard Time, UTC)`);
  }
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

function kind(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
}
