/** The only place that builds OData query text. Values are quoted here and percent-encoded once, at the end. */
import { InvalidPathError } from './errors';

/** An OData string literal: single-quoted, embedded quotes doubled (`let's` → `'let''s'`). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Messages carrying a single-value extended property with this value: the documented filter
 * (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get), both strings quoted.
 */
export function extendedPropertyFilter(id: string, value: string): string {
  return `singleValueExtendedProperties/any(ep: ep/id eq ${literal(id)} and ep/value eq ${literal(value)})`;
}

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;

/** A DateTimeOffset literal (unquoted), normalised to UTC; fractional digits are kept as given. */
export function dateTimeLiteral(value: string, what = 'date'): string {
  const match = typeof value === 'string' ? ISO_DATETIME.exec(value) : null;
  const fraction = match?.[4] ?? '';
  const wholeSeconds = match ? value.replace(fraction, '') : '';
  const ms = Date.parse(wholeSeconds);
  // V8 rolls impossible days over (2024-02-30 → 2024-03-01), so the calendar date is checked separately.
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || Number.isNaN(ms) || day?.getUTCDate() !== Number(match[3]) || day.getUTCMonth() !== Number(match[2]) - 1) {
    throw new InvalidPathError(what, `"${value}" is not an ISO 8601 date-time with a time zone (e.g. 2024-05-01T08:00:00Z)`);
  }
  if (match[5] === 'Z') return value;
  return new Date(ms).toISOString().replace('.000Z', `${fraction}Z`);
}

export type QueryValue = string | number | boolean | undefined;
export type Query = Record<string, QueryValue>;

/** Serialises query options; keys keep their `$`, values are RFC 3986 encoded so `'`, `&`, `#`, `+` cannot escape. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    parts.push(`${encodeKey(key)}=${encodeRfc3986(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function encodeKey(key: string): string {
  return key.startsWith('$') ? `$${encodeRfc3986(key.slice(1))}` : encodeRfc3986(key);
}

export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
