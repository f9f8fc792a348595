/** Pure builders of mail payloads (bodies, headers, attachments) from loosely typed input. */
import { ConfigurationError } from '../errors';
import { dropUndefined } from '../items';
import type { BodyType, FileAttachment, InternetHeader, ItemBody, Recipient } from '../types';
import { fields, firstGiven, isRecord, nested, optionalEnum, optionalInteger, optionalString, requiredString } from '../values/text';

/** A body as text, or as `{content, contentType}`; the content type may also come from elsewhere (see withType). */
export function parseItemBody(value: unknown, field: string): { content: string; contentType?: BodyType } | undefined {
  const record = isRecord(value) ? value : { content: value };
  if (record.content === undefined || record.content === null) return undefined;
  if (typeof record.content !== 'string') throw new ConfigurationError(field, 'must be text, or {content, contentType}');
  const contentType = optionalEnum(record.contentType, nested(field, '.contentType'), ['text', 'html'] as const);
  return { content: record.content, ...(contentType ? { contentType } : {}) };
}

/** The body with its own content type, else `fallback`, else text. */
export function withType(body: { content: string; contentType?: BodyType } | undefined, fallback?: BodyType): ItemBody | undefined {
  return body && { contentType: body.contentType ?? fallback ?? 'text', content: body.content };
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

/** `[{name, url, contentType?, size?}]` as the platform's attachment descriptors (object-storage URLs). */
export function toAttachmentRefs(value: unknown, field: string): AttachmentRef[] {
  if (value === undefined || value === null || value === '') return [];
  if (!Array.isArray(value)) throw new ConfigurationError(field, 'must be a list of {name, url, contentType}');
  return value.map((item, i) => {
    const at = (part: string): string => nested(field, `[${i}]${part}`);
    const a = fields(item, at(''));
    const url = requiredString(a.url, at('.url'), 8192);
    let parsed: URL;
    try { parsed = new URL(url); } catch { throw new ConfigurationError(at('.url'), 'is not a URL'); }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigurationError(at('.url'), 'must be an http(s) URL');
    const name = optionalString(a.name, at('.name'), 255) ?? `attachment-${i + 1}`;
    if (/[\u0000-\u001f/\\]/.test(name)) throw new ConfigurationError(at('.name'), 'must be a file name without slashes or control characters');
    const contentType = optionalString(firstGiven(a.contentType, a['content-type']), at('.contentType'), 255);
    const size = optionalInteger(a.size, at('.size'), { min: 0, max: Number.MAX_SAFE_INTEGER });
    return { name, url, ...(contentType ? { contentType } : {}), ...(size !== undefined ? { size } : {}) };
  });
}

/** What a new message is written from: the values of Send Mail's and Create Draft's fields. */
export interface ComposeValues {
  subject?: string;
  body?: { content: string; contentType?: BodyType };
  contentType?: BodyType;
  to?: Recipient[];
  cc?: Recipient[];
  bcc?: Recipient[];
  replyTo?: Recipient[];
  from?: Recipient[];
  importance?: 'low' | 'normal' | 'high';
  headers?: InternetHeader[];
  requestReadReceipt?: boolean;
  requestDeliveryReceipt?: boolean;
}

/** The message to send or to keep as a draft; absent values are left out. */
export function composeMessage(v: ComposeValues): OutgoingMessage {
  return dropUndefined({
    subject: v.subject ?? '', body: withType(v.body, v.contentType),
    toRecipients: v.to ?? [], ccRecipients: v.cc ?? [], bccRecipients: v.bcc ?? [], replyTo: v.replyTo, from: v.from?.[0],
    importance: v.importance, internetMessageHeaders: v.headers,
    isReadReceiptRequested: v.requestReadReceipt, isDeliveryReceiptRequested: v.requestDeliveryReceipt,
  });
}
