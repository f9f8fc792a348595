/** Message construction for the platform: a fresh id per emit (the sailor de-duplicates in-flight ids). */
import { newMessageWithBody } from 'elasticio-node/lib/messages';

export interface OutMessage {
  id: string;
  body: unknown;
  headers: Record<string, unknown>;
  attachments: Record<string, unknown>;
}

export function newMessage(body: unknown): OutMessage {
  return newMessageWithBody(body);
}

/**
 * The sailor refuses an outgoing message above 10 MiB after encryption and base64 (4/3), so a body must stay
 * under about 7.5 MB of JSON; this limit leaves room for the envelope.
 */
export const MESSAGE_BODY_LIMIT = 7_000_000;
const LONG_TEXT = 64 * 1024;

export interface Fitted {
  body: unknown;
  /** Paths of the values that were emptied (long texts), or `*` when only the top-level scalars were kept. */
  truncated: string[];
}

/**
 * Makes an item fit in one platform message instead of failing it for good: long texts (a mail's HTML body) are
 * emptied first, and only if that is not enough are nested values dropped. The caller flags what was cut.
 */
export function fitBody(body: unknown, limit = MESSAGE_BODY_LIMIT): Fitted {
  if (Buffer.byteLength(JSON.stringify(body)) <= limit) return { body, truncated: [] };
  const truncated: string[] = [];
  const emptied = emptyLongTexts(body, '', truncated);
  if (Buffer.byteLength(JSON.stringify(emptied)) <= limit) return { body: emptied, truncated };
  const scalars = typeof body === 'object' && body !== null && !Array.isArray(body)
    ? Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v !== 'object' && !(typeof v === 'string' && v.length > LONG_TEXT)))
    : {};
  return { body: scalars, truncated: ['*'] };
}

function emptyLongTexts(value: unknown, at: string, out: string[]): unknown {
  if (typeof value === 'string') {
    if (value.length <= LONG_TEXT) return value;
    out.push(at || '.');
    return '';
  }
  if (Array.isArray(value)) return value.map((v, i) => emptyLongTexts(v, `${at}[${i}]`, out));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, emptyLongTexts(v, at ? `${at}.${k}` : k, out)]));
  }
  return value;
}
