/** Copy Mail: copies one message to another folder and emits the copy (a new message with its own id). */
import { resolveFolder } from '../../outlook/mail/folders';
import { copyMessage } from '../../outlook/mail/messages';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, message } from '../shapes';

const definition = defineAction({
  key: 'copyMail',
  title: 'Copy Mail',
  description: 'Copies a message to another folder and emits the copy',
  help: 'Copies the message with the given id into the destination folder; the original stays where it is. The copy is a new message with its own id',
  docs: ['https://learn.microsoft.com/graph/api/message-copy'],
  permissions: [MAIL_WRITE],
  params: {
    messageId: place(f.messageId, 'input').required().keys({ aliases: ['id'] }),
    destinationFolder: place(f.mailFolder, 'both').required().as({
      label: 'Destination Mail Folder', help: 'In a mapping: an id, a well-known name (archive) or a path (Inbox / Projects)',
    }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: message,
  example: { input: { messageId: MESSAGE_EXAMPLE.id, destinationFolder: 'archive' }, output: { ...MESSAGE_EXAMPLE, id: `${MESSAGE_EXAMPLE.id.slice(0, -8)}AAYbvZEAAA=` } },
  async run({ values: v, client, log, out, field }) {
    log.info(`Copying a message to ${v.destinationFolder}`);
    const destinationId = await resolveFolder(client, { mailbox: v.mailbox, folder: v.destinationFolder, field: field('destinationFolder') });
    await out.item(await copyMessage(client, { mailbox: v.mailbox, messageId: v.messageId, destinationId }));
  },
});

export = functionModule(definition, PICKERS);
