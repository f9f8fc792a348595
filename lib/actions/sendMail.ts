/** Send Mail: one message to to/cc/bcc, with attachments from object storage; never sent twice. */
import { MAX_MESSAGE_BYTES, checkAttachmentSizes, send } from '../outlook/mail';
import { Recipient, parseMail } from '../outlook/mappers';
import { fields, mailboxOf } from '../outlook/validate';
import { downloadAttachments } from '../platform/attachmentDownload';
import type { ComponentContext, Message } from '../platform/context';
import { graphClientFor } from '../platform/credentials';
import { newMessage } from '../platform/emit';
import { actionProcess } from '../platform/execution';

const addresses = (list: Recipient[]): string[] => list.map((r) => r.emailAddress.address);

async function processAction(this: ComponentContext, msg: Message, cfgValue: unknown): Promise<void> {
  const started = Date.now();
  const cfg = fields(cfgValue, 'configuration');
  const body = fields(msg.body, 'message body');
  const input = parseMail(body, cfg);
  const mailbox = mailboxOf(body, cfg);
  checkAttachmentSizes(input.attachments);
  const client = graphClientFor(this, cfgValue);
  const { message } = input;
  const recipients = message.toRecipients.length + message.ccRecipients.length + message.bccRecipients.length;
  this.logger.info(`"Send Mail" action started: ${recipients} recipients, ${input.attachments.length} attachments`);

  const downloads = await downloadAttachments(input.attachments, { maxFileBytes: MAX_MESSAGE_BYTES, maxTotalBytes: MAX_MESSAGE_BYTES }, this.logger);
  const files = downloads.files;
  let method: string;
  try {
    ({ method } = await send(client, { mailbox, message, saveToSentItems: input.saveToSentItems, files, logger: this.logger }));
  } finally {
    await downloads.cleanup();
  }
  await this.emit('data', newMessage({
    sent: true,
    subject: message.subject,
    to: addresses(message.toRecipients),
    cc: addresses(message.ccRecipients),
    bcc: addresses(message.bccRecipients),
    attachments: files.map((f) => ({ name: f.name, contentType: f.contentType, size: f.size })),
    saveToSentItems: input.saveToSentItems,
    mailbox: mailbox ?? null,
  }));
  this.logger.info(`"Send Mail" action finished in ${Date.now() - started} ms (accepted by Graph via ${method})`);
}

const processThrottleAware = actionProcess({ key: 'sendMail', title: '"Send Mail" action' }, processAction);

export { processThrottleAware as process };
