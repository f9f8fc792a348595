/**
 * File attachments of events (event-list-attachments, event-post-attachments, attachment-get `$value`): kept beside
 * the event's Graph properties, each with an attachment id of the mailbox; `hasAttachments` follows them.
 */
import { isoSeconds } from '../clock';
import { GraphHttpError, notFound } from '../http/errors';
import type { RouteContext, SandboxResponse } from '../http/router';
import { parseSelect, selectFields } from '../odata/query';
import type { EventRec, Props, Store } from '../store/Store';
import { ATTACHMENT, parseAttachments } from '../routes/attachments';

/** Where an event's attachments are kept: `[{serial, name, contentType, content (base64), isInline, modified}]`. */
export const EVENT_ATTACHMENTS = '@sandbox.attachments';

interface EventAttachment { serial: number; name: string; contentType: string; content: string; isInline: boolean; contentId?: string; modified: number }

const POST_LIMIT = 3 * 1024 * 1024;

export function eventAttachments(rec: EventRec): EventAttachment[] {
  return (rec.props[EVENT_ATTACHMENTS] as EventAttachment[] | undefined) ?? [];
}

function json(store: Store, a: EventAttachment, withContent: boolean): Props {
  const bytes = Buffer.from(a.content, 'base64');
  return {
    '@odata.type': '#microsoft.graph.fileAttachment', '@odata.mediaContentType': a.contentType,
    id: store.idOf('attachment', a.serial), lastModifiedDateTime: isoSeconds(a.modified), name: a.name, contentType: a.contentType,
    // As for messages, `size` counts the item's overhead too (microsoft-graph-docs#9796).
    size: bytes.length + 200 + Buffer.byteLength(a.name), isInline: a.isInline, contentId: a.contentId ?? null, contentLocation: null,
    ...(withContent ? { contentBytes: a.content } : {}),
  };
}

/** Adds a file attachment to an event (store API and POST). */
export function addEventAttachment(store: Store, rec: EventRec, init: { name: string; contentType?: string; content: Buffer; isInline?: boolean; contentId?: string }): Props {
  const a: EventAttachment = {
    serial: store.nextSerial('attachment'), name: init.name, contentType: init.contentType || 'application/octet-stream',
    content: init.content.toString('base64'), isInline: init.isInline === true, modified: Math.floor(store.clock.now() / 1000) * 1000,
    ...(init.contentId ? { contentId: init.contentId } : {}),
  };
  rec.props[EVENT_ATTACHMENTS] = [...eventAttachments(rec), a];
  store.patchEvent(rec, {});
  return json(store, a, false);
}

export function listEventAttachments(ctx: RouteContext, rec: EventRec, context: string): SandboxResponse {
  const { store } = ctx.mailbox;
  const select = parseSelect(ctx.req.query.$select, ATTACHMENT);
  return { status: 200, json: { '@odata.context': context, value: eventAttachments(rec).map((a) => selectFields(json(store, a, true), select)) } };
}

export function postEventAttachment(ctx: RouteContext, rec: EventRec, context: string): SandboxResponse {
  const [init] = parseAttachments([ctx.json()]);
  if (init.content.length >= POST_LIMIT) {
    throw new GraphHttpError(413, 'ErrorAttachmentSizeLimitExceeded', 'Attachments of 3 MB or more must be uploaded with an upload session (createUploadSession).');
  }
  const added = addEventAttachment(ctx.mailbox.store, rec, { ...init, content: init.content });
  return { status: 201, json: { '@odata.context': `${context}/$entity`, ...added, contentBytes: init.content.toString('base64') } };
}

export function eventAttachmentValue(ctx: RouteContext, rec: EventRec): SandboxResponse {
  const serial = ctx.mailbox.store.serialOf('attachment', ctx.params.attachment);
  const a = eventAttachments(rec).find((x) => x.serial === serial);
  if (!a) throw notFound();
  return { status: 200, headers: { 'Content-Type': a.contentType }, raw: Buffer.from(a.content, 'base64') };
}
