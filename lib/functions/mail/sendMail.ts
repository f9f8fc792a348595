/** Send Mail: one message to to/cc/bcc, with attachments from object storage; never sent twice. */
import { ConfigurationError } from '../../outlook/errors';
import { composeMessage } from '../../outlook/mail/payloads';
import { MAX_MESSAGE_BYTES, checkAttachmentSizes, checkBodySize, send } from '../../outlook/mail/send';
import type { Recipient } from '../../outlook/types';
import { downloadAttachments } from '../../platform/attachments/download';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_SEND, MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, list, obj, str, strings } from '../shapes';

const addresses = (list: Recipient[] = []): string[] => list.map((r) => r.emailAddress.address);

const definition = defineAction({
  key: 'sendMail',
  title: 'Send Mail',
  description: 'Sends a message with cc, bcc, reply-to, custom headers and attachments of any size up to 150 MB; never sent twice',
  help: 'Sends one message. Attachments are read from the URLs in attachments[] (object storage); large ones go through an upload '
    + 'session. A send whose outcome is unknown (timeout, connection loss, 5xx) is reported, not repeated',
  docs: ['https://learn.microsoft.com/graph/api/user-sendmail', 'https://learn.microsoft.com/graph/outlook-large-attachments'],
  // A mail too large for one request is built as a draft, which needs write access to the mailbox too.
  permissions: [MAIL_SEND, MAIL_WRITE],
  params: {
    to: place(f.recipients('To', { help: 'Addresses separated by , or ; (or a list, or {address, name} objects)' }), 'input').keys({ aliases: ['toRecipients'] }),
    cc: place(f.recipients('Cc'), 'input').keys({ aliases: ['ccRecipients'] }),
    bcc: place(f.recipients('Bcc'), 'input').keys({ aliases: ['bccRecipients'] }),
    subject: place(f.subject, 'input').withDefault(''),
    body: place(f.itemBody, 'input'),
    contentType: place(f.bodyContentType, 'both').keys({ config: 'bodyContentType', aliases: ['bodyContentType'] }),
    importance: place(f.importance, 'input'),
    replyTo: place(f.recipients('Reply To'), 'input'),
    from: place(f.recipients('From', { help: 'Send on behalf of this address (needs Send As or Send on Behalf permission)' }), 'input'),
    headers: place(f.internetHeaders, 'input').keys({ aliases: ['internetMessageHeaders'] }),
    saveToSentItems: place(f.checkbox('Save to Sent Items', { help: 'Default true' }), 'input').withDefault(true),
    requestReadReceipt: place(f.checkbox('Request a Read Receipt'), 'input'),
    requestDeliveryReceipt: place(f.checkbox('Request a Delivery Receipt'), 'input'),
    attachments: place(f.attachmentRefs, 'input'),
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
  async run({ values: v, client, log, out, field }) {
    if (!v.to && !v.cc && !v.bcc) throw new ConfigurationError(field('to'), 'at least one recipient (to, cc or bcc) is required');
    if (v.from && v.from.length > 1) throw new ConfigurationError(field('from'), 'must be a single address');
    const message = composeMessage(v);
    checkBodySize(message.body?.content, field('body'));
    const refs = v.attachments ?? [];
    checkAttachmentSizes(refs, field('attachments'));
    log.info(`Sending to ${addresses(v.to).length + addresses(v.cc).length + addresses(v.bcc).length} recipients with ${refs.length} attachments`);
    const downloads = await downloadAttachments(refs, { maxFileBytes: MAX_MESSAGE_BYTES, maxTotalBytes: MAX_MESSAGE_BYTES }, log);
    try {
      const { method } = await send(client, { mailbox: v.mailbox, message, saveToSentItems: v.saveToSentItems, files: downloads.files, logger: log });
      log.info(`Accepted by Graph via ${method}`);
    } finally {
      await downloads.cleanup();
    }
    await out.item({
      sent: true, subject: message.subject, to: addresses(v.to), cc: addresses(v.cc), bcc: addresses(v.bcc),
      attachments: downloads.files.map((file) => ({ name: file.name, contentType: file.contentType, size: file.size })),
      saveToSentItems: v.saveToSentItems, mailbox: v.mailbox ?? null,
    });
  },
});

export = functionModule(definition, PICKERS);
