/** Loosely typed input values (from mappings and check boxes) to typed ones; errors name the field. */
import { segmentProblem } from '../../graph/paths';
import { ConfigurationError } from '../errors';

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

/** An id: text only (a number is no Outlook id), with the rules the transport applies to a path segment. */
export function optionalId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConfigurationError(field, `must be an id, got ${kind(value)}`);
  const text = value.trim();
  if (text === '') return undefined;
  const problem = segmentProblem(text);
  if (problem) throw new ConfigurationError(field, problem);
  return text;
}


// ---- e-mail addresses ------------------------------------------------------------------------------------------

const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@(?:[^\s@<>(),;:"[\]\\.]+\.)+[^\s@<>(),;:"[\]\\.]{2,}$/u;

export function emailAddress(value: string, field: string): string {
  const text = value.trim();
  if (text.length > 320 || !ADDRESS.test(text)) throw new ConfigurationError(field, `"${value}" is not a valid e-mail address`);
  return text;
}

function kind(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
}

/** A part of a field, named inside its key: `Attachments (attachments)` + `[0].url` → `Attachments (attachments[0].url)`. */
export function nested(field: string, part: string): string {
  const m = /^(.*) \(([^()]+)\)$/.exec(field);
  return m ? `${m[1]} (${m[2]}${part})` : `${field}${part}`;
}
