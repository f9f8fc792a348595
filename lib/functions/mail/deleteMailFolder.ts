/** Delete Mail Folder: moves a folder (with its contents) to Deleted Items, or deletes it permanently. */
import { ConfigurationError } from '../../outlook/errors';
import { WELL_KNOWN_FOLDERS, resolveFolder } from '../../outlook/mail/folders';
import { moveMailFolder, permanentlyDeleteMailFolder } from '../../outlook/mail/mailFolders';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj, str } from '../shapes';
import * as m from './fields';
import { FOLDER_EXAMPLE } from './shapes';

const definition = defineAction({
  key: 'deleteMailFolder',
  title: 'Delete Mail Folder',
  description: 'Deletes a mail folder with its messages and subfolders: to Deleted Items, or permanently',
  help: 'By default the folder is moved into Deleted Items, as Outlook does. Delete Permanently removes it with everything in it from the mailbox '
    + '(not even kept in the dumpster). Outlook\'s own folders (Inbox, Sent Items, …) cannot be deleted',
  docs: ['https://learn.microsoft.com/graph/api/mailfolder-move', 'https://learn.microsoft.com/graph/api/mailfolder-permanentdelete'],
  permissions: [MAIL_WRITE],
  params: {
    folder: place(f.mailFolder, 'both').required().as({ help: 'The folder to delete; in a mapping an id or a path such as "Inbox / Projects"' }),
    permanent: place(m.permanent, 'both').withDefault(false).as({ help: 'true: remove the folder and its contents for good; default: move it to Deleted Items' }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Deletion', {
    deleted: bool('Deleted'), permanent: bool('Deleted permanently'), folderId: str('Folder ID', { required: true }), parentFolderId: str('Deleted Items folder ID'),
  }),
  example: { input: { folder: 'Inbox / Projects / 2025' }, output: { deleted: true, permanent: false, folderId: FOLDER_EXAMPLE.id, parentFolderId: FOLDER_EXAMPLE.parentFolderId } },
  async run({ values: v, client, log, out, field }) {
    const folder = await resolveFolder(client, { mailbox: v.mailbox, folder: v.folder, field: field('folder') });
    if (WELL_KNOWN_FOLDERS.includes(folder)) throw new ConfigurationError(field('folder'), `"${v.folder}" is one of Outlook's own folders, which cannot be deleted`);
    if (v.permanent) {
      await permanentlyDeleteMailFolder(client, { mailbox: v.mailbox, folder });
      log.info('Deleted a mail folder permanently');
      await out.item({ deleted: true, permanent: true, folderId: folder });
      return;
    }
    const moved = await moveMailFolder(client, { mailbox: v.mailbox, folder, destinationId: 'deleteditems' });
    log.info('Moved a mail folder to Deleted Items');
    await out.item({ deleted: true, permanent: false, folderId: folder, parentFolderId: moved.parentFolderId });
  },
});

export = functionModule(definition, PICKERS);
