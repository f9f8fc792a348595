/** Pure builders of event payloads: locations, recurrences, all-day rules. */
import { ConfigurationError } from '../errors';
import type { Attendee, DateTimeTimeZone, ItemBody, PatternedRecurrence, Recipient } from '../types';
import { Fields, fields, firstGiven, isRecord, nested, optionalEnum, optionalInteger, optionalString, stringList } from '../values/text';
import { localDateTime } from '../values/times';

export interface EventPayload {
  subject?: string;
  body?: ItemBody;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  isAllDay?: boolean;
  location?: { displayName: string; address?: Record<string, string> };
  attendees?: Attendee[];
  importance?: 'low' | 'normal' | 'high';
  showAs?: string;
  sensitivity?: string;
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: string;
  isReminderOn?: boolean;
  reminderMinutesBeforeStart?: number;
  categories?: string[];
  recurrence?: PatternedRecurrence;
  transactionId?: string;
}

export function checkAllDay(start: DateTimeTimeZone, end: DateTimeTimeZone, names = { start: 'start', end: 'end' }): void {
  // Graph requires all-day events to start and end at midnight of the same zone.
  if (!start.dateTime.endsWith('T00:00:00')) throw new ConfigurationError(names.start, 'of an all-day event must be a date (e.g. 2026-12-01) or midnight');
  if (!end.dateTime.endsWith('T00:00:00')) throw new ConfigurationError(names.end, 'of an all-day event must be a date or midnight (the day after the last day)');
  if (start.timeZone !== end.timeZone) throw new ConfigurationError(names.end, 'of an all-day event must use the same time zone as start');
  if (end.dateTime <= start.dateTime) {
    throw new ConfigurationError(names.end, 'of an all-day event is exclusive: for a one-day event on 2026-12-01 use end 2026-12-02');
  }
}

export function toLocation(value: unknown, field = 'location'): EventPayload['location'] {
  if (typeof value === 'string' || value === undefined || value === null) {
    const name = optionalString(value, field, 255);
    return name ? { displayName: name } : undefined;
  }
  const loc = fields(value, field);
  const displayName = optionalString(loc.displayName, nested(field, '.displayName'), 255) ?? '';
  const address = isRecord(loc.address) ? Object.fromEntries(
    ['street', 'city', 'state', 'postalCode', 'countryOrRegion']
      .map((k) => [k, optionalString((loc.address as Fields)[k], `location.address.${k}`, 255)])
      .filter(([, v]) => v !== undefined),
  ) as Record<string, string> : undefined;
  return displayName || address ? { displayName, ...(address ? { address } : {}) } : undefined;
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/**
 * `{pattern: 'daily'|'weekly'|'monthly'|'yearly', interval?, daysOfWeek?, dayOfMonth?, endDate? | occurrences?}`
 * or Graph's own `{pattern: {...}, range: {...}}`, which is passed through.
 */
export function toRecurrence(value: unknown, start: DateTimeTimeZone, field = 'recurrence'): PatternedRecurrence | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const r = fields(value, field);
  if (isRecord(r.pattern) && isRecord(r.range)) return { pattern: r.pattern, range: r.range };
  const type = optionalEnum(firstGiven(r.pattern, r.type), nested(field, '.pattern'), ['daily', 'weekly', 'monthly', 'yearly'] as const);
  if (!type) throw new ConfigurationError(nested(field, '.pattern'), 'is required: daily, weekly, monthly or yearly');
  const interval = optionalInteger(r.interval, nested(field, '.interval'), { min: 1, max: 999 }) ?? 1;
  const startDate = start.dateTime.slice(0, 10);
  const first = new Date(`${startDate}T00:00:00Z`);
  const days = stringList(r.daysOfWeek, nested(field, '.daysOfWeek')).map((d) => optionalEnum(d, nested(field, '.daysOfWeek'), DAYS) as string);
  const dayOfMonth = optionalInteger(r.dayOfMonth, nested(field, '.dayOfMonth'), { min: 1, max: 31 }) ?? first.getUTCDate();
  const pattern: Record<string, unknown> = type === 'daily' ? { type, interval }
    : type === 'weekly' ? { type, interval, daysOfWeek: days.length ? days : [DAYS[first.getUTCDay()]] }
      : type === 'monthly' ? { type: 'absoluteMonthly', interval, dayOfMonth }
        : { type: 'absoluteYearly', interval, dayOfMonth, month: first.getUTCMonth() + 1 };
  return { pattern, range: toRange(r, { startDate, zone: start.timeZone, field }) };
}

function toRange(r: Fields, at: { startDate: string; zone: string; field: string }): Record<string, unknown> {
  const { startDate, field } = at;
  const endText = optionalString(r.endDate, nested(field, '.endDate'), 32);
  const occurrences = optionalInteger(firstGiven(r.occurrences, r.numberOfOccurrences), nested(field, '.occurrences'), { min: 1, max: 999 });
  if (endText !== undefined && occurrences !== undefined) {
    throw new ConfigurationError(nested(field, '.endDate'), 'give either endDate or occurrences, not both');
  }
  const base = { startDate, recurrenceTimeZone: at.zone };
  if (occurrences !== undefined) return { type: 'numbered', ...base, numberOfOccurrences: occurrences };
  if (endText === undefined) return { type: 'noEnd', ...base };
  const endDate = (localDateTime(endText, nested(field, '.endDate')) ?? '').slice(0, 10);
  if (endDate === '' || endDate < startDate) throw new ConfigurationError(nested(field, '.endDate'), `must be a date on or after the start date ${startDate}`);
  return { type: 'endDate', ...base, endDate };
}

/** Required attendees first, then optional ones, as Graph's attendee list. */
export function toAttendees(required: readonly Recipient[] = [], optional: readonly Recipient[] = []): Attendee[] {
  return [
    ...required.map((r): Attendee => ({ ...r, type: 'required' })),
    ...optional.map((r): Attendee => ({ ...r, type: 'optional' })),
  ];
}
