/** Dropdown models: every folder, nested ones included, labelled with its path. */
import { listContactFolders, listMailFolders, FolderEntry } from './outlook/mailFolders';
import { isRecord, mailboxOf } from './outlook/validate';
import { loggerOf } from './platform/context';
import { graphClientFor } from './platform/credentials';
import { PERMISSIONS, explainAccessDenied } from './platform/permissions';
import type { PollingContext } from './platform/polling';

function mailboxIn(cfg: unknown): string | undefined {
  return mailboxOf({}, isRecord(cfg) ? cfg : {});
}

async function collect(entries: AsyncGenerator<FolderEntry>, explain: { title: string; model: string; cfg: unknown }): Promise<Record<string, string>> {
  const found: FolderEntry[] = [];
  try {
    for await (const entry of entries) found.push(entry);
  } catch (err) {
    throw explainAccessDenied(err, { title: explain.title, permissions: PERMISSIONS[explain.model], cfg: explain.cfg });
  }
  found.sort((a, b) => a.path.localeCompare(b.path));
  return Object.fromEntries(found.map((f) => [f.id, f.path]));
}

export async function getFolders(this: Partial<PollingContext> | undefined, cfg: unknown): Promise<Record<string, string>> {
  const client = graphClientFor(this, cfg, { clock: this?.clock });
  const model = await collect(listMailFolders(client, mailboxIn(cfg)), { title: 'The mail folder list', model: 'getFolders', cfg });
  loggerOf(this).info(`Listed ${Object.keys(model).length} mail folders`);
  return model;
}

export async function getContactFolders(this: Partial<PollingContext> | undefined, cfg: unknown): Promise<Record<string, string>> {
  const client = graphClientFor(this, cfg, { clock: this?.clock });
  const model = await collect(listContactFolders(client, mailboxIn(cfg)), { title: 'The contact folder list', model: 'getContactFolders', cfg });
  loggerOf(this).info(`Listed ${Object.keys(model).length} contact folders`);
  return model;
}
