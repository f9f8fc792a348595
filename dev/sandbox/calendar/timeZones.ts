/**
 * Time zones of `dateTimeTimeZone` values: Windows names (what Outlook stores and returns), IANA names and UTC, all
 * resolved through Intl. "Wall" times are local clock readings kept as epoch ms of the same reading in UTC, so date
 * arithmetic stays plain numbers.
 */
import { GraphHttpError } from '../http/errors';

export const DAY = 86_400_000;

export interface DateTimeTimeZone { dateTime: string; timeZone: string }

/** Windows zone ids → IANA (the CLDR "001" territory of each). */
const WINDOWS: Record<string, string> = {
  'utc': 'UTC', 'coordinated universal time': 'UTC', 'greenwich standard time': 'Atlantic/Reykjavik',
  'gmt standard time': 'Europe/London', 'w. europe standard time': 'Europe/Berlin', 'romance standard time': 'Europe/Paris',
  'central europe standard time': 'Europe/Budapest', 'central european standard time': 'Europe/Warsaw',
  'e. europe standard time': 'Europe/Chisinau', 'fle standard time': 'Europe/Kiev', 'gtb standard time': 'Europe/Bucharest',
  'turkey standard time': 'Europe/Istanbul', 'russian standard time': 'Europe/Moscow', 'israel standard time': 'Asia/Jerusalem',
  'egypt standard time': 'Africa/Cairo', 'south africa standard time': 'Africa/Johannesburg', 'arabian standard time': 'Asia/Dubai',
  'pakistan standard time': 'Asia/Karachi', 'india standard time': 'Asia/Calcutta', 'nepal standard time': 'Asia/Katmandu',
  'se asia standard time': 'Asia/Bangkok', 'china standard time': 'Asia/Shanghai', 'singapore standard time': 'Asia/Singapore',
  'taipei standard time': 'Asia/Taipei', 'tokyo standard time': 'Asia/Tokyo', 'korea standard time': 'Asia/Seoul',
  'w. australia standard time': 'Australia/Perth', 'cen. australia standard time': 'Australia/Adelaide',
  'e. australia standard time': 'Australia/Brisbane', 'aus eastern standard time': 'Australia/Sydney',
  'new zealand standard time': 'Pacific/Auckland', 'hawaiian standard time': 'Pacific/Honolulu',
  'alaskan standard time': 'America/Anchorage', 'pacific standard time': 'America/Los_Angeles',
  'us mountain standard time': 'America/Phoenix', 'mountain standard time': 'America/Denver',
  'central standard time': 'America/Chicago', 'canada central standard time': 'America/Regina',
  'central america standard time': 'America/Guatemala', 'eastern standard time': 'America/New_York',
  'sa pacific standard time': 'America/Bogota', 'atlantic standard time': 'America/Halifax',
  'e. south america standard time': 'America/Sao_Paulo', 'argentina standard time': 'America/Buenos_Aires',
  'pacific sa standard time': 'America/Santiago', 'newfoundland standard time': 'America/St_Johns',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(iana, f);
  }
  return f;
}

/** The IANA zone of a Windows or IANA name, or undefined when neither Outlook nor Intl knows it. */
export function resolveZone(name: string): string | undefined {
  const trimmed = name.trim();
  const windows = WINDOWS[trimmed.toLowerCase()];
  if (windows) return windows;
  if (trimmed === '' || !/^[A-Za-z][\w+\-/]*$/.test(trimmed)) return undefined;
  try {
    formatter(trimmed);
    return trimmed;
  } catch {
    return undefined;
  }
}

export function requireZone(name: unknown): string {
  const iana = typeof name === 'string' ? resolveZone(name) : undefined;
  if (!iana) {
    throw new GraphHttpError(400, 'TimeZoneNotSupportedException', `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${String(name ?? '')}'.`);
  }
  return iana;
}

/** The wall clock of `ms` in `iana`. */
export function toWall(ms: number, iana: string): number {
  if (iana === 'UTC') return ms;
  const whole = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatter(iana).formatToParts(new Date(whole))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) + (ms - whole);
}

/** The instant a wall clock reading in `iana` denotes; in a DST gap the later offset wins, as Exchange does. */
export function fromWall(wall: number, iana: string): number {
  if (iana === 'UTC') return wall;
  const first = toWall(wall, iana) - wall;
  const guess = wall - first;
  const second = toWall(guess, iana) - guess;
  return first === second ? guess : wall - second;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** A Graph `dateTime` text → wall ms, plus the offset when the text carries one (`Z`, `+02:00`). */
export function parseDateTime(text: string): { wall: number; offsetMs?: number } | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) return undefined;
  const ms = frac ? Math.floor(Number(frac.padEnd(7, '0')) / 10_000) : 0;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (new Date(wall).getUTCDate() !== Number(d)) return undefined;
  if (!zone) return { wall };
  const offsetMs = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return { wall, offsetMs };
}

/** `2024-05-01T08:00:00.0000000`: Outlook's form, 7 fractional digits and no offset. */
export function formatWall(wall: number): string {
  return `${new Date(wall).toISOString().slice(0, 23)}0000`;
}

export function formatDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The instant of a `dateTimeTimeZone`; an explicit offset in the text wins over the zone name. */
export function instantOf(value: DateTimeTimeZone): number {
  const parsed = parseDateTime(value.dateTime);
  if (!parsed) throw new Error(`Unparseable dateTime ${value.dateTime}`);
  return parsed.offsetMs !== undefined ? parsed.wall - parsed.offsetMs : fromWall(parsed.wall, requireZone(value.timeZone));
}

export function present(ms: number, zone: { label: string; iana: string }): DateTimeTimeZone {
  return { dateTime: formatWall(toWall(ms, zone.iana)), timeZone: zone.label };
}

export const UTC_ZONE = { label: 'UTC', iana: 'UTC' };
