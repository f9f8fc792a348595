/** Move Mail: moves (or copies) one message to another folder; emits it under its new id. */
import { resolveFolder } from '../../outlook/mail/folders';
import { copyMessage, moveMessage } from '../../outlook/mail/messages';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, message } from '../shapes';

const definition = defineAction({
  key: 'moveMail',
  title: 'Move Mail',
  description: 'Moves (or copies) a message to another folder and emits it with its new id',
  help: 'Moves the message with the given id to the destination folder; without a destination it goes to Deleted Items, as in earlier versions',
  docs: ['https://learn.microsoft.com/graph/api/message-move', 'https://learn.microsoft.com/graph/api/message-copy'],
  permissions: [MAIL_WRITE],
  params: {
    messageId: place(f.messageId, 'input').required().keys({ aliases: ['id'] }),
    // The earlier component soft-deleted (moved to Deleted Items) when no destination was chosen; flows rely on it.
    destinationFolder: place(f.mailFolder, 'both').as({
      label: 'Destination Mail Folder', view: { prompt: 'Deleted Items (default)' },
      help: 'Empty: the message is moved to Deleted Items (soft delete). In a mapping: an id, a well-known name (archive) or a path (Inbox / Projects)',
    }).withDefault('deleteditems'),
    copy: place(f.checkbox('Copy instead of move'), 'both').withDefault(false),
    mailbox: place(f.mailbox, 'both'),
  },
  output: message,
  example: { input: { messageId: MESSAGE_EXAMPLE.id, destinationFolder: 'archive' }, output: MESSAGE_EXAMPLE },
  async run({ values: v, client, log, out, field }) {
    log.info(`${v.copy ? 'Copying' : 'Moving'} a message to ${v.destinationFolder}`);
    const destinationId = await resolveFolder(client, { mailbox: v.mailbox, folder: v.destinationFolder, field: field('destinationFolder') });
    const request = { mailbox: v.mailbox, messageId: v.messageId, destinationId };
    await out.item(v.copy ? await copyMessage(client, request) : await moveMessage(client, request));
  },
});

export = functionModule(definition, PICKERS);
