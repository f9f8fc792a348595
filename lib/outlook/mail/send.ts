/** Sending mail: in one request, or as a draft with attachments posted or uploaded in chunks; never sent twice. */
import type { GraphClient } from '../../graph/GraphClient';
import type { TransportLogger } from '../../graph/types';
import { GraphError, NetworkError, TimeoutError } from '../../graph/errors';
import { mailboxRoot, segment } from '../../graph/paths';
import { ConfigurationError, OutlookError, explained, mailboxLabel } from '../errors';
import type { FileAttachment } from '../types';
import { OutgoingMessage, inlineSize, toFileAttachment } from './payloads';


/** Graph refuses requests above 4 MB (learn.microsoft.com/graph/outlook-large-attachments); JSON and base64 count. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Upload sessions accept up to 150 MB per attachment; the mailbox's own message limit may be lower (35 MB default). */
export const MAX_MESSAGE_BYTES = 150 * 1024 * 1024;
/** Graph takes attachments from 3 MB on only through upload sessions (learn.microsoft.com/graph/outlook-large-attachments). */
export const LARGE_FILE_BYTES = 3 * 1024 * 1024;
/** ≤ 4 MB per PUT; a multiple of 320 KiB, which OneDrive requires and Outlook tolerates. */
export const CHUNK_BYTES = 12 * 320 * 1024;
const ENVELOPE_BYTES = 2048;

export interface LocalFile {
  name: string;
  contentType: string;
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export interface SendRequest {
  mailbox?: string;
  message: OutgoingMessage;
  saveToSentItems: boolean;
  files: LocalFile[];
  logger: TransportLogger;
  /** Extended properties the mail carries when it is sent (the redelivery mark, sendOnce.ts). */
  extended?: ExtendedProperty[];
}

export interface ExtendedProperty { id: string; value: string }

export interface SendResult {
  method: 'sendMail' | 'draft';
  inlineAttachments: number;
  uploadedAttachments: number;
}

export interface SendPlan { inline: LocalFile[]; posted: LocalFile[]; sessions: LocalFile[] }

/** Which files travel inside the JSON request, which as separate POSTs, and which through upload sessions. */
export function planAttachments(message: OutgoingMessage, files: LocalFile[]): SendPlan {
  let budget = MAX_REQUEST_BYTES - ENVELOPE_BYTES - Buffer.byteLength(JSON.stringify(message));
  const plan: SendPlan = { inline: [], posted: [], sessions: [] };
  for (const file of [...files].sort((a, b) => a.size - b.size)) {
    const bytes = inlineSize(file);
    if (file.size >= LARGE_FILE_BYTES || bytes + ENVELOPE_BYTES > MAX_REQUEST_BYTES) plan.sessions.push(file);
    else if (bytes <= budget) { plan.inline.push(file); budget -= bytes; } else plan.posted.push(file);
  }
  return plan;
}

/** For a message that already exists (a draft): no file travels inline; small ones are posted, large ones uploaded. */
export function separatePlan(files: LocalFile[]): SendPlan {
  const plan: SendPlan = { inline: [], posted: [], sessions: [] };
  for (const file of files) {
    if (file.size >= LARGE_FILE_BYTES || inlineSize(file) + ENVELOPE_BYTES > MAX_REQUEST_BYTES) plan.sessions.push(file);
    else plan.posted.push(file);
  }
  return plan;
}

/** Posts the plan's small files and uploads its large ones to an existing message, one after the other. */
export async function attachFiles(client: GraphClient, req: { root: string; messageId: string; plan: SendPlan; logger: TransportLogger }): Promise<void> {
  for (const file of req.plan.posted) {
    await client.request({ method: 'POST', path: `${req.root}/messages/${segment(req.messageId)}/attachments`, body: await readWhole(file) });
  }
  for (const file of req.plan.sessions) await uploadAttachment(client, { root: req.root, messageId: req.messageId, file, logger: req.logger });
}

/** A body that cannot fit in one request cannot be written at all: every call that carries it is limited to 4 MB. */
export function checkBodySize(content: string | undefined, field: string): void {
  const bytes = content === undefined ? 0 : Buffer.byteLength(JSON.stringify(content));
  if (bytes + ENVELOPE_BYTES > MAX_REQUEST_BYTES) {
    throw new ConfigurationError(field, `is ${bytes} bytes; Microsoft Graph accepts at most ${MAX_REQUEST_BYTES} bytes (4 MB) per request, and the body travels in one`);
  }
}

export function checkAttachmentSizes(files: Array<{ size?: number }>, field = 'attachments'): void {
  const total = files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  if (total > MAX_MESSAGE_BYTES) {
    throw new ConfigurationError(field, `${total} bytes in total; Outlook accepts at most ${MAX_MESSAGE_BYTES} bytes (150 MB) per message`);
  }
}

/**
 * Sends a message. Small messages go out in one `POST /sendMail`; otherwise a draft is built (attachments posted
 * or uploaded in chunks) and sent. The final POST is never repeated: a timeout, reset or 5xx there means the
 * outcome is unknown, and resending could deliver the mail twice.
 */
export async function send(client: GraphClient, req: SendRequest): Promise<SendResult> {
  checkAttachmentSizes(req.files);
  const root = mailboxRoot(req.mailbox);
  const plan = planAttachments(req.message, req.files);
  const inline = await Promise.all(plan.inline.map(readWhole));
  if (plan.posted.length === 0 && plan.sessions.length === 0) {
    const extended = req.extended?.length ? { singleValueExtendedProperties: req.extended } : {};
    const body = { message: { ...req.message, ...(inline.length ? { attachments: inline } : {}), ...extended }, saveToSentItems: req.saveToSentItems };
    await finalSend(() => client.request({ method: 'POST', path: `${root}/sendMail`, body }), { mailbox: req.mailbox });
    return { method: 'sendMail', inlineAttachments: inline.length, uploadedAttachments: 0 };
  }
  req.logger.info(`Message too large for one request: building a draft (${inline.length} inline, ${plan.posted.length + plan.sessions.length} separate attachments)`);
  const box: DraftBox = { client, root, logger: req.logger };
  const draftId = await createDraft(box, { message: req.message, saveToSentItems: req.saveToSentItems, inline, extended: req.extended ?? [] });
  try {
    await attachFiles(client, { root, messageId: draftId, plan, logger: req.logger });
  } catch (err) {
    await discardDraft(box, draftId);
    throw err;
  }
  await finalSend(() => client.request({ method: 'POST', path: `${root}/messages/${segment(draftId)}/send` }), {
    mailbox: req.mailbox, onRefused: () => discardDraft(box, draftId),
  });
  return { method: 'draft', inlineAttachments: inline.length, uploadedAttachments: plan.posted.length + plan.sessions.length };
}

/** The mailbox a draft is built in. */
export interface DraftBox { client: GraphClient; root: string; logger: TransportLogger }

async function createDraft(box: DraftBox, req: Pick<SendRequest, 'message' | 'saveToSentItems'> & { inline: FileAttachment[]; extended: ExtendedProperty[] }): Promise<string> {
  const draft: Record<string, unknown> = { ...req.message, ...(req.inline.length ? { attachments: req.inline } : {}) };
  // POST /send has no saveToSentItems; PidTagDeleteAfterSubmit (0x0E01) asks Exchange to drop the sent copy.
  const extended = req.saveToSentItems ? req.extended : [{ id: 'Boolean 0x0E01', value: 'true' }, ...req.extended];
  if (extended.length) draft.singleValueExtendedProperties = extended;
  const { data } = await box.client.request<{ id?: unknown }>({ method: 'POST', path: `${box.root}/messages`, body: draft });
  if (typeof data?.id !== 'string') throw new Error('Graph created the draft but returned no id');
  return data.id;
}

export async function discardDraft(box: DraftBox, id: string): Promise<void> {
  try {
    await box.client.request({ method: 'DELETE', path: `${box.root}/messages/${segment(id)}` });
    box.logger.info('The mail was not sent; its draft was deleted');
  } catch (err) {
    // The send already failed and that error is what the caller gets; a leftover draft is only worth a warning.
    box.logger.warn(`The mail was not sent; deleting its draft failed too (${(err as Error).message})`);
  }
}

/** The one POST that sends: never repeated; a refusal (4xx) runs `onRefused`, an unknown outcome keeps everything. */
export async function finalSend(post: () => Promise<unknown>, options: { mailbox?: string; onRefused?: () => Promise<void> }): Promise<void> {
  try {
    await post();
  } catch (err) {
    const unknownOutcome = ((err instanceof TimeoutError || err instanceof NetworkError) && err.outcomeUnknown)
      || (err instanceof GraphError && err.status >= 500);
    if (unknownOutcome) {
      throw new OutlookError(`The mail may or may not have been sent: ${(err as Error).message}. It was not sent again, to avoid a `
        + `duplicate; check Sent Items of the mailbox ${mailboxLabel(options.mailbox)} (and Drafts) before sending it again.`, { cause: err, outcomeUnknown: true });
    }
    if (options.onRefused) await options.onRefused();
    throw explained(err, INVALID_RECIPIENT_CODES, (e) => `Recipients (to, cc, bcc): Outlook refused at least one recipient and sent nothing: ${e.graphMessage}`);
  }
}

const INVALID_RECIPIENT_CODES = ['ErrorInvalidRecipients', 'ErrorInvalidRecipientsInMessage'];

export async function readWhole(file: LocalFile): Promise<FileAttachment> {
  const content = await file.read(0, file.size);
  if (content.length !== file.size) throw new Error(`attachment ${file.name}: read ${content.length} of ${file.size} bytes`);
  return toFileAttachment({ name: file.name, contentType: file.contentType, content });
}

interface UploadSession { uploadUrl?: unknown; nextExpectedRanges?: unknown }

/** `createUploadSession` then PUTs of ≤ 4 MB with Content-Range; the upload URL is pre-authorised, so no bearer. */
export async function uploadAttachment(client: GraphClient, req: { root: string; messageId: string; file: LocalFile; logger: TransportLogger }): Promise<void> {
  const { file } = req;
  const { data } = await client.request<UploadSession>({
    method: 'POST', path: `${req.root}/messages/${segment(req.messageId)}/attachments/createUploadSession`,
    body: { AttachmentItem: { attachmentType: 'file', name: file.name, size: file.size, contentType: file.contentType } },
  });
  if (typeof data?.uploadUrl !== 'string') throw new Error('Graph created an upload session without an uploadUrl');
  let offset = 0;
  let chunks = 0;
  while (offset < file.size) {
    const chunk = await file.read(offset, Math.min(CHUNK_BYTES, file.size - offset));
    if (chunk.length === 0) throw new Error(`attachment ${file.name} ended at ${offset} of ${file.size} bytes`);
    const end = offset + chunk.length - 1;
    const res = await client.request<UploadSession>({
      method: 'PUT', url: data.uploadUrl, anonymous: true, body: chunk,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${offset}-${end}/${file.size}` },
    });
    chunks += 1;
    offset = nextOffset(res.data?.nextExpectedRanges, end + 1);
  }
  req.logger.info(`Uploaded attachment ${file.name} (${file.size} bytes) in ${chunks} chunks`);
}

/** Graph says where it wants the next byte; trust it over our own arithmetic. */
function nextOffset(ranges: unknown, fallback: number): number {
  if (!Array.isArray(ranges) || typeof ranges[0] !== 'string') return fallback;
  const start = Number(/^(\d+)-/.exec(ranges[0])?.[1]);
  return Number.isFinite(start) ? start : fallback;
}
