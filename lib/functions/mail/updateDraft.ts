/** Update Draft: changes recipients, subject, body or flags of a draft; what is not given stays as it is. */
import { ConfigurationError } from '../../outlook/errors';
import { dropUndefined, withoutODataKeys } from '../../outlook/items';
import { updateDraft } from '../../outlook/mail/drafts';
import { withType } from '../../outlook/mail/payloads';
import { checkBodySize } from '../../outlook/mail/send';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, message } from '../shapes';
import * as mf from './fields';

const definition = defineAction({
  key: 'updateDraft',
  title: 'Update Draft',
  description: 'Changes the recipients, subject, body, importance or receipts of a draft',
  help: 'Each field given replaces the draft\'s (To replaces all To recipients); fields not given stay as they are. Only drafts '
    + 'can be changed: the id of a sent or received message is refused before anything is written',
  docs: ['https://learn.microsoft.com/graph/api/message-update'],
  permissions: [MAIL_WRITE],
  params: {
    messageId: place(mf.draftId, 'input').required().keys({ aliases: ['id', 'draftId'] }),
    to: place(f.recipients('To', { help: 'Replaces every To recipient' }), 'input').keys({ aliases: ['toRecipients'] }),
    cc: place(f.recipients('Cc', { help: 'Replaces every Cc recipient' }), 'input').keys({ aliases: ['ccRecipients'] }),
    bcc: place(f.recipients('Bcc', { help: 'Replaces every Bcc recipient' }), 'input').keys({ aliases: ['bccRecipients'] }),
    subject: place(f.subject, 'input'),
    body: place(f.itemBody, 'input'),
    contentType: place(f.bodyContentType, 'both').keys({ config: 'bodyContentType', aliases: ['bodyContentType'] }),
    importance: place(f.importance, 'input'),
    replyTo: place(f.recipients('Reply To'), 'input'),
    requestReadReceipt: place(f.checkbox('Request a Read Receipt'), 'input'),
    requestDeliveryReceipt: place(f.checkbox('Request a Delivery Receipt'), 'input'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: message,
  example: {
    input: { messageId: MESSAGE_EXAMPLE.id, subject: 'Offer 2027 (v2)', cc: 'legal@contoso.com' },
    output: {
      id: MESSAGE_EXAMPLE.id, subject: 'Offer 2027 (v2)', isDraft: true, isRead: true, importance: 'normal',
      toRecipients: [{ emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.com' } }], ccRecipients: [{ emailAddress: { address: 'legal@contoso.com' } }],
      bccRecipients: [], body: { contentType: 'html', content: '<p>Draft for review.</p>' }, webLink: MESSAGE_EXAMPLE.webLink,
    },
  },
  async run({ values: v, client, log, out, field }) {
    const body = withType(v.body, v.contentType);
    checkBodySize(body?.content, field('body'));
    const changes = dropUndefined({
      toRecipients: v.to, ccRecipients: v.cc, bccRecipients: v.bcc, subject: v.subject, body, importance: v.importance, replyTo: v.replyTo,
      isReadReceiptRequested: v.requestReadReceipt, isDeliveryReceiptRequested: v.requestDeliveryReceipt,
    });
    if (Object.keys(changes).length === 0) {
      throw new ConfigurationError(field('messageId'), 'nothing to change: give at least one of to, cc, bcc, subject, body, importance, replyTo or the receipts');
    }
    log.info(`Updating ${Object.keys(changes).join(', ')} of a draft`);
    await out.item(withoutODataKeys(await updateDraft(client, { mailbox: v.mailbox, messageId: v.messageId, field: field('messageId') }, changes)));
  },
});

export = functionModule(definition, PICKERS);
