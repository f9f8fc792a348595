/** Create Mail Folder: a folder at the top of the mailbox or inside another one; an existing one is returned as it is. */
import { resolveFolder } from '../../outlook/mail/folders';
import { createMailFolder } from '../../outlook/mail/mailFolders';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj } from '../shapes';
import * as m from './fields';
import { FOLDER_EXAMPLE, mailFolder } from './shapes';

const definition = defineAction({
  key: 'createMailFolder',
  title: 'Create Mail Folder',
  description: 'Creates a mail folder, at the top of the mailbox or inside another folder',
  help: 'Creates a folder named Folder Name inside Parent Mail Folder (empty: at the top, next to Inbox). When a folder of that name is there already, '
    + 'it is emitted with created = false instead of failing, so a repeated message creates no second folder',
  docs: ['https://learn.microsoft.com/graph/api/user-post-mailfolders', 'https://learn.microsoft.com/graph/api/mailfolder-post-childfolders'],
  permissions: [MAIL_WRITE],
  params: {
    displayName: place(m.folderName, 'input').required(),
    parentFolder: place(f.mailFolder, 'both').as({ label: 'Parent Mail Folder', view: { prompt: 'Top of the mailbox (default)' }, help: 'Empty: at the top of the mailbox. In a mapping: an id, a well-known name or a path' }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Mail folder', { ...mailFolder.properties, created: bool('Created now (false: it existed)') }),
  example: { input: { displayName: '2025', parentFolder: 'inbox' }, output: {
    id: FOLDER_EXAMPLE.id, displayName: '2025', parentFolderId: FOLDER_EXAMPLE.parentFolderId, childFolderCount: 0, unreadItemCount: 0, totalItemCount: 0,
    isHidden: false, created: true,
  } },
  async run({ values: v, client, log, out, field }) {
    const parent = v.parentFolder === undefined ? undefined : await resolveFolder(client, { mailbox: v.mailbox, folder: v.parentFolder, field: field('parentFolder') });
    const folder = await createMailFolder(client, { mailbox: v.mailbox, parent, displayName: v.displayName });
    log.info(folder.created ? 'Created a mail folder' : 'The mail folder existed already');
    await out.item(folder);
  },
});

export = functionModule(definition, PICKERS);
