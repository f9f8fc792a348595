/** Send Draft: sends an existing draft once; the draft becomes its copy in Sent Items. */
import { sendDraft } from '../../outlook/mail/drafts';
import { SEND_KEY, findMarked, mark } from '../../outlook/mail/sendOnce';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { messageKey } from '../../platform/idempotency';
import { place } from '../../platform/params';
import { MAIL_SEND, MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import * as mf from './fields';
import { SENT_EXAMPLE, sentMessage, sentOutput } from './shapes';

const definition = defineAction({
  key: 'sendDraft',
  title: 'Send Draft',
  description: 'Sends a draft (made by Create Draft, by Reply or Forward with Save as Draft, or in Outlook); never sent twice',
  help: 'Sends the draft as it is. The id of a message that is no draft (sent or received) and a draft without recipients are refused '
    + 'before anything is sent. A send whose outcome is unknown (timeout, connection loss, 5xx) is reported, not repeated; a redelivered '
    + 'input finds the draft it sent (now in Sent Items) and emits the same result',
  docs: ['https://learn.microsoft.com/graph/api/message-send', 'https://learn.microsoft.com/graph/outlook-immutable-id'],
  // The draft is read first (and marked before it is sent), which needs read-write access to the mailbox.
  permissions: [MAIL_WRITE, MAIL_SEND],
  params: {
    messageId: place(mf.draftId, 'input').required().keys({ aliases: ['id', 'draftId'] }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: sentMessage,
  example: {
    input: { messageId: SENT_EXAMPLE.id },
    output: {
      sent: true, id: SENT_EXAMPLE.id, subject: 'Offer 2027', toRecipients: [{ emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.com' } }],
      ccRecipients: [], bccRecipients: [], conversationId: SENT_EXAMPLE.conversationId, mailbox: null,
    },
  },
  async run({ values: v, client, log, out, field, messageId }) {
    // The mark written on the draft before its send stays on its copy in Sent Items: a redelivery finds that copy.
    const key = messageKey({ id: messageId });
    const earlier = key ? await findMarked(client, { mailbox: v.mailbox, kind: SEND_KEY, key }) : undefined;
    if (earlier?.sent) {
      log.info('An earlier delivery of this message already sent this draft; emitting its result, not sending again');
      await out.item(sentOutput(earlier.sent, { sent: true, mailbox: v.mailbox }));
      return;
    }
    const draft = await sendDraft(client, { mailbox: v.mailbox, messageId: v.messageId, field: field('messageId'), properties: key ? mark(SEND_KEY, key) : undefined });
    log.info('Draft accepted by Graph for sending');
    await out.item(sentOutput(draft, { sent: true, mailbox: v.mailbox }));
  },
});

export = functionModule(definition, PICKERS);
