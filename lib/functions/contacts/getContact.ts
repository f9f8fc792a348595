/** Get Contact: one contact by id, optionally with its photo stored in object storage. */
import { getContact, openContactPhoto } from '../../outlook/contacts/manage';
import { storeAttachment } from '../../platform/attachments/store';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { obj, storedFile } from '../shapes';
import { CONTACT_EXAMPLE, contactId, contactOutput } from './shared';

const definition = defineAction({
  key: 'getContact',
  title: 'Get Contact',
  description: 'Reads one contact by its id, optionally storing its photo in object storage',
  help: 'Emits the contact with all its properties. With Include Photo, the photo is streamed into the platform\'s object storage and '
    + 'described in <b>photo</b> (name, contentType, size, url); a contact without photo has no <b>photo</b>',
  docs: ['https://learn.microsoft.com/graph/api/contact-get', 'https://learn.microsoft.com/graph/api/profilephoto-get'],
  permissions: [CONTACTS_READ],
  params: {
    contactId: place(contactId, 'input').required().keys({ aliases: ['id'] }),
    includePhoto: place(f.checkbox('Include Photo', { help: 'Store the contact\'s photo in object storage and add <b>photo</b>' }), 'both').withDefault(false),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Contact', { ...contactOutput.properties, photo: storedFile }),
  example: { input: { contactId: CONTACT_EXAMPLE.id }, output: CONTACT_EXAMPLE },
  async run({ values: v, client, log, out }) {
    const ref = { mailbox: v.mailbox, contactId: v.contactId };
    const result = await getContact(client, ref);
    if (v.includePhoto) {
      const photo = await openContactPhoto(client, ref);
      if (photo) {
        const ext = /png/i.test(photo.contentType) ? 'png' : /gif/i.test(photo.contentType) ? 'gif' : 'jpg';
        result.photo = await storeAttachment(photo.stream, { name: `photo.${ext}`, contentType: photo.contentType, expectedSize: photo.length });
      }
      log.info(photo ? 'Read the contact and stored its photo' : 'Read the contact; it has no photo');
    }
    await out.item(result);
  },
});

export = functionModule(definition, PICKERS);
