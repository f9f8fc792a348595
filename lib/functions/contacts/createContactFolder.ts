/** Create Contact Folder: a folder for contacts; one of that name already there is returned as it is. */
import { createContactFolder } from '../../outlook/contacts/manage';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj, str } from '../shapes';

const definition = defineAction({
  key: 'createContactFolder',
  title: 'Create Contact Folder',
  description: 'Creates a contact folder, next to the default one or inside another',
  help: 'Creates a folder named Folder Name below the default contacts folder, or inside Parent Contact Folder. When a folder of that name is '
    + 'there already it is emitted with created = false, so a repeated message creates no second folder',
  docs: ['https://learn.microsoft.com/graph/api/user-post-contactfolders', 'https://learn.microsoft.com/graph/api/contactfolder-post-childfolders'],
  permissions: [CONTACTS_WRITE],
  params: {
    displayName: place(f.text('Folder Name', { max: 255 }), 'input').required().keys({ aliases: ['name'] }),
    parentFolderId: place(f.contactFolder, 'both').as({ label: 'Parent Contact Folder', view: { prompt: 'Below the default contacts folder' } }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Contact folder', { id: str('Contact folder ID', { required: true }), displayName: str('Name'), parentFolderId: str('Parent folder ID'), created: bool('Created now (false: it existed)') }),
  example: { input: { displayName: 'Suppliers' }, output: { id: 'AAMkAGI2TAAEPAAA=', displayName: 'Suppliers', parentFolderId: 'AAMkAGI2TAAEOAAA=', created: true } },
  async run({ values: v, client, log, out }) {
    const { folder, created } = await createContactFolder(client, { mailbox: v.mailbox, parentId: v.parentFolderId, displayName: v.displayName });
    log.info(created ? 'Created a contact folder' : 'The contact folder existed already');
    await out.item({ id: folder.id, displayName: folder.displayName, parentFolderId: folder.parentFolderId, created });
  },
});

export = functionModule(definition, PICKERS);
