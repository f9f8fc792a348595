/**
 * Replies and forwards, always built as a draft (createReply, createReplyAll or createForward), completed with the
 * extra recipients, an HTML comment and the attachments, then sent or kept as a draft.
 */
import type { GraphClient } from '../../graph/GraphClient';
import type { TransportLogger } from '../../graph/types';
import { mailboxRoot, segment } from '../../graph/paths';
import { explained, mailboxLabel } from '../errors';
import { dropUndefined } from '../items';
import type { ItemBody, Recipient } from '../types';
import { isRecord } from '../values/text';
import { patchDraft } from './drafts';
import type { MessageRecord } from './messages';
import { DraftBox, LocalFile, attachFiles, discardDraft, finalSend, separatePlan } from './send';

export type ResponseKind = 'reply' | 'replyAll' | 'forward';

const CREATE: Readonly<Record<ResponseKind, string>> = { reply: 'createReply', replyAll: 'createReplyAll', forward: 'createForward' };

export interface ResponseRequest {
  mailbox?: string;
  /** The message replied to or forwarded. */
  messageId: string;
  /** How errors name the message id field. */
  field: string;
  kind: ResponseKind;
  comment?: ItemBody;
  /** Added to the recipients Outlook puts on the draft (a forward has none of its own). */
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  files: LocalFile[];
  /** Keep the draft in Drafts instead of sending it. */
  saveAsDraft: boolean;
  logger: TransportLogger;
  /**
   * Written on the draft: before it is sent, so the copy in Sent Items carries them; with saveAsDraft only once the
   * draft is complete, so a draft carrying them is a whole one.
   */
  properties?: Record<string, unknown>;
}

export interface ResponseResult { message: MessageRecord; sent: boolean }

/** Builds the draft and sends it (or keeps it). A failure before the send deletes the draft: nothing was sent. */
export async function respond(client: GraphClient, req: ResponseRequest): Promise<ResponseResult> {
  const root = mailboxRoot(req.mailbox);
  const box: DraftBox = { client, root, logger: req.logger };
  const draft = await createResponseDraft(client, root, req);
  let message: MessageRecord;
  try {
    message = await completeDraft(box, draft, req);
  } catch (err) {
    await discardDraft(box, draft.id);
    throw err;
  }
  if (req.saveAsDraft) return { message, sent: false };
  await finalSend(() => client.request({ method: 'POST', path: `${root}/messages/${segment(draft.id)}/send` }), {
    mailbox: req.mailbox, onRefused: () => discardDraft(box, draft.id),
  });
  return { message, sent: true };
}

/**
 * Graph refuses a `comment` together with `message.body` (message-createreply, "Specifying both will return an HTTP
 * 400"), and a comment is plain text: an HTML comment is written into the draft's body instead, which is asked for
 * in HTML so that the quoted message keeps its formatting.
 */
async function createResponseDraft(client: GraphClient, root: string, req: ResponseRequest): Promise<MessageRecord> {
  const html = req.comment?.contentType === 'html';
  try {
    const { data } = await client.request<MessageRecord>({
      method: 'POST', path: `${root}/messages/${segment(req.messageId, req.field)}/${CREATE[req.kind]}`,
      body: req.comment && !html ? { comment: req.comment.content } : {},
      headers: html ? { Prefer: 'outlook.body-content-type="html"' } : undefined,
    });
    if (typeof data?.id !== 'string') throw new Error(`Graph answered ${CREATE[req.kind]} without the draft`);
    return data;
  } catch (err) {
    throw explained(err, ['ErrorItemNotFound', 'itemNotFound', 'ErrorInvalidIdMalformed'],
      () => `${req.field}: no message with this id in the mailbox ${mailboxLabel(req.mailbox)} (an id of another kind of item, or a message that is gone)`);
  }
}

/** One PATCH for what Outlook did not put on the draft, then the attachments; the properties last when kept as a draft. */
async function completeDraft(box: DraftBox, draft: MessageRecord, req: ResponseRequest): Promise<MessageRecord> {
  const late = req.saveAsDraft && req.files.length > 0;
  const changes = dropUndefined({
    toRecipients: req.to.length ? merged(draft.toRecipients, req.to) : undefined,
    ccRecipients: req.cc.length ? merged(draft.ccRecipients, req.cc) : undefined,
    bccRecipients: req.bcc.length ? merged(draft.bccRecipients, req.bcc) : undefined,
    body: req.comment?.contentType === 'html' ? withHtmlComment(draft.body, req.comment.content) : undefined,
    ...(late ? {} : req.properties),
  });
  let message = Object.keys(changes).length ? await patchDraft(box.client, box.root, draft.id, changes) : draft;
  await attachFiles(box.client, { root: box.root, messageId: draft.id, plan: separatePlan(req.files), logger: box.logger });
  if (late && req.properties) message = await patchDraft(box.client, box.root, draft.id, req.properties);
  return message;
}

/** The draft's recipients followed by the extra ones it does not have yet. */
export function merged(existing: unknown, extra: Recipient[]): Recipient[] {
  const list = Array.isArray(existing) ? existing.filter((r): r is Recipient => isRecord(r) && isRecord(r.emailAddress)) : [];
  const seen = new Set(list.map((r) => String(r.emailAddress.address).toLowerCase()));
  return [...list, ...extra.filter((r) => !seen.has(r.emailAddress.address.toLowerCase()))];
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The HTML comment at the top of the draft's body, above the quoted message Outlook wrote there. */
export function withHtmlComment(body: unknown, html: string): ItemBody {
  const current = isRecord(body) && typeof body.content === 'string' ? body.content : '';
  const quoted = isRecord(body) && body.contentType === 'text' ? `<div style="white-space: pre-wrap">${escapeHtml(current)}</div>` : current;
  const open = /<body[^>]*>/i.exec(quoted);
  if (!open) return { contentType: 'html', content: `${html}${quoted}` };
  const at = open.index + open[0].length;
  return { contentType: 'html', content: `${quoted.slice(0, at)}${html}${quoted.slice(at)}` };
}
