/** Mail folders: the whole tree (nested folders with their paths) and what a folder reference resolves to. */
import type { GraphClient } from '../../graph/GraphClient';
import { ConfigurationError, mailboxLabel } from '../errors';
import { FolderEntry, walkFolders } from '../folderTree';


/** Locale-independent folder names Graph accepts in place of ids (learn.microsoft.com/graph/api/resources/mailfolder, "Well-known folder names"). */
export const WELL_KNOWN_FOLDERS = [
  'archive', 'clutter', 'conflicts', 'conversationhistory', 'deleteditems', 'drafts', 'inbox', 'junkemail',
  'localfailures', 'msgfolderroot', 'outbox', 'recoverableitemsdeletions', 'scheduled', 'searchfolders', 'sentitems',
  'serverfailures', 'syncissues',
];

/** Folder ids are long opaque strings; anything shorter is taken as a display-name path. */
const MIN_ID_LENGTH = 64;

const normalisePath = (p: string): string => p.split('/').map((s) => s.trim().toLowerCase()).filter((s) => s !== '').join('/');

/** A folder id, a well-known name (`inbox`), or a display-name path (`Inbox / Projects`) → what Graph accepts. */
export async function resolveFolder(client: GraphClient, req: { mailbox?: string; folder: string; field: string }): Promise<string> {
  const lower = req.folder.toLowerCase();
  if (WELL_KNOWN_FOLDERS.includes(lower)) return lower;
  if (!req.folder.includes('/') && req.folder.length >= MIN_ID_LENGTH) return req.folder;
  const wanted = normalisePath(req.folder);
  for await (const folder of listMailFolders(client, req.mailbox)) {
    if (normalisePath(folder.path) === wanted) return folder.id;
  }
  throw new ConfigurationError(req.field, `no mail folder "${req.folder}" in mailbox ${mailboxLabel(req.mailbox)}; give a folder id, `
    + 'a well-known name (inbox, archive, deleteditems, …) or a path such as "Inbox / Projects"');
}

/** Every mail folder of the mailbox; hidden folders are left out, as Outlook shows them. */
export function listMailFolders(client: GraphClient, mailbox?: string): AsyncGenerator<FolderEntry> {
  return walkFolders(client, {
    collection: 'mailFolders',
    select: 'id,displayName,childFolderCount',
    hasChildren: (f) => typeof f.childFolderCount === 'number' && f.childFolderCount > 0,
  }, mailbox);
}
