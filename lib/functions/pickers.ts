/** The select models (pickers) any function's configuration field can name; each lists one kind of container. */
import { listCalendars } from '../outlook/calendar/events';
import { listContactFolders } from '../outlook/contacts/folders';
import type { FolderEntry } from '../outlook/folderTree';
import { listCategories } from '../outlook/mail/categories';
import { listMailFolders } from '../outlook/mail/folders';
import { isRecord } from '../outlook/values/text';
import { picker } from '../platform/execution';
import { CALENDARS_READ, CONTACTS_READ, MAILBOX_SETTINGS_READ, MAIL_READ } from '../platform/permissions';
import { mailbox } from './fields';

/** A picker works on the mailbox of the step being configured. */
function mailboxOfStep(cfg: unknown): string | undefined {
  return mailbox.parse(isRecord(cfg) ? cfg.mailbox : undefined, 'Mailbox (mailbox)');
}

/** Folders sorted by path, labelled with it ("Inbox / Projects / 2025"). */
async function byPath(entries: AsyncGenerator<FolderEntry>): Promise<Record<string, string>> {
  const found: FolderEntry[] = [];
  for await (const entry of entries) found.push(entry);
  found.sort((a, b) => a.path.localeCompare(b.path));
  return Object.fromEntries(found.map((f) => [f.id, f.path]));
}

export const PICKERS = {
  getFolders: picker({ title: 'The mail folder list', permissions: [MAIL_READ], list: (client, box) => byPath(listMailFolders(client, box)) }, mailboxOfStep),
  getContactFolders: picker({
    title: 'The contact folder list', permissions: [CONTACTS_READ], list: (client, box) => byPath(listContactFolders(client, box)),
  }, mailboxOfStep),
  getCalendars: picker({
    title: 'The calendar list', permissions: [CALENDARS_READ],
    async list(client, box) {
      const calendars = await listCalendars(client, box);
      const out: Record<string, string> = {};
      // The calendars one can write to, the default first.
      for (const c of [...calendars].sort((a, b) => Number(Boolean(b.isDefaultCalendar)) - Number(Boolean(a.isDefaultCalendar)))) {
        if (c.canEdit === false) continue;
        out[c.id] = `${c.name ?? c.id}${c.isDefaultCalendar ? ' (default)' : ''}`;
      }
      return out;
    },
  }, mailboxOfStep),
  // Messages carry category names, so a name is both the value and the label.
  getCategories: picker({
    title: 'The category list', permissions: [MAILBOX_SETTINGS_READ],
    list: async (client, box) => Object.fromEntries((await listCategories(client, box)).map((c) => [c.displayName, c.displayName])),
  }, mailboxOfStep),
};
