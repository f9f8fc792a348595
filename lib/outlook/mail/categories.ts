/** The mailbox's master category list: the names (and colours) categories on messages are chosen from. */
import type { GraphClient } from '../../graph/GraphClient';
import { GraphError } from '../../graph/errors';
import { items } from '../../graph/paginate';
import { mailboxRoot } from '../../graph/paths';
import { OutlookError } from '../errors';

export interface Category { id: string; displayName: string; color: string }

/** `none` or `preset0` … `preset24` (learn.microsoft.com/graph/api/resources/outlookcategory). */
export const CATEGORY_COLORS: Readonly<Record<string, string>> = {
  none: 'No colour', preset0: 'Red', preset1: 'Orange', preset2: 'Brown', preset3: 'Yellow', preset4: 'Green', preset5: 'Teal',
  preset6: 'Olive', preset7: 'Blue', preset8: 'Purple', preset9: 'Cranberry', preset10: 'Steel', preset11: 'Dark steel', preset12: 'Gray',
  preset13: 'Dark gray', preset14: 'Black', preset15: 'Dark red', preset16: 'Dark orange', preset17: 'Dark brown', preset18: 'Dark yellow',
  preset19: 'Dark green', preset20: 'Dark teal', preset21: 'Dark olive', preset22: 'Dark blue', preset23: 'Dark purple', preset24: 'Dark cranberry',
};

/**
 * Graph offers the category list and the mailbox settings of another user to no delegated permission (there is no
 * MailboxSettings.*.Shared): a 403 on another mailbox says that, not "re-consent" (OfficeDev/office-js#6057).
 */
export function notDelegable(err: unknown, mailbox: string | undefined, what: string): unknown {
  if (!(err instanceof GraphError) || err.status !== 403 || mailbox === undefined) return err;
  return new OutlookError(`Graph does not let a signed-in user read or change ${what} of another mailbox ("${mailbox}"), whatever access `
    + `they have to its mail: there is no shared (.Shared) permission for mailbox settings. Use it on the signed-in user's own mailbox; `
    + `if "${mailbox}" is that mailbox, the credential lacks MailboxSettings.ReadWrite: add it and re-authenticate the credential (${err.status} ${err.code}${err.requestId ? `, request-id ${err.requestId}` : ''})`, { cause: err });
}

function collection(mailbox?: string): string {
  return `${mailboxRoot(mailbox)}/outlook/masterCategories`;
}

export async function listCategories(client: GraphClient, mailbox?: string): Promise<Category[]> {
  const out: Category[] = [];
  try {
    for await (const c of items<Record<string, unknown>>(client, { path: collection(mailbox) })) {
      if (typeof c.displayName === 'string') out.push({ id: String(c.id), displayName: c.displayName, color: String(c.color ?? 'none') });
    }
  } catch (err) {
    throw notDelegable(err, mailbox, 'the category list');
  }
  return out;
}

/**
 * Adds a category with a colour. Names are unique in the list; one there already is returned as it is
 * (`created: false`), so a repeated message adds nothing.
 */
export async function createCategory(client: GraphClient, o: { mailbox?: string; displayName: string; color: string }): Promise<Category & { created: boolean }> {
  const same = (c: Category): boolean => c.displayName.toLowerCase() === o.displayName.toLowerCase();
  const existing = (await listCategories(client, o.mailbox)).find(same);
  if (existing) return { ...existing, created: false };
  try {
    const { data } = await client.request<Record<string, unknown>>({ method: 'POST', path: collection(o.mailbox), body: { displayName: o.displayName, color: o.color } });
    return { id: String(data.id), displayName: String(data.displayName ?? o.displayName), color: String(data.color ?? o.color), created: true };
  } catch (err) {
    // Created meanwhile by someone else (or by our own earlier attempt): the list has it now.
    if (err instanceof GraphError && err.status === 409) {
      const found = (await listCategories(client, o.mailbox)).find(same);
      if (found) return { ...found, created: false };
    }
    throw notDelegable(err, o.mailbox, 'the category list');
  }
}
