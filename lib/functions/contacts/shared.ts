/** What the contact actions share: the contact id field, the output shape and the example contact. */
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
