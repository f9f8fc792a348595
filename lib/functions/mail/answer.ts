/** What Reply and Forward share: the checks, the look for an earlier delivery, the files, the draft sent or kept. */
import type { GraphClient } from '../../graph/GraphClient';
import type { AttachmentRef } from '../../outlook/mail/payloads';
import { withType } from '../../outlook/mail/payloads';
import { ResponseKind, respond } from '../../outlook/mail/respond';
import { MAX_MESSAGE_BYTES, checkAttachmentSizes, checkBodySize } from '../../outlook/mail/send';
import { DRAFT_KEY, SEND_KEY, discardUnsent, findMarked, mark } from '../../outlook/mail/sendOnce';
import type { BodyType, Recipient } from '../../outlook/types';
import { downloadAttachments } from '../../platform/attachments/download';
import type { Logger } from '../../platform/context';
import type { Output } from '../../platform/emit';
import { messageKey } from '../../platform/idempotency';
import { sentOutput } from './shapes';

export interface AnswerValues {
  messageId: string;
  comment?: { content: string; contentType?: BodyType };
  contentType?: BodyType;
  to?: Recipient[];
  cc?: Recipient[];
  bcc?: Recipient[];
  attachments?: AttachmentRef[];
  saveAsDraft: boolean;
  mailbox?: string;
}

export interface AnswerContext {
  values: AnswerValues;
  client: GraphClient;
  log: Logger;
  out: Output;
  field(name: 'messageId' | 'comment' | 'attachments'): string;
  messageId?: string;
}

/**
 * Answers once per input message: a redelivery finds the mail (or the kept draft) its first delivery made, by the
 * mark written on it, and emits the same result instead of sending again.
 */
export async function answer(ctx: AnswerContext, kind: ResponseKind): Promise<void> {
  const { values: v, client, log } = ctx;
  const comment = withType(v.comment, v.contentType);
  checkBodySize(comment?.content, ctx.field('comment'));
  const refs = v.attachments ?? [];
  checkAttachmentSizes(refs, ctx.field('attachments'));
  const result = (message: Record<string, unknown>, files: Array<{ name: string }>): Record<string, unknown> =>
    sentOutput(message, { sent: !v.saveAsDraft, messageId: v.messageId, files, mailbox: v.mailbox });
  const key = messageKey({ id: ctx.messageId });
  const markKind = v.saveAsDraft ? DRAFT_KEY : SEND_KEY;
  if (key) {
    const earlier = await findMarked(client, { mailbox: v.mailbox, kind: markKind, key });
    const found = earlier.sent ?? (v.saveAsDraft ? earlier.drafts[0] : undefined);
    if (found) {
      log.info(`An earlier delivery of this message already ${v.saveAsDraft ? 'kept this draft' : 'sent this mail'}; emitting its result, not sending again`);
      await ctx.out.item(result(found, refs));
      return;
    }
    await discardUnsent(client, { mailbox: v.mailbox, drafts: earlier.drafts, logger: log });
  }
  log.info(`${kind} with ${refs.length} attachments${v.saveAsDraft ? ', kept as a draft' : ''}`);
  const downloads = await downloadAttachments(refs, { maxFileBytes: MAX_MESSAGE_BYTES, maxTotalBytes: MAX_MESSAGE_BYTES }, log);
  try {
    const { message, sent } = await respond(client, {
      mailbox: v.mailbox, messageId: v.messageId, field: ctx.field('messageId'), kind, comment, to: v.to ?? [], cc: v.cc ?? [], bcc: v.bcc ?? [],
      files: downloads.files, saveAsDraft: v.saveAsDraft, logger: log, properties: key ? mark(markKind, key) : undefined,
    });
    log.info(sent ? 'Accepted by Graph for sending' : 'Kept in Drafts');
    await ctx.out.item(result(message, downloads.files));
  } finally {
    await downloads.cleanup();
  }
}
