/** Update Mail Folder: renames a folder, moves it into another one, or both. */
import { ConfigurationError } from '../../outlook/errors';
import { WELL_KNOWN_FOLDERS, resolveFolder } from '../../outlook/mail/folders';
import { moveMailFolder, renameMailFolder } from '../../outlook/mail/mailFolders';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import * as m from './fields';
import { FOLDER_EXAMPLE, mailFolder } from './shapes';

const definition = defineAction({
  key: 'updateMailFolder',
  title: 'Update Mail Folder',
  description: 'Renames a mail folder, moves it into another folder (with everything in it), or both',
  help: 'New Name renames the folder; Move To moves it, with its messages and subfolders, into another folder (msgfolderroot: to the top). '
    + 'Outlook\'s own folders (Inbox, Sent Items, …) cannot be renamed or moved',
  docs: ['https://learn.microsoft.com/graph/api/mailfolder-update', 'https://learn.microsoft.com/graph/api/mailfolder-move'],
  permissions: [MAIL_WRITE],
  params: {
    folder: place(f.mailFolder, 'both').required().as({ help: 'The folder to change; in a mapping an id or a path such as "Inbox / Projects"' }),
    displayName: place(m.folderName, 'input').as({ label: 'New Name' }),
    destinationFolder: place(f.mailFolder, 'both').as({ label: 'Move To', view: { prompt: 'Leave where it is' }, help: 'The new parent folder; msgfolderroot: the top of the mailbox' }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: mailFolder,
  example: { input: { folder: 'Inbox / Projects / 2025', displayName: '2025 (closed)', destinationFolder: 'archive' }, output: {
    id: FOLDER_EXAMPLE.id, displayName: '2025 (closed)', parentFolderId: 'AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAAAAEZAAA=',
    childFolderCount: 0, unreadItemCount: 3, totalItemCount: 41, isHidden: false,
  } },
  async run({ values: v, client, log, out, field }) {
    if (v.displayName === undefined && v.destinationFolder === undefined) {
      throw new ConfigurationError(`${field('displayName')}, ${field('destinationFolder')}`, 'nothing to change: give a new name, a destination, or both');
    }
    const folder = await resolveFolder(client, { mailbox: v.mailbox, folder: v.folder, field: field('folder') });
    if (WELL_KNOWN_FOLDERS.includes(folder)) throw new ConfigurationError(field('folder'), `"${v.folder}" is one of Outlook's own folders, which cannot be renamed or moved`);
    let result: Record<string, unknown> | undefined;
    if (v.displayName !== undefined) result = await renameMailFolder(client, { mailbox: v.mailbox, folder, displayName: v.displayName });
    if (v.destinationFolder !== undefined) {
      const destinationId = await resolveFolder(client, { mailbox: v.mailbox, folder: v.destinationFolder, field: field('destinationFolder') });
      result = await moveMailFolder(client, { mailbox: v.mailbox, folder, destinationId });
    }
    log.info(`Mail folder ${[v.displayName && 'renamed', v.destinationFolder && 'moved'].filter(Boolean).join(' and ')}`);
    await out.item(result);
  },
});

export = functionModule(definition, PICKERS);
