/** Folder trees (mail and contact folders), nested folders included, labelled with their path ("Inbox / Projects / 2025"). */
import type { GraphClient } from '../graph/GraphClient';
import { items } from '../graph/paginate';
import { mailboxRoot, segment } from '../graph/paths';

export interface FolderEntry {
  id: string;
  /** Display names from the root down, joined with " / ". */
  path: string;
  /** The folder as Graph listed it (the `select`ed properties). */
  folder?: GraphFolder;
}

export interface GraphFolder {
  id?: unknown;
  displayName?: unknown;
  childFolderCount?: unknown;
  [property: string]: unknown;
}

export interface TreeSpec {
  /** `mailFolders` or `contactFolders`. */
  collection: string;
  select: string;
  /** Mail folders say how many children they have; contact folders do not, so each one is asked. */
  hasChildren(folder: GraphFolder): boolean;
  /** More query options for every listing (e.g. `includeHiddenFolders`). */
  query?: Record<string, string>;
  /** Start below this folder (an id or well-known name) instead of the top; paths are then relative to it. */
  under?: string;
}

const PAGE = 100;

export async function* walkFolders(client: GraphClient, spec: TreeSpec, mailbox: string | undefined): AsyncGenerator<FolderEntry> {
  const root = `${mailboxRoot(mailbox)}/${spec.collection}`;
  // Depth-first with an explicit stack: each level is one listing, every page of it followed by nextLink.
  const first = spec.under === undefined ? root : `${root}/${segment(spec.under, 'folder id')}/childFolders`;
  const stack: Array<{ path: string; label: string }> = [{ path: first, label: '' }];
  while (stack.length > 0) {
    const level = stack.shift() as { path: string; label: string };
    const children: Array<{ path: string; label: string }> = [];
    for await (const folder of items<GraphFolder>(client, { path: level.path, query: { $top: PAGE, $select: spec.select, ...spec.query } })) {
      if (typeof folder.id !== 'string') continue;
      const name = typeof folder.displayName === 'string' ? folder.displayName : folder.id;
      const label = level.label ? `${level.label} / ${name}` : name;
      yield { id: folder.id, path: label, folder };
      if (spec.hasChildren(folder)) children.push({ path: `${root}/${segment(folder.id, 'folder id')}/childFolders`, label });
    }
    stack.unshift(...children);
  }
}
