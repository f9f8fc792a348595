/** Contact folders: the tree below the default folder, labelled with paths. */
import type { GraphClient } from '../../graph/GraphClient';
import { FolderEntry, walkFolders } from '../folderTree';

/** Every contact folder below the default one (which holds the mailbox's main contacts). */
export function listContactFolders(client: GraphClient, mailbox?: string): AsyncGenerator<FolderEntry> {
  // Contact folders do not say how many children they have, so each one is asked.
  return walkFolders(client, { collection: 'contactFolders', select: 'id,displayName', hasChildren: () => true }, mailbox);
}
