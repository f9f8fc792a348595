/** "Contacts": new and changed contacts, each version exactly once (the cursor of "Poll for New Mail"). */
import { CONTACT_PAGE, listContactsModifiedSince } from '../outlook/contacts';
import { withoutODataKeys } from '../outlook/mappers';
import { isRecord, optionalId } from '../outlook/validate';
import type { Message as PlatformMessage } from '../platform/context';
import { graphClientFor } from '../platform/credentials';
import { PollSource, PollingContext, poll, readPollingConfig } from '../platform/polling';
import { getContactFolders } from '../selectModels';
import { PERMISSIONS, explainAccessDenied } from '../platform/permissions';

const TITLE = '"Contacts" trigger';

interface Contact {
  id: string;
  lastModifiedDateTime?: string;
  changeKey?: string;
  [property: string]: unknown;
}

function contactSource(mailbox: string | undefined, folderId: string | undefined): PollSource<Contact> {
  return {
    title: TITLE,
    noun: 'contacts',
    pageSize: CONTACT_PAGE,
    modifiedSince: (since, top) => listContactsModifiedSince({ mailbox, folderId, since, top }),
    toBody: async (contact) => withoutODataKeys(contact),
  };
}

async function pollOnce(this: PollingContext, _msg: PlatformMessage, cfg: unknown, snapshot: unknown): Promise<void> {
  const fields = isRecord(cfg) ? cfg : {};
  // Contacts have no delta mode here: the lastModifiedDateTime cursor is exact on its own.
  const config = readPollingConfig({ ...fields, pollingMode: undefined }, 'maxContacts');
  const folderId = optionalId(fields.contactFolderId, 'Contact Folder');
  const client = graphClientFor(this, cfg, { clock: this.clock });
  await poll({
    ctx: this, client, config, snapshot,
    source: contactSource(config.mailbox, folderId),
    target: `${folderId ? `contact folder ${folderId}` : 'default contacts folder'}${config.mailbox ? ` of ${config.mailbox}` : ''}`,
  });
}

async function processTrigger(this: PollingContext, msg: PlatformMessage, cfg: unknown, snapshot: unknown): Promise<void> {
  try {
    await pollOnce.call(this, msg, cfg, snapshot);
  } catch (err) {
    throw explainAccessDenied(err, { title: TITLE, permissions: PERMISSIONS.getContacts, cfg });
  }
}

export { processTrigger as process, getContactFolders };
