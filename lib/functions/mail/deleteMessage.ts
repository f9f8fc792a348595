/** Delete Message: moves a message to Deleted Items, or purges it for good. */
import { moveMessage } from '../../outlook/mail/messages';
import { permanentlyDeleteMessage } from '../../outlook/mail/organise';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, bool, obj, str } from '../shapes';
import * as m from './fields';

const definition = defineAction({
  key: 'deleteMessage',
  title: 'Delete Message',
  description: 'Deletes a message: moves it to Deleted Items, or deletes it permanently',
  help: 'By default the message is moved to Deleted Items, where Outlook can restore it. Delete Permanently purges it: '
    + 'it goes to the hidden Purges folder and no Outlook client can reach it any more',
  docs: ['https://learn.microsoft.com/graph/api/message-move', 'https://learn.microsoft.com/graph/api/message-permanentdelete'],
  permissions: [MAIL_WRITE],
  params: {
    messageId: place(f.messageId, 'input').required().keys({ aliases: ['id'] }),
    permanent: place(m.permanent, 'both').withDefault(false),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Deletion', {
    deleted: bool('Deleted'), permanent: bool('Deleted permanently'), messageId: str('Message ID as given', { required: true }),
    id: str('Message ID in Deleted Items'), parentFolderId: str('Deleted Items folder ID'),
  }),
  example: {
    input: { messageId: MESSAGE_EXAMPLE.id },
    output: { deleted: true, permanent: false, messageId: MESSAGE_EXAMPLE.id, id: MESSAGE_EXAMPLE.id, parentFolderId: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAAAAEKAAA=' },
  },
  async run({ values: v, client, log, out }) {
    const ref = { mailbox: v.mailbox, messageId: v.messageId };
    if (v.permanent) {
      log.info('Deleting a message permanently');
      await permanentlyDeleteMessage(client, ref);
      await out.item({ deleted: true, permanent: true, messageId: v.messageId });
      return;
    }
    log.info('Moving a message to Deleted Items');
    const moved = await moveMessage(client, { ...ref, destinationId: 'deleteditems' });
    await out.item({ deleted: true, permanent: false, messageId: v.messageId, id: moved.id, parentFolderId: moved.parentFolderId });
  },
});

export = functionModule(definition, PICKERS);
