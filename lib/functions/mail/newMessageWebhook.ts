/** "New Message (real-time)": each message that arrives in a mail folder, once, on Graph's change notifications. */
import { withoutODataKeys } from '../../outlook/items';
import { MAX_MESSAGE_PAGE, Message, folderPath } from '../../outlook/mail/messages';
import { asNewMail, listNewMessages } from '../../outlook/mail/newMail';
import { defineWebhookTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_READ } from '../../platform/permissions';
import { poll, pollingConfig } from '../../platform/polling/engine';
import { resourceOf } from '../../platform/webhook/subscriptions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, polledMessage } from '../shapes';
import { WEBHOOK_DOCS, WEBHOOK_HELP, WEBHOOK_PARAMS, ownMailboxOnly } from '../webhookFields';

/** The message as Graph gave it, kept on the cursor's view of it (whose time is its creation). */
const ORIGINAL = Symbol('original message');
type Viewed = Message & { [ORIGINAL]?: Message };

const definition = defineWebhookTrigger({
  key: 'newMessageWebhook',
  title: 'New Message (real-time)',
  description: 'Emits each message that arrives in a mail folder, once, as soon as Microsoft Graph notifies the flow',
  help: 'Emits every message created in the folder (received, saved or moved there), once, with the properties of "Poll for New Mail"; '
    + `later changes to it are not emitted.${WEBHOOK_HELP}`,
  docs: [...WEBHOOK_DOCS, 'https://learn.microsoft.com/graph/api/user-list-messages'],
  permissions: [ownMailboxOnly(MAIL_READ)],
  params: {
    folderId: place(f.mailFolder, 'config').required(),
    onlyUnread: place(f.checkbox('Only Unread', { help: 'Only messages still unread when the step reads them' }), 'config').withDefault(false),
    onlyWithAttachments: place(f.checkbox('Only With Attachments', { help: 'Only messages with attachments (inline images aside)' }), 'config').withDefault(false),
    ...WEBHOOK_PARAMS,
  },
  output: polledMessage,
  example: {
    config: { folderId: 'inbox', onlyUnread: true },
    output: { ...MESSAGE_EXAMPLE, body: { contentType: 'html', content: '<html><body><p>Hi Adele, see you Thursday.</p></body></html>' } },
  },
  subscription: (v) => ({ resource: resourceOf(`${folderPath(v)}/messages`), changeType: 'created' }),
  async catchUp({ values: v, client, platform, snapshot }) {
    const { mailbox, folderId, onlyUnread, onlyWithAttachments } = v;
    await poll<Viewed>({
      ctx: platform, client, snapshot,
      config: pollingConfig({ mailbox, startTime: v.startTime ?? f.DEFAULT_START, emitBehavior: 'emitIndividually', lookbackSeconds: 5 }, undefined),
      target: `new messages of folder ${folderId}${mailbox ? ` of ${mailbox}` : ''}${onlyUnread ? ', unread only' : ''}${onlyWithAttachments ? ', with attachments' : ''}`,
      source: {
        title: '"New Message (real-time)" trigger',
        noun: 'messages',
        pageSize: MAX_MESSAGE_PAGE,
        modifiedSince: (since, top) => listNewMessages({ mailbox, folderId, since, top, unreadOnly: onlyUnread, withAttachments: onlyWithAttachments }),
        // Each message once: its creation is its time and its id its only version, so no later change emits it again.
        view: (message) => Object.defineProperty(asNewMail(message), ORIGINAL, { value: message }),
        accepts: (message) => (!onlyUnread || message.isRead !== true) && (!onlyWithAttachments || message.hasAttachments === true),
        toBody: async (message) => withoutODataKeys(message[ORIGINAL] ?? message),
      },
    });
  },
});

export = functionModule(definition, PICKERS);
