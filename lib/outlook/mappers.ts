/** Pure builders of Graph payloads from validated user input. No I/O. */
import { ConfigurationError } from '../graph/errors';
import {
  Fields, TimeZone, addMinutes, emailAddress, fields, firstGiven, instant, isRecord, localDateTime, optionalBoolean,
  optionalEnum, optionalInteger, optionalString, requiredString, stringList, timeZone, wallClock, zonedInstant,
} from './validate';

export interface EmailAddress { address: string; name?: string }
export interface Recipient { emailAddress: EmailAddress }
export type BodyType = 'text' | 'html';
export interface ItemBody { contentType: BodyType; content: string }
export interface DateTimeTimeZone { dateTime: string; timeZone: string }
export interface InternetHeader { name: string; value: string }

export interface FileAttachment {
  '@odata.type': '#microsoft.graph.fileAttachment';
  name: string;
  contentType: string;
  contentBytes: string;
}

// ---- recipients -------------------------------------------------------------------------------------------------

/**
 * Recipients from `a@x.com, "Doe, Jane" <j@x.com>; b@y.com`, from an array of such strings, or from objects
 * `{address, name}` / `{emailAddress: {address, name}}`. Every address is validated; duplicates are dropped.
 */
export function toRecipients(value: unknown, field: string): Recipient[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  const out: Recipient[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const where = items.length > 1 ? `${field} (item ${i + 1})` : field;
    for (const address of recipientItem(item, where)) {
      const key = address.address.toLowerCase();
      if (!seen.has(key)) out.push({ emailAddress: address });
      seen.add(key);
    }
  });
  return out;
}

function recipientItem(item: unknown, field: string): EmailAddress[] {
  if (typeof item === 'string') return splitAddressList(item).map((token) => parseMailbox(token, field));
  if (isRecord(item)) {
    const inner = isRecord(item.emailAddress) ? item.emailAddress : item;
    const address = requiredString(firstGiven(inner.address, inner.email), `${field} address`, 320);
    const name = optionalString(inner.name, `${field} name`, 255);
    return [{ address: emailAddress(address, field), ...(name ? { name } : {}) }];
  }
  throw new ConfigurationError(field, 'must be an e-mail address, a list of them, or {address, name} objects');
}

/** Splits on `,`, `;` and new lines outside double quotes and angle brackets. */
export function splitAddressList(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const ch of text) {
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if (!quoted && !angle && (ch === ',' || ch === ';' || ch === '\n')) {
      tokens.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  tokens.push(current);
  return tokens.map((t) => t.trim()).filter((t) => t !== '');
}

function parseMailbox(token: string, field: string): EmailAddress {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(token);
  if (!m) return { address: emailAddress(token, field) };
  const name = m[1].trim().replace(/^"(.*)"$/, '$1').trim();
  return { address: emailAddress(m[2], field), ...(name ? { name } : {}) };
}

// ---- bodies, headers, attachments ----------------------------------------------------------------------------------

export function toItemBody(content: unknown, contentType: unknown, field: string): ItemBody | undefined {
  let text = content;
  let type = contentType;
  if (isRecord(content)) {
    text = content.content;
    type = firstGiven(content.contentType, contentType);
  }
  if (text === undefined || text === null) return undefined;
  if (typeof text !== 'string') throw new ConfigurationError(field, 'must be text');
  const kind = optionalEnum(type, `${field} content type`, ['text', 'html'] as const) ?? 'text';
  return { contentType: kind, content: text };
}

const HEADER_NAME = /^x-[A-Za-z0-9!#$%&'*+.^_`|~-]+$/i;

/** Custom internet headers: `{ "X-Ticket": "42" }` or `[{name, value}]`. Graph accepts only `x-` headers. */
export function toInternetHeaders(value: unknown, field: string): InternetHeader[] {
  if (value === undefined || value === null || value === '') return [];
  const pairs: Array<[unknown, unknown]> = Array.isArray(value)
    ? value.map((h) => (isRecord(h) ? [h.name, h.value] : [undefined, undefined]))
    : isRecord(value) ? Object.entries(value) : [];
  if (!Array.isArray(value) && !isRecord(value)) throw new ConfigurationError(field, 'must be an object of header names to values or a list of {name, value}');
  return pairs.map(([name, val]) => {
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      throw new ConfigurationError(field, `"${String(name)}" is not allowed: custom header names must start with "x-" (e.g. X-Ticket-Id)`);
    }
    const text = typeof val === 'number' || typeof val === 'boolean' ? String(val) : val;
    if (typeof text !== 'string' || /[\r\n]/.test(text)) throw new ConfigurationError(field, `the value of ${name} must be one line of text`);
    return { name, value: text };
  });
}

export function toFileAttachment(file: { name: string; contentType: string; content: Buffer }): FileAttachment {
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    name: file.name,
    contentType: file.contentType,
    contentBytes: file.content.toString('base64'),
  };
}

/** Bytes of a file once base64-encoded inside a JSON request (plus its name and type). */
export function inlineSize(file: { name: string; contentType: string; size: number }): number {
  return Math.ceil(file.size / 3) * 4 + Buffer.byteLength(file.name) + Buffer.byteLength(file.contentType) + 120;
}

// ---- sendMail --------------------------------------------------------------------------------------------------

export interface AttachmentRef { name: string; url: string; contentType?: string; size?: number }

export interface OutgoingMessage {
  subject: string;
  body?: ItemBody;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo?: Recipient[];
  from?: Recipient;
  importance?: 'low' | 'normal' | 'high';
  internetMessageHeaders?: InternetHeader[];
  isReadReceiptRequested?: boolean;
  isDeliveryReceiptRequested?: boolean;
}

export interface MailInput {
  message: OutgoingMessage;
  saveToSentItems: boolean;
  attachments: AttachmentRef[];
}

export function parseMail(body: Fields, cfg: Fields): MailInput {
  const to = toRecipients(firstGiven(body.to, body.toRecipients), 'to');
  const cc = toRecipients(firstGiven(body.cc, body.ccRecipients), 'cc');
  const bcc = toRecipients(firstGiven(body.bcc, body.bccRecipients), 'bcc');
  if (to.length + cc.length + bcc.length === 0) throw new ConfigurationError('to', 'at least one recipient (to, cc or bcc) is required');
  const replyTo = toRecipients(body.replyTo, 'replyTo');
  const from = toRecipients(body.from, 'from');
  if (from.length > 1) throw new ConfigurationError('from', 'must be a single address');
  const headers = toInternetHeaders(firstGiven(body.headers, body.internetMessageHeaders), 'headers');
  const message: OutgoingMessage = {
    subject: optionalString(body.subject, 'subject', 255) ?? '',
    body: toItemBody(body.body, firstGiven(body.contentType, body.bodyContentType, cfg.bodyContentType), 'body'),
    toRecipients: to, ccRecipients: cc, bccRecipients: bcc,
    ...(replyTo.length ? { replyTo } : {}),
    ...(from.length ? { from: from[0] } : {}),
    importance: optionalEnum(firstGiven(body.importance, cfg.importance), 'importance', ['low', 'normal', 'high'] as const),
    ...(headers.length ? { internetMessageHeaders: headers } : {}),
    isReadReceiptRequested: optionalBoolean(body.requestReadReceipt, 'requestReadReceipt'),
    isDeliveryReceiptRequested: optionalBoolean(body.requestDeliveryReceipt, 'requestDeliveryReceipt'),
  };
  const save = optionalBoolean(firstGiven(body.saveToSentItems, cfg.saveToSentItems), 'saveToSentItems');
  return { message: dropUndefined(message), saveToSentItems: save ?? true, attachments: toAttachmentRefs(body.attachments, 'attachments') };
}

/** `[{name, url, contentType?, size?}]` as the platform's attachment descriptors (object-storage URLs). */
export function toAttachmentRefs(value: unknown, field: string): AttachmentRef[] {
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value)) throw new ConfigurationError(field, 'must be a list of {name, url, contentType}');
  return value.map((item, i) => {
    const where = `${field}[${i}]`;
    const a = fields(item, where);
    const url = requiredString(a.url, `${where}.url`, 8192);
    let parsed: URL;
    try { parsed = new URL(url); } catch { throw new ConfigurationError(`${where}.url`, 'is not a URL'); }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigurationError(`${where}.url`, 'must be an http(s) URL');
    const name = optionalString(a.name, `${where}.name`, 255) ?? `attachment-${i + 1}`;
    if (/[\u0000-\u001f/\\]/.test(name)) throw new ConfigurationError(`${where}.name`, 'must be a file name without slashes or control characters');
    const contentType = optionalString(firstGiven(a.contentType, a['content-type']), `${where}.contentType`, 255);
    const size = optionalInteger(a.size, `${where}.size`, { min: 0, max: Number.MAX_SAFE_INTEGER });
    return { name, url, ...(contentType ? { contentType } : {}), ...(size !== undefined ? { size } : {}) };
  });
}

// ---- events ----------------------------------------------------------------------------------------------------

/** A date-time input (`2026-12-01T09:00`, or with `Z`/offset) in a zone → Graph's `{dateTime, timeZone}`. */
export function toDateTimeTimeZone(value: string, zone: TimeZone, field: string): DateTimeTimeZone {
  const local = localDateTime(value, field);
  if (local !== undefined) return { dateTime: local, timeZone: zone.name };
  const ms = instant(value, field) as number;
  if (!zone.iana) {
    throw new ConfigurationError(field, `"${value}" carries a UTC offset; with the Windows time zone "${zone.name}" give the local time without offset`);
  }
  return { dateTime: wallClock(ms, zone.name), timeZone: zone.name };
}

/** A `start`/`end` input: `"2026-12-01T09:00"` or `{dateTime, timeZone}`; the zone falls back to `defaultZone`. */
export function toEventTime(value: unknown, zoneValue: unknown, defaultZone: TimeZone, field: string): DateTimeTimeZone | undefined {
  const record = isRecord(value) ? value : { dateTime: value };
  const text = optionalString(record.dateTime, field, 64);
  if (text === undefined) return undefined;
  const zone = timeZone(firstGiven(record.timeZone, zoneValue), `${field} time zone`) ?? defaultZone;
  return toDateTimeTimeZone(text, zone, field);
}

/** -1, 0, 1 when the order of two zoned times is certain; undefined when it depends on a Windows zone's offset. */
export function compareTimes(a: DateTimeTimeZone, b: DateTimeTimeZone): number | undefined {
  const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
  if (a.timeZone === b.timeZone) return sign(a.dateTime.localeCompare(b.dateTime));
  const za = timeZone(a.timeZone, 'start');
  const zb = timeZone(b.timeZone, 'end');
  if (za?.iana && zb?.iana) return sign(zonedInstant(a.dateTime, za.name) - zonedInstant(b.dateTime, zb.name));
  // UTC offsets span −12 h to +14 h, so wall clocks more than 26 h apart are ordered whatever the zones.
  const gap = Date.parse(`${a.dateTime}Z`) - Date.parse(`${b.dateTime}Z`);
  return Math.abs(gap) > 26 * 3_600_000 ? sign(gap) : undefined;
}

export interface Attendee extends Recipient { type: 'required' | 'optional' | 'resource' }

/** `attendees` (or `requiredAttendees`) then `optionalAttendees`, every address validated. */
export function toAttendees(body: Fields): Attendee[] {
  return [
    ...toRecipients(firstGiven(body.attendees, body.requiredAttendees), 'attendees').map((r): Attendee => ({ ...r, type: 'required' })),
    ...toRecipients(body.optionalAttendees, 'optionalAttendees').map((r): Attendee => ({ ...r, type: 'optional' })),
  ];
}

export interface PatternedRecurrence {
  pattern: Record<string, unknown>;
  range: Record<string, unknown>;
}

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

export interface EventInput { event: EventPayload; calendarId?: string }

const UTC: TimeZone = { name: 'UTC', iana: true };

export function parseEvent(body: Fields, cfg: Fields): EventInput {
  const zone = timeZone(firstGiven(body.timeZone, cfg.timeZone), 'timeZone') ?? UTC;
  const isAllDay = optionalBoolean(firstGiven(body.isAllDay, cfg.isAllDay), 'isAllDay') ?? false;
  const start = toEventTime(body.start, body.startTimeZone, zone, 'start');
  if (!start) throw new ConfigurationError('start', 'is required (e.g. 2026-12-01T09:00:00)');
  const duration = optionalInteger(body.durationMinutes, 'durationMinutes', { min: 1, max: 525_600 });
  const end = toEventTime(body.end, body.endTimeZone, zone, 'end')
    ?? (isAllDay ? { dateTime: addMinutes(start.dateTime, duration ?? 1440), timeZone: start.timeZone }
      : duration !== undefined ? { dateTime: addMinutes(start.dateTime, duration), timeZone: start.timeZone } : undefined);
  if (!end) throw new ConfigurationError('end', 'is required, or give durationMinutes');
  if (isAllDay) checkAllDay(start, end);
  checkOrder(start, end, 'end');
  const attendees = toAttendees(body);
  const categories = stringList(body.categories, 'categories');
  const event: EventPayload = {
    subject: optionalString(body.subject, 'subject', 255),
    body: toItemBody(body.body, firstGiven(body.bodyContentType, cfg.bodyContentType), 'body'),
    start, end, isAllDay: isAllDay || undefined,
    location: toLocation(body.location),
    attendees: attendees.length ? attendees : undefined,
    importance: optionalEnum(firstGiven(body.importance, cfg.importance), 'importance', ['low', 'normal', 'high'] as const),
    showAs: optionalEnum(firstGiven(body.showAs, cfg.showAs), 'showAs', ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'] as const),
    sensitivity: optionalEnum(firstGiven(body.sensitivity, cfg.sensitivity), 'sensitivity', ['normal', 'personal', 'private', 'confidential'] as const),
    isOnlineMeeting: optionalBoolean(firstGiven(body.isOnlineMeeting, cfg.isOnlineMeeting), 'isOnlineMeeting'),
    onlineMeetingProvider: optionalEnum(body.onlineMeetingProvider, 'onlineMeetingProvider', ['teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer'] as const),
    isReminderOn: optionalBoolean(body.isReminderOn, 'isReminderOn'),
    reminderMinutesBeforeStart: optionalInteger(body.reminderMinutesBeforeStart, 'reminderMinutesBeforeStart', { min: 0, max: 525_600 }),
    categories: categories.length ? categories : undefined,
    recurrence: toRecurrence(body.recurrence, start),
    transactionId: optionalString(body.transactionId, 'transactionId', 255),
  };
  const calendarId = optionalString(firstGiven(body.calendarId, cfg.calendarId), 'calendarId', 2048);
  return { event: dropUndefined(event), ...(calendarId ? { calendarId } : {}) };
}

function checkAllDay(start: DateTimeTimeZone, end: DateTimeTimeZone): void {
  // Graph requires all-day events to start and end at midnight of the same zone.
  if (!start.dateTime.endsWith('T00:00:00')) throw new ConfigurationError('start', 'of an all-day event must be a date (e.g. 2026-12-01) or midnight');
  if (!end.dateTime.endsWith('T00:00:00')) throw new ConfigurationError('end', 'of an all-day event must be a date or midnight (the day after the last day)');
  if (start.timeZone !== end.timeZone) throw new ConfigurationError('end', 'of an all-day event must use the same time zone as start');
  if (end.dateTime <= start.dateTime) {
    throw new ConfigurationError('end', 'of an all-day event is exclusive: for a one-day event on 2026-12-01 use end 2026-12-02');
  }
}

function toLocation(value: unknown): EventPayload['location'] {
  if (typeof value === 'string' || value === undefined || value === null) {
    const name = optionalString(value, 'location', 255);
    return name ? { displayName: name } : undefined;
  }
  const loc = fields(value, 'location');
  const displayName = optionalString(loc.displayName, 'location.displayName', 255) ?? '';
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
export function toRecurrence(value: unknown, start: DateTimeTimeZone): PatternedRecurrence | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const r = fields(value, 'recurrence');
  if (isRecord(r.pattern) && isRecord(r.range)) return { pattern: r.pattern, range: r.range };
  const type = optionalEnum(firstGiven(r.pattern, r.type), 'recurrence.pattern', ['daily', 'weekly', 'monthly', 'yearly'] as const);
  if (!type) throw new ConfigurationError('recurrence.pattern', 'is required: daily, weekly, monthly or yearly');
  const interval = optionalInteger(r.interval, 'recurrence.interval', { min: 1, max: 999 }) ?? 1;
  const startDate = start.dateTime.slice(0, 10);
  const first = new Date(`${startDate}T00:00:00Z`);
  const days = stringList(r.daysOfWeek, 'recurrence.daysOfWeek').map((d) => optionalEnum(d, 'recurrence.daysOfWeek', DAYS) as string);
  const dayOfMonth = optionalInteger(r.dayOfMonth, 'recurrence.dayOfMonth', { min: 1, max: 31 }) ?? first.getUTCDate();
  const pattern: Record<string, unknown> = type === 'daily' ? { type, interval }
    : type === 'weekly' ? { type, interval, daysOfWeek: days.length ? days : [DAYS[first.getUTCDay()]] }
      : type === 'monthly' ? { type: 'absoluteMonthly', interval, dayOfMonth }
        : { type: 'absoluteYearly', interval, dayOfMonth, month: first.getUTCMonth() + 1 };
  return { pattern, range: toRange(r, startDate, start.timeZone) };
}

function toRange(r: Fields, startDate: string, zone: string): Record<string, unknown> {
  const endText = optionalString(r.endDate, 'recurrence.endDate', 32);
  const occurrences = optionalInteger(firstGiven(r.occurrences, r.numberOfOccurrences), 'recurrence.occurrences', { min: 1, max: 999 });
  if (endText !== undefined && occurrences !== undefined) {
    throw new ConfigurationError('recurrence.endDate', 'give either endDate or occurrences, not both');
  }
  const base = { startDate, recurrenceTimeZone: zone };
  if (occurrences !== undefined) return { type: 'numbered', ...base, numberOfOccurrences: occurrences };
  if (endText === undefined) return { type: 'noEnd', ...base };
  const endDate = (localDateTime(endText, 'recurrence.endDate') ?? '').slice(0, 10);
  if (endDate === '' || endDate < startDate) throw new ConfigurationError('recurrence.endDate', `must be a date on or after the start date ${startDate}`);
  return { type: 'endDate', ...base, endDate };
}

function checkOrder(start: DateTimeTimeZone, end: DateTimeTimeZone, field: string): void {
  const order = compareTimes(start, end);
  if (order !== undefined && order >= 0) {
    throw new ConfigurationError(field, `must be after start (start ${start.dateTime} ${start.timeZone}, end ${end.dateTime} ${end.timeZone})`);
  }
}

/** Minutes from a to b when computable here (same zone, or both IANA). */
export function minutesBetween(a: DateTimeTimeZone, b: DateTimeTimeZone): number | undefined {
  if (a.timeZone === b.timeZone) return (Date.parse(`${b.dateTime}Z`) - Date.parse(`${a.dateTime}Z`)) / 60_000;
  const za = timeZone(a.timeZone, 'start');
  const zb = timeZone(b.timeZone, 'end');
  return za?.iana && zb?.iana ? (zonedInstant(b.dateTime, zb.name) - zonedInstant(a.dateTime, za.name)) / 60_000 : undefined;
}

export interface TimeWindow { start: DateTimeTimeZone; end: DateTimeTimeZone }

export interface WindowInput {
  start: unknown;
  end: unknown;
  zone: unknown;
  /** ISO instant used when no start is given. */
  now: string;
  /** Length of the window when no end is given. */
  defaultMinutes: number;
  endField: string;
}

/** A window from start (default now) to end (default start + defaultMinutes), each in its own zone. */
export function toTimeWindow(w: WindowInput): TimeWindow {
  const zone = timeZone(w.zone, 'timeZone') ?? UTC;
  const given = firstGiven(w.start);
  // "now" is an instant; a Windows zone cannot be computed here, so the default start is expressed in UTC.
  const start = given === undefined && !zone.iana
    ? toDateTimeTimeZone(w.now, UTC, 'start')
    : toEventTime(given ?? w.now, undefined, zone, 'start') as DateTimeTimeZone;
  const end = toEventTime(w.end, undefined, zone, w.endField)
    ?? { dateTime: addMinutes(start.dateTime, w.defaultMinutes), timeZone: start.timeZone };
  checkOrder(start, end, w.endField);
  return { start, end };
}

export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A Graph item as emitted: its `@odata.*` annotations are transport detail, not data. */
export function withoutODataKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !key.startsWith('@')));
}
