/** Update Contact: changes exactly the properties given. */
import { ConfigurationError } from '../../outlook/errors';
import { getContact, updateContact } from '../../outlook/contacts/manage';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { contactBody, contactParams } from './fields';
import { CONTACT_EXAMPLE, contactId, contactOutput } from './shared';

const definition = defineAction({
  key: 'updateContact',
  title: 'Update Contact',
  description: 'Changes only the given properties of a contact',
  help: 'Sends Graph exactly the properties given (PATCH); the others stay as they are. A list property (E-mail Addresses, phones, '
    + 'categories) replaces the contact\'s list; E-mail adds its addresses to the contact\'s current ones instead (read first)',
  docs: ['https://learn.microsoft.com/graph/api/contact-update'],
  permissions: [CONTACTS_WRITE],
  params: {
    contactId: place(contactId, 'input').required().keys({ aliases: ['id'] }),
    ...contactParams,
    mailbox: place(f.mailbox, 'both'),
  },
  output: contactOutput,
  example: { input: { contactId: CONTACT_EXAMPLE.id, jobTitle: 'Head of Purchasing', mobilePhone: '+1 732 555 0199' }, output: { ...CONTACT_EXAMPLE, jobTitle: 'Head of Purchasing', mobilePhone: '+1 732 555 0199' } },
  async run({ values: v, client, log, out, field }) {
    const { contactId: id, mailbox, ...props } = v;
    const ref = { mailbox, contactId: id };
    if (props.email !== undefined && props.emailAddresses === undefined) {
      // E-mail adds to what the contact has: its current addresses are read and sent back with the new ones.
      const current = await getContact(client, ref);
      props.emailAddresses = Array.isArray(current.emailAddresses) ? current.emailAddresses as Array<{ address: string; name?: string }> : [];
    }
    const body = contactBody(props);
    if (Object.keys(body).length === 0) throw new ConfigurationError(field('contactId'), 'nothing to change: give at least one property of the contact');
    log.info(`Updating ${Object.keys(body).join(', ')} of a contact`);
    await out.item(await updateContact(client, ref, body));
  },
});

export = functionModule(definition, PICKERS);
