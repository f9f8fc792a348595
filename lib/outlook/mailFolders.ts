/** Mail and contact folder trees, nested folders included, labelled with their path ("Inbox / Projects / 2025"). */
import type { GraphClient } from '../graph/GraphClient';
import { items } from '../graph/paginate';
import { mailboxRoot, segment } from '../graph/paths';

export interface FolderEntry {
  id: string;
  /** Display names from the root down, joined with " / ". */
  path: string;
}

interface GraphFolder {
  id?: unknown;
  displayName?: unknown;
  childFolderCount?: unknown;
}

interface TreeSpec {
  /** `mailFolders` or `contactFolders`. */
  collection: string;
  select: string;
  /** Mail folders say how many children they have; contact folders do not, so each one is asked. */
  hasChildren(folder: GraphFolder): boolean;
}

const PAGE = 100;

async function* walk(client: GraphClient, spec: TreeSpec, mailbox: string | undefined): AsyncGenerator<FolderEntry> {
  const root = `${mailboxRoot(mailbox)}/${spec.collection}`;
  // Depth-first with an explicit stack: each level is one listing, every page of it followed by nextLink.
  const stack: Array<{ path: string; label: string }> = [{ path: root, label: '' }];
  while (stack.length > 0) {
    const level = stack.shift() as { path: string; label: string };
    const children: Array<{ path: string; label: string }> = [];
    for await (const folder of items<GraphFolder>(client, { path: level.path, query: { $top: PAGE, $select: spec.select } })) {
      if (typeof folder.id !== 'string') continue;
      const name = typeof folder.displayName === 'string' ? folder.displayName : folder.id;
      const label = level.label ? `${level.label} / ${name}` : name;
      yield { id: folder.id, path: label };
      if (spec.hasChildren(folder)) children.push({ path: `${root}/${segment(folder.id, 'folder id')}/childFolders`, label });
    }
    stack.unshift(...children);
  }
}

/** Every mail folder of the mailbox; hidden folders are left out, as Outlook shows them. */
export function listMailFolders(client: GraphClient, mailbox?: string): AsyncGenerator<FolderEntry> {
  return walk(client, {
    collection: 'mailFolders',
    select: 'id,displayName,childFolderCount',
    hasChildren: (f) => typeof f.childFolderCount === 'number' && f.childFolderCount > 0,
  }, mailbox);
}

/** Every contact folder below the default one (which holds the mailbox's main contacts). */
export function listContactFolders(client: GraphClient, mailbox?: string): AsyncGenerator<FolderEntry> {
  return walk(client, { collection: 'contactFolders', select: 'id,displayName', hasChildren: () => true }, mailbox);
}
