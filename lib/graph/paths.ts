/** Path building: every id or user-supplied name becomes exactly one encoded path segment. */
import { ConfigurationError } from './errors';
import { encodeRfc3986 } from './odata';

/**
 * Encodes one path segment. `/`, `?`, `#`, `%` and the rest are percent-encoded; `.` and `..` are refused
 * because URL normalisation would turn them into a different resource whatever their encoding.
 */
export function segment(value: string, field = 'id'): string {
  if (typeof value !== 'string' || value.length === 0) throw new ConfigurationError(field, 'must be a non-empty string');
  if (value.trim() !== value || value.trim() === '') throw new ConfigurationError(field, 'must not start or end with white space');
  if (value === '.' || value === '..') throw new ConfigurationError(field, `"${value}" is not a valid id`);
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ConfigurationError(field, 'must not contain control characters (such as CR or LF)');
  if (value.length > 2048) throw new ConfigurationError(field, 'is longer than 2048 characters');
  return encodeRfc3986(value);
}

/** Joins literal path parts and encoded segments: path`/me/messages/${id}` style helper. */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  let out = strings[0];
  ids.forEach((id, i) => { out += segment(id) + strings[i + 1]; });
  return out;
}

/** `/me` for the signed-in user, `/users/{id or UPN}` for a shared or delegated mailbox. */
export function mailboxRoot(mailbox?: string): string {
  if (mailbox === undefined || mailbox === null || mailbox.trim() === '') return '/me';
  return `/users/${segment(mailbox.trim(), 'mailbox')}`;
}
