/** Lookup Contacts: contacts found by e-mail address, name prefix, company or a filter. */
import { literal } from '../../graph/odata';
import { contactFilterSpec, emailFilter, findContacts } from '../../outlook/contacts/manage';
import { ConfigurationError } from '../../outlook/errors';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { list, num, obj } from '../shapes';
import { CONTACT_EXAMPLE, contactOutput } from './shared';

const odataFilter = f.odataFilter(contactFilterSpec, {
  help: 'A Graph $filter on contacts, e.g. <code>companyName eq \'Litware\' and categories/any(c: c eq \'Suppliers\')</code>; combined with the other criteria by and',
  invalid: "surname eq 'x' &$top=1",
});

const definition = defineAction({
  key: 'lookupContacts',
  title: 'Lookup Contacts',
  description: 'Finds contacts by e-mail address, name prefix, company or an OData filter',
  help: 'Every criterion given must hold. E-mail matches any of a contact\'s addresses (Graph compares without regard to case); Name Starts With '
    + 'matches the display name, given name or surname. Emits each contact, or with Emit All one {contacts, count}; nothing found emits '
    + 'nothing (Emit All: an empty list)',
  docs: ['https://learn.microsoft.com/graph/api/user-list-contacts', 'https://learn.microsoft.com/graph/filter-query-parameter'],
  permissions: [CONTACTS_READ],
  params: {
    email: place(f.address('E-mail'), 'input'),
    namePrefix: place(f.text('Name Starts With', { max: 255 }), 'input'),
    companyName: place(f.text('Company', { max: 255 }), 'input'),
    filter: place(odataFilter, 'input'),
    contactFolderId: place(f.contactFolder, 'both'),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    maxResults: place(f.integer('Maximum Contacts', { min: 1, max: 10_000, placeholder: '100' }), 'both').withDefault(100),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Contact', { ...contactOutput.properties, contacts: list('Contacts (Emit All)', contactOutput), count: num('Number of contacts (Emit All)') }),
  batch: { shape: (contacts) => ({ contacts, count: contacts.length }), emitEmpty: true, whole: 'maxResults' },
  example: { input: { email: 'pradeep@litware.example' }, output: CONTACT_EXAMPLE },
  async run({ values: v, client, log, out, field }) {
    const parts: string[] = [];
    if (v.email !== undefined) parts.push(emailFilter(v.email));
    if (v.namePrefix !== undefined) {
      const p = literal(v.namePrefix);
      parts.push(`(startswith(displayName,${p}) or startswith(givenName,${p}) or startswith(surname,${p}))`);
    }
    if (v.companyName !== undefined) parts.push(`companyName eq ${literal(v.companyName)}`);
    if (v.filter !== undefined) parts.push(`(${v.filter})`);
    if (parts.length === 0) {
      throw new ConfigurationError([field('email'), field('namePrefix'), field('companyName'), field('filter')].join(', '), 'give at least one criterion');
    }
    let pages = 0;
    for await (const page of findContacts(client, { mailbox: v.mailbox, folderId: v.contactFolderId, filter: parts.join(' and '), max: v.maxResults })) {
      pages += 1;
      log.info(`Page ${pages}: ${page.length} contacts (${out.items + page.length} so far)`);
      for (const c of page) await out.item(c);
    }
    log.info(`${out.items} contacts found`);
  },
});

export = functionModule(definition, PICKERS);
