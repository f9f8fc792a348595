/** "New Attachment": one message per file attachment of new mail in a folder, the file stored in object storage. */
import { MessageRef, listAttachments } from '../../outlook/mail/attachments';
import { nameFilter } from '../../outlook/mail/attachmentItems';
import { MAX_MESSAGE_PAGE, Message } from '../../outlook/mail/messages';
import { asNewMail, listMessagesCreatedSince, messageSummary } from '../../outlook/mail/newMail';
import { exportAttachment, selectAttachments } from '../../platform/attachments/export';
import { definePollingTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_READ } from '../../platform/permissions';
import { poll, pollingConfig } from '../../platform/polling/engine';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, obj, recipient, str } from '../shapes';
import * as m from './fields';
import { ATTACHMENT_EXAMPLE, exportedAttachment } from './shapes';

const definition = definePollingTrigger({
  key: 'newAttachment',
  title: 'New Attachment',
  description: 'Emits each file attached to new mail of a folder, stored in object storage, once',
  help: 'For every new message of the folder, each file attachment is streamed into object storage and emitted as one message '
    + '(name, contentType, size, url) with the message it came with. File Types and Name Contains choose which files; inline images only on request',
  docs: ['https://learn.microsoft.com/graph/api/user-list-messages', 'https://learn.microsoft.com/graph/api/attachment-get'],
  permissions: [MAIL_READ],
  params: {
    folderId: place(f.mailFolder, 'config').required(),
    startTime: place(f.startTime, 'config').withDefault(f.DEFAULT_START).as({ help: `First execution only: mail that arrived at or after this ISO 8601 date-time. Default: ${f.DEFAULT_START}` }),
    fileTypes: place(m.fileTypes, 'config'),
    nameContains: place(m.nameContains, 'config'),
    includeInline: place(m.includeInline, 'config').withDefault(false),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    maxMessages: place(f.maxPerExecution('Messages'), 'config'),
    lookbackSeconds: place(f.lookbackSeconds, 'config').withDefault(5),
    mailbox: place(f.mailbox, 'config'),
  },
  output: obj('Attachment', {
    ...exportedAttachment.properties,
    message: obj('Message', { id: str('Message ID'), subject: str('Subject'), from: { ...recipient, title: 'From' }, receivedDateTime: str('Received'), internetMessageId: str('Internet message ID'), conversationId: str('Conversation ID'), webLink: str('Outlook web link') }),
  }),
  example: {
    config: { folderId: 'inbox', fileTypes: 'pdf' },
    output: { ...ATTACHMENT_EXAMPLE, message: { id: MESSAGE_EXAMPLE.id, subject: 'Invoice 1042', receivedDateTime: MESSAGE_EXAMPLE.receivedDateTime, from: MESSAGE_EXAMPLE.from } },
  },
  async run({ values: v, client, platform, snapshot }) {
    const accept = nameFilter({ extensions: v.fileTypes, contains: v.nameContains });
    await poll<Message>({
      ctx: platform, client, snapshot, config: pollingConfig({ ...v, pollingMode: 'lastModifiedDateTime' }, v.maxMessages),
      target: `new mail of folder ${v.folderId}${v.mailbox ? ` of ${v.mailbox}` : ''}`,
      source: {
        title: '"New Attachment" trigger',
        noun: 'messages',
        pageSize: MAX_MESSAGE_PAGE,
        modifiedSince: (since, top) => listMessagesCreatedSince({ mailbox: v.mailbox, folderId: v.folderId, since, top, withInline: v.includeInline }),
        view: asNewMail,
        toBody: (message) => Promise.resolve(messageSummary(message)),
        async toBodies(message) {
          const ref: MessageRef = { mailbox: v.mailbox, messageId: message.id };
          const files = selectAttachments(await listAttachments(client, ref), { includeInline: v.includeInline, accept })
            .filter((a) => a.kind === '#microsoft.graph.fileAttachment');
          const out: unknown[] = [];
          for (const a of files) out.push({ ...await exportAttachment(client, ref, a, { includeInline: v.includeInline, itemFormat: 'file' }), message: messageSummary(message) });
          return out;
        },
      },
    });
  },
});

export = functionModule(definition, PICKERS);
