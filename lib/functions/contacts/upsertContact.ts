/** Upsert Contact: the contact with this e-mail address updated, or created when there is none; never two. */
import type { GraphClient } from '../../graph/GraphClient';
import { createContact, deleteContact, emailFilter, findContacts, updateContact } from '../../outlook/contacts/manage';
import { ConfigurationError } from '../../outlook/errors';
import type { Logger } from '../../platform/context';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj } from '../shapes';
import { contactBody, contactParams, firstAddress } from './fields';
import { CONTACT_EXAMPLE, contactOutput } from './shared';

type Contact = Record<string, unknown>;

/** The contact both of two racing executions keep: the oldest, then the smallest id (both see the same list). */
function survivor(contacts: Contact[]): Contact {
  return [...contacts].sort((a, b) => String(a.createdDateTime ?? '').localeCompare(String(b.createdDateTime ?? ''))
    || String(a.id).localeCompare(String(b.id)))[0];
}

async function withAddress(client: GraphClient, o: { mailbox?: string; folderId?: string; address: string }): Promise<Contact[]> {
  const found: Contact[] = [];
  for await (const page of findContacts(client, { mailbox: o.mailbox, folderId: o.folderId, filter: emailFilter(o.address), max: 50 })) found.push(...page);
  return found;
}

/** Addresses of the contact plus the given ones, the contact's first (a PATCH of emailAddresses replaces the list). */
function mergedAddresses(current: unknown, given: Array<{ address: string; name?: string }> | undefined): Array<{ address: string; name?: string }> | undefined {
  if (given === undefined) return undefined;
  const out = Array.isArray(current) ? [...current as Array<{ address: string; name?: string }>] : [];
  for (const a of given) if (!out.some((c) => String(c.address).toLowerCase() === a.address.toLowerCase())) out.push(a);
  return out;
}

/**
 * How long a new contact waits before its second look: long enough for a racing execution's create to show. Graph
 * stamps contacts with whole seconds, so two created in one second are ordered by id, and the one created first may
 * look before the other exists; its second look sees it.
 */
const CONFIRM_MS = 1000;

async function settle(client: GraphClient, o: { mailbox?: string; folderId?: string; address: string; mine: Contact; log: Logger }): Promise<Contact> {
  for (let look = 0; look < 2; look += 1) {
    if (look > 0) await new Promise((resolve) => setTimeout(resolve, CONFIRM_MS));
    const all = await withAddress(client, o);
    if (!all.some((c) => c.id === o.mine.id)) all.push(o.mine);
    const keep = survivor(all);
    if (keep.id !== o.mine.id) {
      // Another execution created a contact for this address at the same time, and its contact is the one both keep.
      o.log.info('Another execution created a contact for the same address at the same time; keeping the older one and deleting this one');
      await deleteContact(client, { mailbox: o.mailbox, contactId: String(o.mine.id) });
      return keep;
    }
  }
  return o.mine;
}

const definition = defineAction({
  key: 'upsertContact',
  title: 'Upsert Contact',
  description: 'Updates the contact with the given e-mail address, or creates it when there is none; never two contacts for one input',
  help: 'Looks the contact up by its first e-mail address (E-mail, else E-mail Addresses) in the chosen folder. Found: exactly the given '
    + 'properties change (new addresses are added to the contact\'s). Not found: the contact is created. Two executions racing on the same '
    + 'address both look again after creating (at once, and a second later): the older contact is kept by both, and the one that created the younger contact deletes it '
    + 'and updates the older one instead, so one contact remains. Contacts that existed before are never deleted; when several have the '
    + 'address already, the oldest is updated',
  docs: ['https://learn.microsoft.com/graph/api/user-list-contacts', 'https://learn.microsoft.com/graph/api/contact-update', 'https://learn.microsoft.com/graph/api/user-post-contacts'],
  permissions: [CONTACTS_WRITE],
  params: {
    ...contactParams,
    contactFolderId: place(f.contactFolder, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Contact', { ...contactOutput.properties, created: bool('Created now (false: updated)') }),
  example: {
    input: { email: 'Pradeep Gupta <pradeep@litware.example>', givenName: 'Pradeep', surname: 'Gupta', companyName: 'Litware', jobTitle: 'Buyer' },
    output: { ...CONTACT_EXAMPLE, created: true },
  },
  async run({ values: v, client, log, out, field }) {
    const { contactFolderId: folderId, mailbox, ...props } = v;
    const address = firstAddress(props);
    if (address === undefined) throw new ConfigurationError(`${field('email')}, ${field('emailAddresses')}`, 'an upsert needs the e-mail address the contact is found by');
    const body = contactBody(props);
    const existing = await withAddress(client, { mailbox, folderId, address });
    if (existing.length > 0) {
      const target = survivor(existing);
      const patch = { ...body, ...(body.emailAddresses ? { emailAddresses: mergedAddresses(target.emailAddresses, body.emailAddresses as Array<{ address: string }>) } : {}) };
      log.info(`Found ${existing.length} contact(s) with the address; updating ${existing.length > 1 ? 'the oldest' : 'it'}`);
      await out.item({ ...await updateContact(client, { mailbox, contactId: String(target.id) }, patch), created: false });
      return;
    }
    const mine = await createContact(client, { mailbox, folderId, props: body });
    const kept = await settle(client, { mailbox, folderId, address, mine, log });
    if (kept.id === mine.id) {
      log.info('Created the contact');
      await out.item({ ...mine, created: true });
      return;
    }
    const patch = { ...body, ...(body.emailAddresses ? { emailAddresses: mergedAddresses(kept.emailAddresses, body.emailAddresses as Array<{ address: string }>) } : {}) };
    await out.item({ ...await updateContact(client, { mailbox, contactId: String(kept.id) }, patch), created: false });
  },
});

export = functionModule(definition, PICKERS);
