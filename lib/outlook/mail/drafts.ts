/**
 * Drafts: created with their attachments, updated, given more attachments, and sent. Every call on an existing
 * draft first reads it, so an id of a message that is no draft (sent or received) fails before anything changes.
 */
import type { GraphClient } from '../../graph/GraphClient';
import type { TransportLogger } from '../../graph/types';
import { mailboxRoot, segment } from '../../graph/paths';
import { ConfigurationError, explained, mailboxLabel } from '../errors';
import type { Recipient } from '../types';
import type { MessageRecord } from './messages';
import { OutgoingMessage } from './payloads';
import { DraftBox, LocalFile, SendPlan, attachFiles, discardDraft, finalSend, planAttachments, readWhole, separatePlan } from './send';

/** What the draft functions read of a draft before changing or sending it, and what Send Draft emits. */
const DRAFT_FIELDS = ['id', 'subject', 'isDraft', 'toRecipients', 'ccRecipients', 'bccRecipients', 'conversationId', 'hasAttachments', 'parentFolderId'];

export interface DraftRef {
  mailbox?: string;
  messageId: string;
  /** How errors name the id field. */
  field: string;
}

/**
 * A new draft in Drafts: the attachments that fit travel in the create request, the others are posted or uploaded
 * afterwards. `properties` are written last, so a draft carrying them is complete. A failure deletes the draft.
 */
export async function createMessageDraft(client: GraphClient, req: { mailbox?: string; message: OutgoingMessage; files: LocalFile[]; logger: TransportLogger; properties?: Record<string, unknown> }): Promise<MessageRecord> {
  const root = mailboxRoot(req.mailbox);
  const plan = planAttachments(req.message, req.files);
  const inline = await Promise.all(plan.inline.map(readWhole));
  const later = plan.posted.length + plan.sessions.length > 0;
  const body = { ...req.message, ...(inline.length ? { attachments: inline } : {}), ...(later ? {} : req.properties) };
  const { data } = await client.request<MessageRecord>({ method: 'POST', path: `${root}/messages`, body });
  if (typeof data?.id !== 'string') throw new Error('Graph created the draft but returned no id');
  if (!later) return data;
  const box: DraftBox = { client, root, logger: req.logger };
  try {
    await attachFiles(client, { root, messageId: data.id, plan, logger: req.logger });
    if (req.properties) return await patchDraft(client, root, data.id, req.properties);
    return await getMessage(client, { mailbox: req.mailbox, messageId: data.id });
  } catch (err) {
    await discardDraft(box, data.id);
    throw err;
  }
}

/** One message with every default property, as Graph answers the create. */
export async function getMessage(client: GraphClient, ref: { mailbox?: string; messageId: string }): Promise<MessageRecord> {
  return (await client.request<MessageRecord>({ path: `${mailboxRoot(ref.mailbox)}/messages/${segment(ref.messageId)}` })).data;
}

/** The message if it is a draft; otherwise an error naming the id field (no such message, or not a draft). */
export async function requireDraft(client: GraphClient, ref: DraftRef): Promise<MessageRecord> {
  let draft: MessageRecord;
  try {
    ({ data: draft } = await client.request<MessageRecord>({
      path: `${mailboxRoot(ref.mailbox)}/messages/${segment(ref.messageId, ref.field)}`, query: { $select: DRAFT_FIELDS.join(',') },
    }));
  } catch (err) {
    throw explained(err, ['ErrorItemNotFound', 'itemNotFound', 'ErrorInvalidIdMalformed'],
      () => `${ref.field}: no message with this id in the mailbox ${mailboxLabel(ref.mailbox)} (an id of another kind of item, or a draft that was sent or deleted)`);
  }
  if (draft?.isDraft !== true) throw new ConfigurationError(ref.field, 'names a message that is not a draft (it was sent or received); only drafts can be changed or sent');
  return draft;
}

/** Replaces the given properties of a draft; the rest stays. */
export async function updateDraft(client: GraphClient, ref: DraftRef, changes: Record<string, unknown>): Promise<MessageRecord> {
  await requireDraft(client, ref);
  return patchDraft(client, mailboxRoot(ref.mailbox), ref.messageId, changes);
}

export interface AddedFile { name: string; contentType: string; size: number; method: 'post' | 'uploadSession' }

/** Adds files of any size to a draft: posted below 3 MB, through upload sessions above. */
export async function addDraftAttachments(client: GraphClient, ref: DraftRef & { files: LocalFile[]; logger: TransportLogger }): Promise<AddedFile[]> {
  await requireDraft(client, ref);
  const plan: SendPlan = separatePlan(ref.files);
  await attachFiles(client, { root: mailboxRoot(ref.mailbox), messageId: ref.messageId, plan, logger: ref.logger });
  const method = (file: LocalFile): AddedFile['method'] => (plan.sessions.includes(file) ? 'uploadSession' : 'post');
  return ref.files.map((file) => ({ name: file.name, contentType: file.contentType, size: file.size, method: method(file) }));
}

/**
 * Sends a draft once, and returns it as it was read just before. Graph's own refusal (a bad recipient) leaves the
 * user's draft as it is, unlike the drafts the component builds itself.
 */
export async function sendDraft(client: GraphClient, ref: DraftRef & { properties?: Record<string, unknown> }): Promise<MessageRecord> {
  const draft = await requireDraft(client, ref);
  const recipients = ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap((k) => (Array.isArray(draft[k]) ? draft[k] as Recipient[] : []));
  if (recipients.length === 0) throw new ConfigurationError(ref.field, 'names a draft without any recipient (to, cc or bcc); add one with Update Draft first');
  const root = mailboxRoot(ref.mailbox);
  if (ref.properties) await patchDraft(client, root, ref.messageId, ref.properties);
  await finalSend(() => client.request({ method: 'POST', path: `${root}/messages/${segment(ref.messageId)}/send` }), { mailbox: ref.mailbox });
  return draft;
}

/** `PATCH` of a draft; Graph answers with the whole message. */
export async function patchDraft(client: GraphClient, root: string, id: string, changes: Record<string, unknown>): Promise<MessageRecord> {
  const { data } = await client.request<MessageRecord>({ method: 'PATCH', path: `${root}/messages/${segment(id)}`, body: changes });
  if (typeof data?.id !== 'string') throw new Error('Graph updated the draft but returned no message');
  return data;
}
