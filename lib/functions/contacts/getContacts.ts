/** "Contacts": new and changed contacts, each version exactly once (the cursor of "Poll for New Mail"). */
import type { Contact } from '../../outlook/contacts/contacts';
import { definePollingTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_READ } from '../../platform/permissions';
import { poll, pollingConfig } from '../../platform/polling/engine';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { contact } from '../shapes';
import { CONTACT_EXAMPLE, contactsPolling } from './shared';

const definition = definePollingTrigger({
  key: 'getContacts',
  title: 'Contacts',
  description: 'Emits new and changed contacts, each version exactly once',
  help: 'Emits every contact modified since the last execution, each version exactly once',
  docs: ['https://learn.microsoft.com/graph/api/user-list-contacts'],
  permissions: [CONTACTS_READ],
  params: {
    contactFolderId: place(f.contactFolder, 'config'),
    startTime: place(f.startTime, 'config').withDefault(f.DEFAULT_START),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    maxContacts: place(f.maxPerExecution('Contacts'), 'config'),
    lookbackSeconds: place(f.lookbackSeconds, 'config').withDefault(5),
    mailbox: place(f.mailbox, 'config'),
  },
  output: contact,
  example: {
    config: { contactFolderId: '' },
    output: CONTACT_EXAMPLE,
  },
  async run({ values, client, platform, snapshot }) {
    const { mailbox, contactFolderId: folderId } = values;
    // Contacts have no delta mode here: the lastModifiedDateTime cursor is exact on its own.
    await poll<Contact>({
      ctx: platform, client, snapshot, config: pollingConfig(values, values.maxContacts),
      ...contactsPolling('"Contacts" trigger', { mailbox, folderId }),
    });
  },
});

export = functionModule(definition, PICKERS);
