/**
 * What the contact functions share: the contact id field, the output shape, the example contact and what the two
 * contact triggers poll.
 */
import { CONTACT_PAGE, Contact, listContactsModifiedSince } from '../../outlook/contacts/contacts';
import { withoutODataKeys } from '../../outlook/items';
import type { PollSource } from '../../platform/polling/engine';
import * as f from '../fields';
import { contact } from '../shapes';

export const contactId = f.itemId('Contact ID', 'contact', { help: 'The id of the contact, as Contacts, Lookup Contacts and Create Contact emit it' });

export const contactOutput = contact;

export const CONTACT_EXAMPLE = {
  id: 'AAMkAGI2THk0AAA=', createdDateTime: '2026-11-20T10:15:00Z', lastModifiedDateTime: '2026-11-20T10:15:00Z', changeKey: 'EQAAABYAAABpRAliJMB2NOFNr4Ce24tDAAAB0xvV',
  categories: [], parentFolderId: 'AAMkAGI2TAAEOAAA=', displayName: 'Pradeep Gupta', givenName: 'Pradeep', surname: 'Gupta',
  emailAddresses: [{ name: 'Pradeep Gupta', address: 'pradeep@litware.example' }], companyName: 'Litware', jobTitle: 'Buyer',
  businessPhones: ['+1 732 555 0102'], homePhones: [], imAddresses: [], children: [],
};

/** Contacts and Contact Changed (real-time): a contact folder's contacts by lastModifiedDateTime, and how to log it. */
export function contactsPolling(title: string, where: { mailbox?: string; folderId?: string }): { target: string; source: PollSource<Contact> } {
  const { mailbox, folderId } = where;
  return {
    target: `${folderId ? `contact folder ${folderId}` : 'default contacts folder'}${mailbox ? ` of ${mailbox}` : ''}`,
    source: {
      title,
      noun: 'contacts',
      pageSize: CONTACT_PAGE,
      modifiedSince: (since, top) => listContactsModifiedSince({ mailbox, folderId, since, top }),
      toBody: async (item) => withoutODataKeys(item),
    },
  };
}
