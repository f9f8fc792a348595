/** Create Contact: a new contact in the default contacts folder or a chosen one. */
import { ConfigurationError } from '../../outlook/errors';
import { createContact } from '../../outlook/contacts/manage';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { contactBody, contactParams } from './fields';
import { CONTACT_EXAMPLE, contactOutput } from './shared';

const definition = defineAction({
  key: 'createContact',
  title: 'Create Contact',
  description: 'Creates a contact with names, e-mail addresses, phones, addresses, company and notes',
  help: 'Creates one contact from Graph\'s contact properties (givenName, surname, emailAddresses, companyName, jobTitle, businessPhones, '
    + 'addresses, …); E-mail is a shortcut for one or more addresses. Every message creates a new contact: to create a contact only when '
    + 'no contact has its address yet, use Upsert Contact',
  docs: ['https://learn.microsoft.com/graph/api/user-post-contacts', 'https://learn.microsoft.com/graph/api/resources/contact'],
  permissions: [CONTACTS_WRITE],
  params: {
    ...contactParams,
    contactFolderId: place(f.contactFolder, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: contactOutput,
  example: {
    input: { givenName: 'Pradeep', surname: 'Gupta', email: 'Pradeep Gupta <pradeep@litware.example>', companyName: 'Litware', jobTitle: 'Buyer', businessPhones: '+1 732 555 0102' },
    output: CONTACT_EXAMPLE,
  },
  async run({ values: v, client, log, out, field }) {
    const { contactFolderId, mailbox, ...props } = v;
    const body = contactBody(props);
    if (!body.givenName && !body.surname && !body.displayName && !body.emailAddresses && !body.companyName) {
      throw new ConfigurationError([field('givenName'), field('surname'), field('displayName'), field('email'), field('companyName')].join(', '),
        'a contact needs at least a name, an e-mail address or a company');
    }
    const created = await createContact(client, { mailbox, folderId: contactFolderId, props: body });
    log.info(`Created a contact with ${Object.keys(body).length} properties`);
    await out.item(created);
  },
});

export = functionModule(definition, PICKERS);
