/** Path building: every id or user-supplied name becomes exactly one encoded path segment. */
import { InvalidPathError } from './errors';
import { encodeRfc3986 } from './odata';

/** Why `value` cannot be one path segment, or undefined when it can. */
export function segmentProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty string';
  if (value.trim() !== value || value.trim() === '') return 'must not start or end with white space';
  // URL normalisation would turn these into a different resource whatever their encoding.
  if (value === '.' || value === '..') return `"${value}" is not a valid id`;
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'must not contain control characters (such as CR or LF)';
  if (value.length > 2048) return 'is longer than 2048 characters';
  return undefined;
}

/**
 * Encodes one path segment: `/`, `?`, `#`, `%` and the rest are percent-encoded. Callers validate ids first (with
 * segmentProblem, naming their field); this refusal is the transport's own guard against addressing another resource.
 */
export function segment(value: string, what = 'id'): string {
  const problem = segmentProblem(value);
  if (problem) throw new InvalidPathError(what, problem);
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
