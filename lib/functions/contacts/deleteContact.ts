/** Delete Contact: removes a contact (to Deleted Items, as Outlook does). */
import { deleteContact } from '../../outlook/contacts/manage';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj, str } from '../shapes';
import { CONTACT_EXAMPLE, contactId } from './shared';

const definition = defineAction({
  key: 'deleteContact',
  title: 'Delete Contact',
  description: 'Deletes a contact',
  help: 'Deletes the contact with the given id; Outlook keeps it in Deleted Items. A contact that is gone already fails with "not found"',
  docs: ['https://learn.microsoft.com/graph/api/contact-delete'],
  permissions: [CONTACTS_WRITE],
  params: {
    contactId: place(contactId, 'input').required().keys({ aliases: ['id'] }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Deletion', { deleted: bool('Deleted'), contactId: str('Contact ID', { required: true }) }),
  example: { input: { contactId: CONTACT_EXAMPLE.id }, output: { deleted: true, contactId: CONTACT_EXAMPLE.id } },
  async run({ values: v, client, log, out }) {
    await deleteContact(client, { mailbox: v.mailbox, contactId: v.contactId });
    log.info('Deleted a contact');
    await out.item({ deleted: true, contactId: v.contactId });
  },
});

export = functionModule(definition, PICKERS);
