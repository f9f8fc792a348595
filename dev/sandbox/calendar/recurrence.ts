/**
 * patternedRecurrence: validation into Graph's full shape (every pattern and range field present, as Graph returns
 * them) and expansion into occurrence dates. Dates are day numbers (days since 1970-01-01) of the series' local calendar.
 */
import { GraphHttpError } from '../http/errors';
import { DAY, formatDate } from './timeZones';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const PATTERNS = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'];
const RANGES = ['endDate', 'noEnd', 'numbered'];
const INDEXES = ['first', 'second', 'third', 'fourth', 'last'];
const NO_DATE = '0001-01-01';
/** Guards against runaway expansion of `noEnd` series. */
const MAX_STEPS = 50_000;

export interface Pattern {
  type: string; interval: number; month: number; dayOfMonth: number; daysOfWeek: string[]; firstDayOfWeek: string; index: string;
}
export interface Range { type: string; startDate: string; endDate: string; recurrenceTimeZone: string; numberOfOccurrences: number }
export interface Recurrence { pattern: Pattern; range: Range }

function invalid(message: string): GraphHttpError {
  return new GraphHttpError(400, 'ErrorCalendarInvalidRecurrence', message);
}

function enumValue(value: unknown, allowed: string[], fallback?: string): string {
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  const found = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  if (!found) throw new GraphHttpError(400, 'RequestBodyRead', `Requested value '${String(value)}' was not found.`);
  return found;
}

function integer(value: unknown, fallback: number, field: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`The recurrence property '${field}' must be a non-negative integer.`);
  return value;
}

export function dayOf(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).getUTCDate() === Number(m[3]) ? ms / DAY : undefined;
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`The recurrence needs a '${field}' object.`);
  return value as Record<string, unknown>;
}

/** Validates a recurrence body; `startDay`/`zone` of the event fill the range's defaults. */
export function normalizeRecurrence(value: unknown, startDay: number, zone: string): Recurrence {
  const body = object(value, 'recurrence');
  const p = object(body.pattern, 'pattern');
  const r = object(body.range, 'range');
  const type = enumValue(p.type, PATTERNS);
  const daysOfWeek = p.daysOfWeek === undefined || p.daysOfWeek === null ? [] : p.daysOfWeek;
  if (!Array.isArray(daysOfWeek)) throw invalid("The recurrence property 'daysOfWeek' must be a collection.");
  const pattern: Pattern = {
    type, interval: integer(p.interval, 1, 'interval'), month: integer(p.month, 0, 'month'), dayOfMonth: integer(p.dayOfMonth, 0, 'dayOfMonth'),
    daysOfWeek: daysOfWeek.map((d) => enumValue(d, WEEKDAYS)), firstDayOfWeek: enumValue(p.firstDayOfWeek, WEEKDAYS, 'sunday'),
    index: enumValue(p.index, INDEXES, 'first'),
  };
  if (pattern.interval < 1) throw invalid('The recurrence interval must be at least 1.');
  if (['weekly', 'relativeMonthly', 'relativeYearly'].includes(type) && !pattern.daysOfWeek.length) throw invalid(`A ${type} recurrence needs daysOfWeek.`);
  if (['absoluteMonthly', 'absoluteYearly'].includes(type) && (pattern.dayOfMonth < 1 || pattern.dayOfMonth > 31)) throw invalid(`A ${type} recurrence needs dayOfMonth between 1 and 31.`);
  if (type.endsWith('Yearly') && (pattern.month < 1 || pattern.month > 12)) throw invalid(`A ${type} recurrence needs month between 1 and 12.`);
  const range: Range = {
    type: enumValue(r.type, RANGES), startDate: typeof r.startDate === 'string' ? r.startDate : formatDate(startDay),
    endDate: typeof r.endDate === 'string' ? r.endDate : NO_DATE, recurrenceTimeZone: typeof r.recurrenceTimeZone === 'string' ? r.recurrenceTimeZone : zone,
    numberOfOccurrences: integer(r.numberOfOccurrences, 0, 'numberOfOccurrences'),
  };
  const start = dayOf(range.startDate);
  if (start === undefined) throw invalid(`The recurrence range startDate '${range.startDate}' is not a date.`);
  if (range.type === 'endDate' && (dayOf(range.endDate) ?? -Infinity) < start) throw invalid('The recurrence range needs an endDate on or after its startDate.');
  if (range.type === 'numbered' && range.numberOfOccurrences < 1) throw invalid('A numbered recurrence range needs numberOfOccurrences of at least 1.');
  return { pattern, range };
}

export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function ymd(day: number): { y: number; m: number } {
  const d = new Date(day * DAY);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
}

function monthDay(y: number, m: number, dayOfMonth: number): number {
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(dayOfMonth, last)) / DAY;
}

/** The `index`-th (or last) day of the month that is one of `daysOfWeek`. */
function relativeDay(y: number, m: number, p: Pattern): number {
  const wanted = new Set(p.daysOfWeek.map((d) => WEEKDAYS.indexOf(d)));
  const days: number[] = [];
  for (let d = Date.UTC(y, m, 1) / DAY; ymd(d).m === m; d += 1) if (wanted.has(weekday(d))) days.push(d);
  return p.index === 'last' ? days[days.length - 1] : days[Math.min(INDEXES.indexOf(p.index), days.length - 1)];
}

/** Candidate days in ascending order from the range start, ignoring the range end. */
function* candidates(p: Pattern, start: number): Generator<number> {
  if (p.type === 'daily') {
    for (let d = start; ; d += p.interval) yield d;
  }
  if (p.type === 'weekly') {
    const first = WEEKDAYS.indexOf(p.firstDayOfWeek);
    const weekStart = (d: number): number => d - ((weekday(d) - first + 7) % 7);
    const wanted = new Set(p.daysOfWeek.map((d) => WEEKDAYS.indexOf(d)));
    for (let w = weekStart(start); ; w += 7 * p.interval) {
      for (let d = w; d < w + 7; d += 1) if (d >= start && wanted.has(weekday(d))) yield d;
    }
  }
  const { y, m } = ymd(start);
  const yearly = p.type.endsWith('Yearly');
  for (let i = 0; ; i += p.interval) {
    const month = yearly ? p.month - 1 : (m + i) % 12;
    const year = yearly ? y + i : y + Math.floor((m + i) / 12);
    const d = p.type.startsWith('absolute') ? monthDay(year, month, p.dayOfMonth) : relativeDay(year, month, p);
    if (d >= start) yield d;
  }
}

/** Occurrence days of the series within [fromDay, toDay]. */
export function occurrenceDays(rec: Recurrence, fromDay: number, toDay: number): number[] {
  const start = dayOf(rec.range.startDate) as number;
  const end = rec.range.type === 'endDate' ? (dayOf(rec.range.endDate) as number) : Infinity;
  const limit = rec.range.type === 'numbered' ? rec.range.numberOfOccurrences : Infinity;
  const out: number[] = [];
  let count = 0;
  let steps = 0;
  for (const d of candidates(rec.pattern, start)) {
    steps += 1;
    if (d > end || d > toDay || count >= limit || steps > MAX_STEPS) break;
    count += 1;
    if (d >= fromDay) out.push(d);
  }
  return out;
}
