/** The only place that builds OData query text. Values are quoted here and percent-encoded once, at the end. */
import { ConfigurationError } from './errors';

/** An OData string literal: single-quoted, embedded quotes doubled (`let's` → `'let''s'`). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;

/** A DateTimeOffset literal (unquoted), normalised to UTC with the precision given. */
export function dateTimeLiteral(value: string, field = 'date'): string {
  if (!ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ConfigurationError(field, `"${value}" is not an ISO 8601 date-time with a time zone (e.g. 2024-05-01T08:00:00Z)`);
  }
  if (value.endsWith('Z')) return value;
  return new Date(value).toISOString().replace('.000Z', 'Z');
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
