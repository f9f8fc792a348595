/** Forward: passes a message on, with its attachments, to new recipients, with a comment and files of any size. */
import { ConfigurationError } from '../../outlook/errors';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_SEND, MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE } from '../shapes';
import { answer } from './answer';
import * as mf from './fields';
import { SENT_EXAMPLE, sentMessage } from './shapes';

const definition = defineAction({
  key: 'forwardMessage',
  title: 'Forward',
  description: 'Forwards a message with its attachments to new recipients, with a text or HTML comment and more attachments of any size; never sent twice',
  help: 'Forwards the message, quoting it and keeping its attachments, to To, Cc and Bcc (at least one). Sent at once, or kept in '
    + 'Drafts with Save as Draft',
  docs: ['https://learn.microsoft.com/graph/api/message-createforward', 'https://learn.microsoft.com/graph/api/message-send',
    'https://learn.microsoft.com/graph/outlook-large-attachments'],
  // The forward is built as a draft (createForward) and then sent.
  permissions: [MAIL_WRITE, MAIL_SEND],
  params: {
    messageId: place(f.messageId, 'input').required().keys({ aliases: ['id'] }),
    to: place(f.recipients('To', { help: 'Addresses separated by , or ; (or a list, or {address, name} objects)' }), 'input').keys({ aliases: ['toRecipients'] }),
    cc: place(f.recipients('Cc'), 'input').keys({ aliases: ['ccRecipients'] }),
    bcc: place(f.recipients('Bcc'), 'input').keys({ aliases: ['bccRecipients'] }),
    comment: place(mf.comment, 'input'),
    contentType: place(f.bodyContentType, 'both').keys({ config: 'bodyContentType', aliases: ['bodyContentType'] }),
    attachments: place(f.attachmentRefs, 'input'),
    saveAsDraft: place(mf.saveAsDraft, 'both').withDefault(false),
    mailbox: place(f.mailbox, 'both'),
  },
  output: sentMessage,
  example: {
    input: { messageId: MESSAGE_EXAMPLE.id, to: 'Megan Bowen <megan.bowen@contoso.onmicrosoft.com>', comment: 'FYI, see below.' },
    output: { ...SENT_EXAMPLE, subject: 'FW: Let\'s meet on Thursday', toRecipients: [{ emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@contoso.onmicrosoft.com' } }], ccRecipients: [], attachments: [] },
  },
  async run({ values, client, log, out, field, messageId }) {
    if (!values.to && !values.cc && !values.bcc) throw new ConfigurationError(field('to'), 'at least one recipient (to, cc or bcc) is required to forward a message');
    await answer({ values, client, log, out, field, messageId }, 'forward');
  },
});

export = functionModule(definition, PICKERS);
