/** Request parsing: raw path split on `/` before decoding, so an id holding `/ ? # %` stays one segment. */
import { GraphHttpError } from './errors';

export interface SandboxRequest {
  requestId: string;
  clientRequestId: string;
  method: string;
  /** As received, still percent-encoded, without the query string. */
  rawPath: string;
  /** Raw (still encoded) segments, without the empty one before the leading `/`. */
  rawSegments: string[];
  segments: string[];
  /** Query pairs as received (encoded), in order. */
  rawQuery: Array<[string, string]>;
  /** Decoded query options (`+` is a space, as in Graph's own nextLinks). Later duplicates win. */
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
}

export function splitTarget(target: string): { rawPath: string; rawSegments: string[]; segments: string[]; rawQuery: Array<[string, string]>; query: Record<string, string> } {
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const rawQueryText = q === -1 ? '' : target.slice(q + 1);
  const rawSegments = rawPath.split('/').slice(1);
  if (rawSegments.length && rawSegments[rawSegments.length - 1] === '') rawSegments.pop();
  const segments = rawSegments.map((s) => decode(s, 'path segment'));
  const rawQuery: Array<[string, string]> = [];
  const query: Record<string, string> = {};
  for (const part of rawQueryText.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    rawQuery.push([key, value]);
    query[decodeQuery(key)] = decodeQuery(value);
  }
  return { rawPath, rawSegments, segments, rawQuery, query };
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new GraphHttpError(400, 'BadRequest', `The ${what} '${text}' is not correctly percent-encoded.`);
  }
}

function decodeQuery(text: string): string {
  return decode(text.replace(/\+/g, ' '), 'query option');
}

/** `Prefer` preferences, keys lower-cased, values unquoted. Several headers arrive joined by `, `. */
export function parsePrefer(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  const parts = header.match(/(?:[^,"]+|"[^"]*")+/g) ?? [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    const value = eq === -1 ? '' : part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key) out.set(key, value);
  }
  return out;
}

export function headerMap(raw: NodeJS.Dict<string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
