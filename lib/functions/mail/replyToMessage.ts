/** Reply: answers a message (or all of its recipients) with a comment and attachments; sent at once or kept as a draft. */
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
  key: 'replyToMessage',
  title: 'Reply',
  description: 'Replies to a message or to all its recipients, with a text or HTML comment, extra recipients and attachments of any size; never sent twice',
  help: 'Answers the message in its conversation, quoting it. The reply goes to the sender (or the Reply-To addresses), with Reply All '
    + 'also to the other recipients; To, Cc and Bcc add recipients. Sent at once, or kept in Drafts with Save as Draft',
  docs: ['https://learn.microsoft.com/graph/api/message-createreply', 'https://learn.microsoft.com/graph/api/message-createreplyall',
    'https://learn.microsoft.com/graph/api/message-send', 'https://learn.microsoft.com/graph/outlook-large-attachments'],
  // The reply is built as a draft (createReply) and then sent.
  permissions: [MAIL_WRITE, MAIL_SEND],
  params: {
    messageId: place(f.messageId, 'input').required().keys({ aliases: ['id'] }),
    replyAll: place(mf.replyAll, 'both').withDefault(false),
    comment: place(mf.comment, 'input'),
    contentType: place(f.bodyContentType, 'both').keys({ config: 'bodyContentType', aliases: ['bodyContentType'] }),
    to: place(mf.extraTo, 'input'),
    cc: place(mf.extraCc, 'input'),
    bcc: place(mf.extraBcc, 'input'),
    attachments: place(f.attachmentRefs, 'input'),
    saveAsDraft: place(mf.saveAsDraft, 'both').withDefault(false),
    mailbox: place(f.mailbox, 'both'),
  },
  output: sentMessage,
  example: {
    input: {
      messageId: MESSAGE_EXAMPLE.id, replyAll: true, comment: '<p>Thursday works for me, agenda attached.</p>', contentType: 'html',
      cc: 'megan.bowen@contoso.onmicrosoft.com', attachments: [{ name: 'agenda.pdf', url: 'https://maester.example.io/objects/7d1c…?storage_type=maester', contentType: 'application/pdf' }],
    },
    output: SENT_EXAMPLE,
  },
  async run({ values, client, log, out, field, messageId }) {
    await answer({ values, client, log, out, field, messageId }, values.replyAll ? 'replyAll' : 'reply');
  },
});

export = functionModule(definition, PICKERS);
