/** Get Mail Folders: every folder of the mailbox (or below one folder), nested ones included, with their paths. */
import { resolveFolder } from '../../outlook/mail/folders';
import { folderTree } from '../../outlook/mail/mailFolders';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { list, num, obj } from '../shapes';
import * as m from './fields';
import { FOLDER_EXAMPLE, mailFolder } from './shapes';

const definition = defineAction({
  key: 'getMailFolders',
  title: 'Get Mail Folders',
  description: 'Lists every mail folder of the mailbox, nested ones included, with its path and item counts',
  help: 'Walks the whole folder tree (or the tree below Parent Mail Folder), every level and every page of it; each folder comes with its path such as "Inbox / Projects / 2025"',
  docs: ['https://learn.microsoft.com/graph/api/user-list-mailfolders', 'https://learn.microsoft.com/graph/api/mailfolder-list-childfolders'],
  permissions: [MAIL_READ],
  params: {
    parentFolder: place(f.mailFolder, 'both').as({ label: 'Parent Mail Folder', view: { prompt: 'The whole mailbox (default)' }, help: 'Empty: the whole mailbox; else only the folders below this one' }),
    includeHidden: place(m.includeHidden, 'both').withDefault(false),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Mail folder', { ...mailFolder.properties, folders: list('Folders (Emit All)', mailFolder), count: num('Number of folders (Emit All)') }),
  batch: { shape: (folders) => ({ folders, count: folders.length }), emitEmpty: true },
  example: { input: { parentFolder: 'inbox' }, output: FOLDER_EXAMPLE },
  async run({ values: v, client, log, out, field }) {
    const under = v.parentFolder === undefined ? undefined : await resolveFolder(client, { mailbox: v.mailbox, folder: v.parentFolder, field: field('parentFolder') });
    for await (const folder of folderTree(client, { mailbox: v.mailbox, under, includeHidden: v.includeHidden })) await out.item(folder);
    log.info(`${out.items} mail folders`);
  },
});

export = functionModule(definition, PICKERS);
