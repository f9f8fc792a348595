/** Managing mail folders: the whole tree with details, create (optionally nested), rename, move, delete. */
import type { GraphClient } from '../../graph/GraphClient';
import { GraphError } from '../../graph/errors';
import { items } from '../../graph/paginate';
import { mailboxRoot, segment } from '../../graph/paths';
import { explained, mailboxLabel } from '../errors';
import { walkFolders } from '../folderTree';
import { dropUndefined } from '../items';

export interface MailFolderInfo {
  id: string;
  displayName: string;
  /** Display names from the top (or from the folder listed under) down, joined with " / "; in listings only. */
  path?: string;
  parentFolderId?: string;
  childFolderCount?: number;
  unreadItemCount?: number;
  totalItemCount?: number;
  isHidden?: boolean;
}

const DETAILS = 'id,displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount,isHidden';

function folderPath(mailbox: string | undefined, folder: string): string {
  return `${mailboxRoot(mailbox)}/mailFolders/${segment(folder, 'folder id')}`;
}

function info(raw: Record<string, unknown>, path?: string): MailFolderInfo {
  const n = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return dropUndefined({
    id: String(raw.id), displayName: typeof raw.displayName === 'string' ? raw.displayName : String(raw.id), ...(path === undefined ? {} : { path }),
    parentFolderId: typeof raw.parentFolderId === 'string' ? raw.parentFolderId : undefined,
    childFolderCount: n(raw.childFolderCount), unreadItemCount: n(raw.unreadItemCount), totalItemCount: n(raw.totalItemCount),
    isHidden: typeof raw.isHidden === 'boolean' ? raw.isHidden : undefined,
  });
}

/** Every folder (nested ones too, every page followed), or every folder below `under`; hidden ones on request. */
export async function* folderTree(client: GraphClient, o: { mailbox?: string; under?: string; includeHidden?: boolean }): AsyncGenerator<MailFolderInfo> {
  const entries = walkFolders(client, {
    collection: 'mailFolders', select: DETAILS, under: o.under,
    query: o.includeHidden ? { includeHiddenFolders: 'true' } : undefined,
    hasChildren: (f) => typeof f.childFolderCount === 'number' && f.childFolderCount > 0,
  }, o.mailbox);
  for await (const entry of entries) yield info(entry.folder ?? { id: entry.id }, entry.path);
}

/** The folder named `displayName` directly under `parent` (top level when undefined), if there is one. */
async function childNamed(client: GraphClient, o: { mailbox?: string; parent?: string; displayName: string }): Promise<Record<string, unknown> | undefined> {
  const path = o.parent === undefined ? `${mailboxRoot(o.mailbox)}/mailFolders` : `${folderPath(o.mailbox, o.parent)}/childFolders`;
  for await (const f of items<Record<string, unknown>>(client, { path, query: { $top: 100, $select: DETAILS } })) {
    if (typeof f.displayName === 'string' && f.displayName.toLowerCase() === o.displayName.toLowerCase()) return f;
  }
  return undefined;
}

/**
 * Creates the folder under `parent` (top level when undefined). One that exists already (409 ErrorFolderExists, e.g.
 * when the platform delivers the same message twice) is returned as it is, with `created: false`.
 */
export async function createMailFolder(client: GraphClient, o: { mailbox?: string; parent?: string; displayName: string }): Promise<MailFolderInfo & { created: boolean }> {
  const path = o.parent === undefined ? `${mailboxRoot(o.mailbox)}/mailFolders` : `${folderPath(o.mailbox, o.parent)}/childFolders`;
  try {
    const { data } = await client.request<Record<string, unknown>>({ method: 'POST', path, body: { displayName: o.displayName } });
    return { ...info(data), created: true };
  } catch (err) {
    if (err instanceof GraphError && err.status === 409 && err.code === 'ErrorFolderExists') {
      const existing = await childNamed(client, o);
      if (existing) return { ...info(existing), created: false };
    }
    throw parentNotFound(err, o);
  }
}

function parentNotFound(err: unknown, o: { mailbox?: string; parent?: string }): unknown {
  return explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed'], () => `Mail folder "${o.parent}" not found in mailbox ${mailboxLabel(o.mailbox)}`);
}

/** `PATCH /mailFolders/{id}` with a new display name → the folder. */
export async function renameMailFolder(client: GraphClient, o: { mailbox?: string; folder: string; displayName: string }): Promise<Record<string, unknown>> {
  try {
    return (await client.request<Record<string, unknown>>({ method: 'PATCH', path: folderPath(o.mailbox, o.folder), body: { displayName: o.displayName } })).data;
  } catch (err) {
    throw explained(parentNotFound(err, { mailbox: o.mailbox, parent: o.folder }), ['ErrorFolderExists'],
      () => `A folder named "${o.displayName}" exists already next to mail folder "${o.folder}"`);
  }
}

/** `POST /mailFolders/{id}/move` → the folder in its new parent (200). */
export async function moveMailFolder(client: GraphClient, o: { mailbox?: string; folder: string; destinationId: string }): Promise<Record<string, unknown>> {
  try {
    return (await client.request<Record<string, unknown>>({ method: 'POST', path: `${folderPath(o.mailbox, o.folder)}/move`, body: { destinationId: o.destinationId } })).data;
  } catch (err) {
    throw explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed', 'ErrorFolderExists'], (e) => (e.code === 'ErrorFolderExists'
      ? `The destination already has a folder named like mail folder "${o.folder}"`
      : `Mail folder "${o.folder}" or the destination "${o.destinationId}" not found in mailbox ${mailboxLabel(o.mailbox)}`));
  }
}

/**
 * `POST /mailFolders/{id}/permanentDelete` → 204: the folder and everything in it are removed from the mailbox, not
 * kept in the dumpster (learn.microsoft.com/graph/api/mailfolder-permanentdelete).
 */
export async function permanentlyDeleteMailFolder(client: GraphClient, o: { mailbox?: string; folder: string }): Promise<void> {
  try {
    await client.request({ method: 'POST', path: `${folderPath(o.mailbox, o.folder)}/permanentDelete` });
  } catch (err) {
    throw parentNotFound(err, { mailbox: o.mailbox, parent: o.folder });
  }
}
