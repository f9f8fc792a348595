/** Delete Contact Folder: a contact folder and the contacts in it. */
import { deleteContactFolder } from '../../outlook/contacts/manage';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj, str } from '../shapes';

const definition = defineAction({
  key: 'deleteContactFolder',
  title: 'Delete Contact Folder',
  description: 'Deletes a contact folder with the contacts in it',
  help: 'Deletes the chosen contact folder and every contact in it. The default contacts folder cannot be chosen: it is not in the list, '
    + 'and Graph refuses to delete it',
  docs: ['https://learn.microsoft.com/graph/api/contactfolder-delete'],
  permissions: [CONTACTS_WRITE],
  params: {
    contactFolderId: place(f.contactFolder, 'both').required().as({ view: { prompt: 'Select a contact folder' } }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Deletion', { deleted: bool('Deleted'), contactFolderId: str('Contact folder ID', { required: true }) }),
  example: { input: { contactFolderId: 'AAMkAGI2TAAEPAAA=' }, output: { deleted: true, contactFolderId: 'AAMkAGI2TAAEPAAA=' } },
  async run({ values: v, client, log, out }) {
    await deleteContactFolder(client, { mailbox: v.mailbox, folderId: v.contactFolderId });
    log.info('Deleted a contact folder');
    await out.item({ deleted: true, contactFolderId: v.contactFolderId });
  },
});

export = functionModule(definition, PICKERS);
