/** Send Mail: one message to to/cc/bcc, with attachments from object storage; never sent twice. */
import type { GraphClient } from '../../graph/GraphClient';
import { ConfigurationError } from '../../outlook/errors';
import { dropUndefined } from '../../outlook/items';
import { composeMessage } from '../../outlook/mail/payloads';
import { MAX_MESSAGE_BYTES, checkAttachmentSizes, checkBodySize, send } from '../../outlook/mail/send';
import { SEND_KEY, discardUnsent, findMarked, mark } from '../../outlook/mail/sendOnce';
import type { Recipient } from '../../outlook/types';
import { downloadAttachments } from '../../platform/attachments/download';
import type { Logger } from '../../platform/context';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { messageKey } from '../../platform/idempotency';
import { place } from '../../platform/params';
import { MAIL_SEND, MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import * as mf from './fields';
import { PICKERS } from '../pickers';
import { bool, list, obj, str, strings } from '../shapes';

const addresses = (list: Recipient[] = []): string[] => list.map((r) => r.emailAddress.address);

/**
 * Whether an earlier delivery of this input already sent the mail (its copy in Sent Items carries the mark); drafts
 * such a delivery left unsent (a large mail is built as a draft) are deleted, since the mail is built again.
 */
async function sentBefore(client: GraphClient, req: { mailbox?: string; key: string; log: Logger }): Promise<boolean> {
  const earlier = await findMarked(client, { mailbox: req.mailbox, kind: SEND_KEY, key: req.key });
  if (earlier.sent) {
    req.log.info('An earlier delivery of this message already sent this mail (its copy is in Sent Items); emitting its result, not sending again');
    return true;
  }
  await discardUnsent(client, { mailbox: req.mailbox, drafts: earlier.drafts, logger: req.log });
  return false;
}

const definition = defineAction({
  key: 'sendMail',
  title: 'Send Mail',
  description: 'Sends a message with cc, bcc, reply-to, custom headers and attachments of any size up to 150 MB; never sent twice',
  help: 'Sends one message. Attachments are read from the URLs in attachments[] (object storage); large ones go through an upload '
    + 'session. A send whose outcome is unknown (timeout, connection loss, 5xx) is reported, not repeated; a redelivered input '
    + 'finds the mail its first delivery sent (in Sent Items) and emits the same result',
  docs: ['https://learn.microsoft.com/graph/api/user-sendmail', 'https://learn.microsoft.com/graph/outlook-large-attachments'],
  // A mail too large for one request is built as a draft, and an earlier delivery's mail is looked for: read-write access too.
  permissions: [MAIL_SEND, MAIL_WRITE],
  params: {
    ...mf.composition,
    saveToSentItems: place(f.checkbox('Save to Sent Items', { help: 'Default true' }), 'input').withDefault(true),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Sent mail', {
    sent: bool('Accepted by Outlook for sending'), subject: str('Subject'), to: strings('To'), cc: strings('Cc'), bcc: strings('Bcc'),
    attachments: list('Attachments', obj('Attachment', { name: str('File name'), contentType: str('Content type'), size: { type: 'number', title: 'Size in bytes' } })),
    saveToSentItems: bool('Saved to Sent Items'), mailbox: str('Mailbox'),
  }),
  example: {
    input: { to: 'Megan Bowen <megan@contoso.com>, ops@contoso.com', subject: 'Invoice 1042', body: '<p>Please find the invoice attached.</p>', contentType: 'html',
      attachments: [{ name: 'invoice-1042.pdf', url: 'https://maester.example.io/objects/9f0e…?storage_type=maester', contentType: 'application/pdf' }] },
    output: { sent: true, subject: 'Invoice 1042', to: ['megan@contoso.com', 'ops@contoso.com'], cc: [], bcc: [],
      attachments: [{ name: 'invoice-1042.pdf', contentType: 'application/pdf', size: 48213 }], saveToSentItems: true, mailbox: null },
  },
  async run({ values: v, client, log, out, field, messageId }) {
    if (!v.to && !v.cc && !v.bcc) throw new ConfigurationError(field('to'), 'at least one recipient (to, cc or bcc) is required');
    if (v.from && v.from.length > 1) throw new ConfigurationError(field('from'), 'must be a single address');
    const message = composeMessage(v);
    checkBodySize(message.body?.content, field('body'));
    const refs = v.attachments ?? [];
    checkAttachmentSizes(refs, field('attachments'));
    const result = (files: Array<{ name: string; contentType?: string; size?: number }>): Record<string, unknown> => ({
      sent: true, subject: message.subject, to: addresses(v.to), cc: addresses(v.cc), bcc: addresses(v.bcc),
      attachments: files.map((file) => dropUndefined({ name: file.name, contentType: file.contentType, size: file.size })),
      saveToSentItems: v.saveToSentItems, mailbox: v.mailbox ?? null,
    });
    const key = messageKey({ id: messageId });
    if (key && await sentBefore(client, { mailbox: v.mailbox, key, log })) {
      await out.item(result(refs));
      return;
    }
    if (!v.saveToSentItems) log.info('Save to Sent Items is off: no copy will be left by which a redelivery of this message could be recognised');
    log.info(`Sending to ${addresses(v.to).length + addresses(v.cc).length + addresses(v.bcc).length} recipients with ${refs.length} attachments`);
    const downloads = await downloadAttachments(refs, { maxFileBytes: MAX_MESSAGE_BYTES, maxTotalBytes: MAX_MESSAGE_BYTES }, log);
    try {
      const extended = key ? mark(SEND_KEY, key).singleValueExtendedProperties : undefined;
      const { method } = await send(client, { mailbox: v.mailbox, message, saveToSentItems: v.saveToSentItems, files: downloads.files, logger: log, extended });
      log.info(`Accepted by Graph via ${method}`);
    } finally {
      await downloads.cleanup();
    }
    await out.item(result(downloads.files));
  },
});

export = functionModule(definition, PICKERS);
