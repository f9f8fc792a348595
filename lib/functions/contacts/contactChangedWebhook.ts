/** "Contact Changed (real-time)": each new or changed contact of a contact folder, on Graph's change notifications. */
import { Contact, contactsPath } from '../../outlook/contacts/contacts';
import { visibleState } from '../../outlook/items';
import { defineWebhookTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CONTACTS_READ } from '../../platform/permissions';
import { poll, pollingConfig } from '../../platform/polling/engine';
import { fingerprintOf } from '../../platform/polling/memory';
import { resourceOf } from '../../platform/webhook/subscriptions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { contact } from '../shapes';
import { WEBHOOK_DOCS, WEBHOOK_HELP, WEBHOOK_PARAMS, ownMailboxOnly } from '../webhookFields';
import { CONTACT_EXAMPLE, contactsPolling } from './shared';

const definition = defineWebhookTrigger({
  key: 'contactChangedWebhook',
  title: 'Contact Changed (real-time)',
  description: 'Emits each new or changed contact of a contact folder, each version once, as soon as Microsoft Graph notifies the flow',
  help: 'Emits every contact created or changed in the folder, each version once, with the properties of "Contacts"; a version that '
    + `changes nothing visible is not emitted.${WEBHOOK_HELP}`,
  docs: [...WEBHOOK_DOCS, 'https://learn.microsoft.com/graph/api/user-list-contacts'],
  permissions: [ownMailboxOnly(CONTACTS_READ)],
  params: {
    contactFolderId: place(f.contactFolder, 'config'),
    ...WEBHOOK_PARAMS,
  },
  output: contact,
  example: { config: { contactFolderId: '' }, output: CONTACT_EXAMPLE },
  subscription: (v) => ({ resource: resourceOf(contactsPath({ mailbox: v.mailbox, folderId: v.contactFolderId })), changeType: 'created,updated' }),
  async catchUp({ values: v, client, platform, snapshot }) {
    const { mailbox, contactFolderId: folderId } = v;
    const { target, source } = contactsPolling('"Contact Changed (real-time)" trigger', { mailbox, folderId });
    await poll<Contact>({
      ctx: platform, client, snapshot, target,
      config: pollingConfig({ mailbox, startTime: v.startTime ?? f.DEFAULT_START, emitBehavior: 'emitIndividually', lookbackSeconds: 5 }, undefined),
      source: { ...source, fingerprint: (item) => fingerprintOf(visibleState(item)) },
    });
  },
});

export = functionModule(definition, PICKERS);
