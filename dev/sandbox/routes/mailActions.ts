/** Sending: sendMail (JSON or MIME), send a draft, reply/replyAll/forward and their createX draft variants. */
import { isoSeconds } from '../clock';
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { walk } from '../odata/filter';
import type { AttachmentRec, MessageRec, Props } from '../store/Store';
import { clone } from '../store/Store';
import type { AttachmentInit } from '../types';
import { parseAttachments } from './attachments';
import { Recipient, messagePatch, recipients, resolveMessage } from './common';
import { messageOutput } from './messages';

function me(ctx: RouteContext): Recipient {
  return { emailAddress: { name: ctx.mailbox.user.displayName, address: ctx.mailbox.user.mail } };
}

function allRecipients(props: Props): Recipient[] {
  return ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap((k) => (Array.isArray(props[k]) ? props[k] as Recipient[] : []));
}

function requireRecipients(props: Props): void {
  if (allRecipients(props).length === 0) {
    throw new GraphHttpError(400, 'ErrorInvalidRecipients', 'At least one recipient is required, but none were found.');
  }
}

/**
 * What happens after Exchange accepts a message: the outside world's copy is recorded (`store.sentMail()`), a copy
 * lands in Sent Items unless `save` is false, and mail addressed to the mailbox itself is delivered to its Inbox.
 */
function deliver(ctx: RouteContext, props: Props, attachments: AttachmentInit[], save: boolean): void {
  const { store } = ctx.mailbox;
  const now = isoSeconds(ctx.core.clock.now());
  const sender = me(ctx);
  const sent: Props = { ...props, from: sender, sender, isDraft: false, sentDateTime: now, receivedDateTime: now };
  if (save) {
    const rec = store.insertMessage(store.requireFolder('sentitems'), { ...sent, isRead: true });
    for (const a of attachments) store.insertAttachment(rec, a, false);
  }
  transmit(ctx, sent, attachments);
}

/** The outside world's copy (`store.sentMail()`), and delivery to the mailbox itself when it is a recipient. */
function transmit(ctx: RouteContext, withProperties: Props, attachments: AttachmentInit[]): void {
  const { store, user } = ctx.mailbox;
  // Extended properties stay in the sender's mailbox: a recipient's copy has none (microsoft-graph-docs-contrib#3434).
  const { singleValueExtendedProperties: _kept, ...sent } = withProperties;
  const record: Props = {
    ...sent,
    internetMessageId: sent.internetMessageId ?? `<sent-${store.seq}-${ctx.req.requestId.slice(0, 8)}@sandbox.example>`,
    attachments: attachments.map((a) => ({
      '@odata.type': '#microsoft.graph.fileAttachment', name: a.name, contentType: a.contentType, size: a.content.length,
      isInline: a.isInline ?? false, contentBytes: a.content.toString('base64'),
    })),
  };
  store.recordSent(clone(record));
  const self = [user.mail.toLowerCase(), user.userPrincipalName.toLowerCase()];
  if (allRecipients(sent).some((r) => self.includes(r.emailAddress.address.toLowerCase()))) {
    const rec = store.insertMessage(store.requireFolder('inbox'), { ...sent, isRead: false });
    for (const a of attachments) store.insertAttachment(rec, a, false);
  }
}

function sendMail(ctx: RouteContext): SandboxResponse {
  const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('text/plain')) return sendMime(ctx);
  const body = ctx.json();
  for (const key of Object.keys(body)) {
    if (key !== 'message' && key !== 'saveToSentItems' && !key.startsWith('@odata')) {
      throw badRequest(`The parameter '${key}' in the request payload is not a valid parameter for the operation 'sendMail'.`, 'RequestBodyRead');
    }
  }
  const { message, saveToSentItems } = body;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) throw badRequest("The parameter 'message' is required.", 'ErrorInvalidParameter');
  if (saveToSentItems !== undefined && saveToSentItems !== null && typeof saveToSentItems !== 'boolean') {
    throw badRequest(`Cannot convert the literal '${String(saveToSentItems)}' to the expected type 'Edm.Boolean'.`, 'RequestBodyRead');
  }
  const props = messagePatch(message as Props, { allowAttachments: true });
  const attachments = parseAttachments((message as Props).attachments);
  requireRecipients(props);
  deliver(ctx, props, attachments, saveToSentItems !== false);
  return { status: 202 };
}

/** `Content-Type: text/plain` with a base64 MIME message (single part is enough for the sandbox). */
function sendMime(ctx: RouteContext): SandboxResponse {
  const text = ctx.req.body.toString('utf8').replace(/\s+/g, '');
  if (text === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw badRequest('Invalid base64 string for MIME content.', 'ErrorMimeContentInvalidBase64String');
  }
  const mime = Buffer.from(text, 'base64').toString('utf8');
  const split = mime.search(/\r?\n\r?\n/);
  const head = (split === -1 ? mime : mime.slice(0, split)).replace(/\r?\n[ \t]+/g, ' ');
  const content = split === -1 ? '' : mime.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const addresses = (value: string | undefined): Recipient[] => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
    .map((s) => {
      const m = /^(.*)<([^>]+)>$/.exec(s);
      return m ? { emailAddress: { name: m[1].trim().replace(/^"|"$/g, ''), address: m[2].trim() } } : { emailAddress: { address: s } };
    });
  const props: Props = {
    subject: headers.get('subject') ?? '',
    body: { contentType: /text\/html/i.test(headers.get('content-type') ?? '') ? 'html' : 'text', content },
    toRecipients: recipients(addresses(headers.get('to')), 'toRecipients'),
    ccRecipients: recipients(addresses(headers.get('cc')), 'ccRecipients'),
    bccRecipients: recipients(addresses(headers.get('bcc')), 'bccRecipients'),
  };
  requireRecipients(props);
  deliver(ctx, props, [], true);
  return { status: 202 };
}

function attachmentsOf(ctx: RouteContext, rec: MessageRec): AttachmentInit[] {
  const { store } = ctx.mailbox;
  return (rec.attachments ?? []).map((s) => store.attachmentRecs.get(s) as AttachmentRec)
    .map((a) => ({ name: a.name, contentType: a.contentType, content: a.content, isInline: a.isInline, contentId: a.contentId }));
}

function sendDraft(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const rec = resolveMessage(ctx, ctx.params.id);
  const props = store.messageProps(rec);
  if (props.isDraft !== true) throw badRequest('Only draft messages can be sent.', 'ErrorInvalidRequest');
  requireRecipients(props);
  const attachments = attachmentsOf(ctx, rec);
  const sender = me(ctx);
  const now = isoSeconds(ctx.core.clock.now());
  transmit(ctx, { ...clone(props), from: sender, sender, isDraft: false, sentDateTime: now, receivedDateTime: now }, attachments);
  // PidTagDeleteAfterSubmit (Boolean 0x0E01) asks Exchange to drop the item once it is sent: no copy in Sent Items.
  if (store.extendedOf(rec).some((p) => p.id === 'Boolean 0x0e01' && p.value.toLowerCase() === 'true')) store.removeMessage(rec);
  else store.submitDraft(rec, store.requireFolder('sentitems'), { from: sender, sender, isRead: true }, !ctx.immutableIds);
  return { status: 202 };
}

type ResponseKind = 'reply' | 'replyAll' | 'forward';

function optionalJson(ctx: RouteContext): Props {
  return ctx.req.body.length === 0 ? {} : ctx.json();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Builds the reply/forward message from the request body and the original. */
function compose(ctx: RouteContext, kind: ResponseKind): { props: Props; attachments: AttachmentInit[] } {
  const { store, user } = ctx.mailbox;
  const rec = resolveMessage(ctx, ctx.params.id);
  const body = optionalJson(ctx);
  for (const key of Object.keys(body)) {
    if (!['comment', 'message', 'toRecipients'].includes(key) && !key.startsWith('@odata')) {
      throw badRequest(`The parameter '${key}' in the request payload is not a valid parameter for the operation '${kind}'.`, 'RequestBodyRead');
    }
  }
  const comment = body.comment;
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw badRequest("The parameter 'comment' must be a string.", 'RequestBodyRead');
  const message = body.message === undefined || body.message === null ? {} : body.message;
  if (typeof message !== 'object' || Array.isArray(message)) throw badRequest("The parameter 'message' must be a message object.", 'RequestBodyRead');
  const patch = messagePatch(message as Props, { allowAttachments: true });
  if (typeof comment === 'string' && patch.body !== undefined) {
    throw badRequest('A comment and a message body cannot both be specified; use one of them.', 'ErrorInvalidRequest');
  }
  const original = store.messageJson(rec);
  const self = new Set([user.mail.toLowerCase(), user.userPrincipalName.toLowerCase()]);
  let to: Recipient[];
  if (kind === 'forward') {
    to = body.toRecipients !== undefined ? recipients(body.toRecipients, 'toRecipients') : (patch.toRecipients as Recipient[] | undefined) ?? [];
  } else if (patch.toRecipients !== undefined) {
    to = patch.toRecipients as Recipient[];
  } else {
    const replyTo = (original.replyTo as Recipient[] | null) ?? [];
    to = replyTo.length ? replyTo : original.from ? [original.from as Recipient] : [];
    if (kind === 'replyAll') to = [...to, ...((original.toRecipients as Recipient[]) ?? [])];
  }
  const seen = new Set<string>();
  to = to.filter((r) => {
    const address = r.emailAddress.address.toLowerCase();
    if (seen.has(address) || (kind !== 'forward' && self.has(address))) return false;
    seen.add(address);
    return true;
  });
  const cc = patch.ccRecipients as Recipient[] | undefined
    ?? (kind === 'replyAll' ? ((original.ccRecipients as Recipient[]) ?? []).filter((r) => !self.has(r.emailAddress.address.toLowerCase()) && !seen.has(r.emailAddress.address.toLowerCase())) : []);
  const prefix = kind === 'forward' ? 'FW: ' : 'RE: ';
  const originalSubject = String(original.subject ?? '');
  const subject = typeof patch.subject === 'string' ? patch.subject
    : originalSubject.toUpperCase().startsWith(prefix.trim()) ? originalSubject : `${prefix}${originalSubject}`;
  const from = walk(original, ['from', 'emailAddress']) as { name?: string; address?: string } | undefined;
  const quoted = `<hr><div><b>From:</b> ${escapeHtml(from?.name ?? '')} &lt;${escapeHtml(from?.address ?? '')}&gt;<br><b>Sent:</b> ${String(original.sentDateTime)}<br><b>Subject:</b> ${escapeHtml(originalSubject)}</div>`;
  const originalBody = walk(original, ['body', 'content']);
  const bodyOut = patch.body ?? {
    contentType: 'html',
    content: `<html><body><div>${escapeHtml(typeof comment === 'string' ? comment : '')}</div>${quoted}${typeof originalBody === 'string' ? originalBody : ''}</body></html>`,
  };
  const props: Props = {
    ...patch, subject, body: bodyOut, toRecipients: to, ccRecipients: cc,
    conversationId: original.conversationId, importance: patch.importance ?? original.importance,
  };
  const attachments = [...(kind === 'forward' ? attachmentsOf(ctx, rec) : []), ...parseAttachments((message as Props).attachments)];
  return { props, attachments };
}

function respond(kind: ResponseKind) {
  return (ctx: RouteContext): SandboxResponse => {
    const { props, attachments } = compose(ctx, kind);
    requireRecipients(props);
    deliver(ctx, props, attachments, true);
    return { status: 202 };
  };
}

function createDraft(kind: ResponseKind) {
  return (ctx: RouteContext): SandboxResponse => {
    const { store } = ctx.mailbox;
    const { props, attachments } = compose(ctx, kind);
    const rec = store.insertMessage(store.requireFolder('drafts'), { ...props, from: me(ctx), sender: me(ctx), isRead: true, isDraft: true });
    for (const a of attachments) store.insertAttachment(rec, a, false);
    return { status: 201, json: messageOutput(ctx, rec) };
  };
}

const both = (path: string): string[] => [path, `mailFolders/{folder}/${path}`];

export const mailActionRoutes: RouteModule = {
  name: 'mailActions',
  routes: [
    { name: 'sendMail', method: 'POST', path: 'sendMail', bodyTypes: ['text/plain'], handler: sendMail },
    ...both('messages/{id}/send').map((path) => ({ name: 'sendDraft', method: 'POST' as const, path, handler: sendDraft })),
    ...both('messages/{id}/reply').map((path) => ({ name: 'reply', method: 'POST' as const, path, handler: respond('reply') })),
    ...both('messages/{id}/replyAll').map((path) => ({ name: 'replyAll', method: 'POST' as const, path, handler: respond('replyAll') })),
    ...both('messages/{id}/forward').map((path) => ({ name: 'forward', method: 'POST' as const, path, handler: respond('forward') })),
    ...both('messages/{id}/createReply').map((path) => ({ name: 'createReply', method: 'POST' as const, path, handler: createDraft('reply') })),
    ...both('messages/{id}/createReplyAll').map((path) => ({ name: 'createReplyAll', method: 'POST' as const, path, handler: createDraft('replyAll') })),
    ...both('messages/{id}/createForward').map((path) => ({ name: 'createForward', method: 'POST' as const, path, handler: createDraft('forward') })),
  ],
};
