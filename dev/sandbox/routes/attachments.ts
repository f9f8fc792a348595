/**
 * Attachments: list, get, `$value` bytes, add (< 3 MB), delete, and upload sessions for large files. The upload URL
 * carries its own token; an Authorization header there is refused with 400 so a client leaking its bearer token to
 * the upload host is caught (real Graph ignores it).
 */
import { randomBytes, randomUUID } from 'crypto';
import { isoSeconds } from '../clock';
import { GraphHttpError, badRequest, notFound } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { walk } from '../odata/filter';
import { parseSelect, selectFields } from '../odata/query';
import type { AttachmentRec, MessageRec, Props } from '../store/Store';
import { EntitySchema } from '../store/schema';
import type { AttachmentInit } from '../types';
import { resolveMessage, userContext } from './common';

const ATTACHMENT_POST_LIMIT = 3 * 1024 * 1024;
const UPLOAD_MAX = 150 * 1024 * 1024;
const CHUNK_MAX = 4 * 1024 * 1024;
const SESSION_TTL_MS = 6 * 3_600_000;

export const ATTACHMENT: EntitySchema = {
  type: 'attachment',
  properties: ['id', 'lastModifiedDateTime', 'name', 'contentType', 'size', 'isInline', 'contentId', 'contentLocation', 'contentBytes'],
  defaults: ['id', 'lastModifiedDateTime', 'name', 'contentType', 'size', 'isInline', 'contentId', 'contentLocation', 'contentBytes'],
  dates: new Set(['lastModifiedDateTime']),
  writable: new Set(),
  canonical: new Map(['id', 'lastModifiedDateTime', 'name', 'contentType', 'size', 'isInline', 'contentId', 'contentLocation', 'contentBytes'].map((p) => [p.toLowerCase(), p])),
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Validates `fileAttachment` objects from a request body. */
export function parseAttachments(value: unknown): AttachmentInit[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("The property 'attachments' must be a collection.", 'RequestBodyRead');
  return value.map((a) => parseAttachment(a));
}

function parseAttachment(a: unknown): AttachmentInit {
  const type = walk(a, ['@odata.type']);
  if (typeof type !== 'string') throw badRequest('Cannot create an abstract class.', 'RequestBodyRead');
  if (type.replace(/^#/, '').toLowerCase() !== 'microsoft.graph.fileattachment') {
    throw new GraphHttpError(400, 'ErrorInvalidRequest', `The sandbox accepts only #microsoft.graph.fileAttachment, not ${type}.`);
  }
  const name = walk(a, ['name']);
  const bytes = walk(a, ['contentBytes']);
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("The attachment property 'name' is required.", 'ErrorInvalidParameter');
  if (typeof bytes !== 'string' || bytes.length % 4 !== 0 || !BASE64.test(bytes)) {
    throw badRequest(`The content of attachment '${name}' is not valid base64 (contentBytes).`, 'ErrorInvalidParameter');
  }
  const contentType = walk(a, ['contentType']);
  const isInline = walk(a, ['isInline']);
  const contentId = walk(a, ['contentId']);
  return {
    name, content: Buffer.from(bytes, 'base64'),
    contentType: typeof contentType === 'string' && contentType ? contentType : 'application/octet-stream',
    isInline: isInline === true, contentId: typeof contentId === 'string' ? contentId : undefined,
  };
}

export function addAttachmentsFromBody(ctx: RouteContext, rec: MessageRec, value: unknown): void {
  for (const a of parseAttachments(value)) ctx.mailbox.store.insertAttachment(rec, a, false);
}

function resolveAttachment(ctx: RouteContext): { rec: MessageRec; att: AttachmentRec } {
  const rec = resolveMessage(ctx, ctx.params.id);
  const att = ctx.mailbox.store.findAttachment(rec, ctx.params.attachment);
  if (!att) throw notFound();
  return { rec, att };
}

function attachmentContext(ctx: RouteContext, rec: MessageRec): string {
  return `${userContext(ctx)}/messages('${encodeURIComponent(ctx.mailbox.store.messageId(rec))}')/attachments`;
}

function list(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const rec = resolveMessage(ctx, ctx.params.id);
  const select = parseSelect(ctx.req.query.$select, ATTACHMENT);
  const value = (rec.attachments ?? []).map((s) => selectFields(store.attachmentJson(store.attachmentRecs.get(s) as AttachmentRec), select));
  return { status: 200, json: { '@odata.context': attachmentContext(ctx, rec), value } };
}

/** `$expand=microsoft.graph.itemattachment/item` adds an item attachment's item (attachment-get example 3). */
function expandsItem(ctx: RouteContext): boolean {
  const expand = ctx.req.query.$expand;
  if (expand === undefined) return false;
  if (!/^\s*microsoft\.graph\.itemattachment\/item\s*$/i.test(expand)) {
    throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${expand}' on type 'microsoft.graph.attachment'.`, 'BadRequest');
  }
  return true;
}

function get(ctx: RouteContext): SandboxResponse {
  const { rec, att } = resolveAttachment(ctx);
  const select = parseSelect(ctx.req.query.$select, ATTACHMENT);
  const json: Props = { '@odata.context': `${attachmentContext(ctx, rec)}/$entity`, ...selectFields(ctx.mailbox.store.attachmentJson(att), select) };
  if (expandsItem(ctx) && att.kind === 'item') json.item = { id: '', ...att.item };
  return { status: 200, json };
}

const ITEM_TYPES: Record<string, string> = { event: 'text/calendar', contact: 'text/vcard' };

/**
 * `$value`: a file's bytes with its content type; an item's MIME, iCalendar or vCard; a reference attachment has none:
 * "Attempting to get the $value of a reference attachment returns HTTP 405" (attachment-get).
 */
function value(ctx: RouteContext): SandboxResponse {
  const { att } = resolveAttachment(ctx);
  // UNCONFIRMED: the error code of that 405, and the content types of an item's raw contents.
  if (att.kind === 'reference') throw new GraphHttpError(405, 'ErrorInvalidRequest', 'The raw contents of a reference attachment cannot be read; it is a link to a file.');
  const type = att.kind === 'item' ? ITEM_TYPES[String(att.item?.['@odata.type'] ?? '').split('.').pop()?.toLowerCase() ?? ''] ?? 'message/rfc822' : att.contentType;
  return { status: 200, headers: { 'Content-Type': type }, raw: ctx.mailbox.store.attachmentValue(att) };
}

function add(ctx: RouteContext): SandboxResponse {
  const rec = resolveMessage(ctx, ctx.params.id);
  const init = parseAttachment(ctx.json());
  if (init.content.length >= ATTACHMENT_POST_LIMIT) {
    throw new GraphHttpError(413, 'ErrorAttachmentSizeLimitExceeded', 'Attachments of 3 MB or more must be uploaded with an upload session (createUploadSession).');
  }
  const att = ctx.mailbox.store.insertAttachment(rec, init);
  return { status: 201, json: { '@odata.context': `${attachmentContext(ctx, rec)}/$entity`, ...ctx.mailbox.store.attachmentJson(att) } };
}

function remove(ctx: RouteContext): SandboxResponse {
  const { rec, att } = resolveAttachment(ctx);
  ctx.mailbox.store.removeAttachment(rec, att);
  return { status: 204 };
}

interface UploadSession {
  id: string;
  token: string;
  messageSerial: number;
  userId: string;
  name: string;
  contentType: string;
  isInline: boolean;
  contentId?: string;
  size: number;
  received: Buffer[];
  next: number;
  expiresAt: number;
}

function sessions(ctx: RouteContext): Map<string, UploadSession> {
  return ctx.core.state('uploadSessions', () => new Map<string, UploadSession>());
}

function createSession(ctx: RouteContext): SandboxResponse {
  const rec = resolveMessage(ctx, ctx.params.id);
  const body = ctx.json();
  const item = (body.AttachmentItem ?? body.attachmentItem) as Props | undefined;
  if (typeof item !== 'object' || item === null) throw badRequest("The parameter 'AttachmentItem' is required.", 'ErrorInvalidParameter');
  const kind = walk(item, ['attachmentType']);
  if (typeof kind !== 'string' || kind.toLowerCase() !== 'file') throw badRequest("AttachmentItem.attachmentType must be 'file'.", 'ErrorInvalidParameter');
  const name = walk(item, ['name']);
  const size = walk(item, ['size']);
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("AttachmentItem.name is required.", 'ErrorInvalidParameter');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw badRequest('AttachmentItem.size must be a positive integer.', 'ErrorInvalidParameter');
  if (size > UPLOAD_MAX) throw new GraphHttpError(413, 'ErrorAttachmentSizeLimitExceeded', 'The attachment exceeds the maximum size of 150 MB.');
  const contentType = walk(item, ['contentType']);
  const contentId = walk(item, ['contentId']);
  const session: UploadSession = {
    id: randomUUID(), token: randomBytes(32).toString('base64url'), messageSerial: rec.serial, userId: ctx.mailbox.user.id,
    name, size, contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream',
    isInline: walk(item, ['isInline']) === true, contentId: typeof contentId === 'string' ? contentId : undefined,
    received: [], next: 0, expiresAt: ctx.core.clock.now() + SESSION_TTL_MS,
  };
  sessions(ctx).set(session.id, session);
  return {
    status: 201,
    json: {
      '@odata.context': `${ctx.core.url}/v1.0/$metadata#microsoft.graph.uploadSession`,
      uploadUrl: `${ctx.core.url}/api/v2.0/AttachmentSessions/${session.id}?authtoken=${session.token}`,
      expirationDateTime: isoSeconds(session.expiresAt),
      nextExpectedRanges: ['0-'],
    },
  };
}

function openSession(ctx: RouteContext): UploadSession {
  if (ctx.req.headers.authorization !== undefined) {
    throw badRequest('Do not send an Authorization header to an upload URL: it carries its own token.', 'InvalidRequest');
  }
  const session = sessions(ctx).get(ctx.params.session);
  if (!session || session.expiresAt <= ctx.core.clock.now()) throw new GraphHttpError(404, 'ErrorItemNotFound', 'The upload session does not exist or has expired.');
  if (ctx.req.query.authtoken !== session.token) throw new GraphHttpError(401, 'InvalidAuthenticationToken', 'The upload session token is missing or invalid.');
  return session;
}

function chunk(ctx: RouteContext): SandboxResponse {
  const session = openSession(ctx);
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(ctx.req.headers['content-range'] ?? '');
  if (!m) throw badRequest("A Content-Range header 'bytes first-last/total' is required.", 'InvalidContentRange');
  const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (total !== session.size) throw badRequest(`The total size ${total} differs from the session's size ${session.size}.`, 'InvalidContentRange');
  if (last < first || last >= total) throw badRequest('The Content-Range is not valid.', 'InvalidContentRange');
  if (first !== session.next) {
    throw new GraphHttpError(416, 'InvalidRange', `The fragment must start at byte ${session.next}; nextExpectedRanges is ["${session.next}-"].`);
  }
  const body = ctx.req.body;
  if (body.length !== last - first + 1) throw badRequest(`The body has ${body.length} bytes but Content-Range announces ${last - first + 1}.`, 'InvalidContentRange');
  if (body.length > CHUNK_MAX) throw badRequest('The maximum request length supported is 4MB.');
  session.received.push(Buffer.from(body));
  session.next = last + 1;
  if (session.next < session.size) {
    return {
      status: 200,
      json: {
        '@odata.context': `${ctx.core.url}/v1.0/$metadata#microsoft.graph.uploadSession`,
        expirationDateTime: isoSeconds(session.expiresAt), nextExpectedRanges: [`${session.next}-`],
      },
    };
  }
  sessions(ctx).delete(session.id);
  const store = ctx.core.mailboxes.find((m) => m.user.id === session.userId)?.store;
  const rec = store?.messageRecs.get(session.messageSerial);
  if (!store || !rec) throw new GraphHttpError(404, 'ErrorItemNotFound', 'The message of this upload session no longer exists.');
  const att = store.insertAttachment(rec, {
    name: session.name, contentType: session.contentType, content: Buffer.concat(session.received),
    isInline: session.isInline, contentId: session.contentId,
  });
  const location = `${ctx.core.url}/v1.0/users('${session.userId}')/messages('${encodeURIComponent(store.messageId(rec))}')/attachments('${encodeURIComponent(store.idOf('attachment', att.serial))}')`;
  return { status: 201, headers: { Location: location } };
}

function cancel(ctx: RouteContext): SandboxResponse {
  const session = openSession(ctx);
  sessions(ctx).delete(session.id);
  return { status: 204 };
}

export const attachmentRoutes: RouteModule = {
  name: 'attachments',
  routes: [
    { name: 'listAttachments', method: 'GET', path: 'messages/{id}/attachments', handler: list },
    { name: 'addAttachment', method: 'POST', path: 'messages/{id}/attachments', handler: add },
    { name: 'getAttachment', method: 'GET', path: 'messages/{id}/attachments/{attachment}', handler: get },
    { name: 'deleteAttachment', method: 'DELETE', path: 'messages/{id}/attachments/{attachment}', handler: remove },
    { name: 'attachmentValue', method: 'GET', path: 'messages/{id}/attachments/{attachment}/$value', handler: value },
    { name: 'createUploadSession', method: 'POST', path: 'messages/{id}/attachments/createUploadSession', handler: createSession },
    { name: 'uploadChunk', method: 'PUT', path: 'api/v2.0/AttachmentSessions/{session}', scope: 'root', auth: 'none', bodyLimit: CHUNK_MAX, handler: chunk },
    { name: 'cancelUploadSession', method: 'DELETE', path: 'api/v2.0/AttachmentSessions/{session}', scope: 'root', auth: 'none', handler: cancel },
  ],
};
