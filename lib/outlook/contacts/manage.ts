/** Contacts and contact folders: create, read, change, find, delete; a contact's photo as a stream. */
import type { Readable } from 'stream';
import type { GraphClient } from '../../graph/GraphClient';
import { GraphError } from '../../graph/errors';
import { literal } from '../../graph/odata';
import type { FilterSpec } from '../../graph/odataFilter';
import { items } from '../../graph/paginate';
import { mailboxRoot, segment } from '../../graph/paths';
import { explained, mailboxLabel } from '../errors';
import { withoutODataKeys } from '../items';
import { CONTACT_FIELDS } from './contacts';

export interface ContactRef { mailbox?: string; contactId: string }

const SELECT = CONTACT_FIELDS.join(',');

function collection(mailbox: string | undefined, folderId: string | undefined): string {
  return folderId === undefined ? `${mailboxRoot(mailbox)}/contacts` : `${mailboxRoot(mailbox)}/contactFolders/${segment(folderId, 'contact folder id')}/contacts`;
}

function contactPath(ref: ContactRef): string {
  return `${mailboxRoot(ref.mailbox)}/contacts/${segment(ref.contactId, 'contact id')}`;
}

function notFound(err: unknown, ref: ContactRef): unknown {
  return explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed'], () => `Contact "${ref.contactId}" not found in mailbox ${mailboxLabel(ref.mailbox)}`);
}

export async function createContact(client: GraphClient, o: { mailbox?: string; folderId?: string; props: Record<string, unknown> }): Promise<Record<string, unknown>> {
  try {
    const { data } = await client.request<Record<string, unknown>>({ method: 'POST', path: collection(o.mailbox, o.folderId), body: o.props });
    return withoutODataKeys(data);
  } catch (err) {
    throw explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed'], () => `Contact folder "${o.folderId}" not found in mailbox ${mailboxLabel(o.mailbox)}`);
  }
}

export async function getContact(client: GraphClient, ref: ContactRef): Promise<Record<string, unknown>> {
  try {
    return withoutODataKeys(await client.get<Record<string, unknown>>(contactPath(ref), { $select: SELECT }));
  } catch (err) {
    throw notFound(err, ref);
  }
}

/** PATCH with exactly the given properties → the contact as it is now. */
export async function updateContact(client: GraphClient, ref: ContactRef, props: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    const { data } = await client.request<Record<string, unknown>>({ method: 'PATCH', path: contactPath(ref), body: props });
    return withoutODataKeys(data);
  } catch (err) {
    throw notFound(err, ref);
  }
}

export async function deleteContact(client: GraphClient, ref: ContactRef): Promise<void> {
  try {
    await client.request({ method: 'DELETE', path: contactPath(ref) });
  } catch (err) {
    throw notFound(err, ref);
  }
}

/** The filter of contacts having this e-mail address among theirs (user-list-contacts documents this form). */
export function emailFilter(address: string): string {
  return `emailAddresses/any(a:a/address eq ${literal(address)})`;
}

/** What a user's own contact filter may use: the contact's text properties and its e-mail addresses. */
export function contactFilterSpec(what: string): FilterSpec {
  return {
    what,
    properties: ['id', 'displayName', 'givenName', 'surname', 'middleName', 'nickName', 'companyName', 'department', 'jobTitle', 'officeLocation',
      'fileAs', 'mobilePhone', 'parentFolderId', 'createdDateTime', 'lastModifiedDateTime', 'birthday'],
    collections: { emailAddresses: ['address', 'name'], categories: [''], businessPhones: [''], homePhones: [''] },
  };
}

/** Contacts matching a $filter (already built safely), oldest first, up to `max`, page by page. */
export async function* findContacts(client: GraphClient, o: { mailbox?: string; folderId?: string; filter?: string; max: number; orderBy?: string }): AsyncGenerator<Record<string, unknown>[]> {
  let left = o.max;
  let page: Record<string, unknown>[] = [];
  const query = { $filter: o.filter, $select: SELECT, $top: Math.min(o.max, 500), ...(o.orderBy ? { $orderby: o.orderBy } : {}) };
  for await (const c of items<Record<string, unknown>>(client, { path: collection(o.mailbox, o.folderId), query })) {
    page.push(withoutODataKeys(c));
    left -= 1;
    if (page.length === 100 || left === 0) {
      yield page;
      page = [];
    }
    if (left === 0) return;
  }
  if (page.length) yield page;
}

/**
 * A contact's photo as a stream, or undefined when it has none: Graph answers 404 ImageNotFound then
 * (learn.microsoft.com/graph/api/profilephoto-get).
 */
export async function openContactPhoto(client: GraphClient, ref: ContactRef): Promise<{ stream: Readable; contentType: string; length?: number } | undefined> {
  try {
    const res = await client.request<Readable>({ path: `${contactPath(ref)}/photo/$value`, responseType: 'stream' });
    const declared = Number(res.headers['content-length']);
    return { stream: res.data, contentType: res.headers['content-type'] ?? 'image/jpeg', length: Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined };
  } catch (err) {
    if (err instanceof GraphError && err.status === 404 && (err.code === 'ImageNotFound' || err.code === 'ErrorItemNotFound' && /photo/i.test(err.graphMessage))) return undefined;
    throw notFound(err, ref);
  }
}

export async function createContactFolder(client: GraphClient, o: { mailbox?: string; parentId?: string; displayName: string }): Promise<{ folder: Record<string, unknown>; created: boolean }> {
  const path = o.parentId === undefined ? `${mailboxRoot(o.mailbox)}/contactFolders` : `${mailboxRoot(o.mailbox)}/contactFolders/${segment(o.parentId, 'contact folder id')}/childFolders`;
  try {
    const { data } = await client.request<Record<string, unknown>>({ method: 'POST', path, body: { displayName: o.displayName } });
    return { folder: withoutODataKeys(data), created: true };
  } catch (err) {
    if (err instanceof GraphError && err.status === 409) {
      // A redelivered message, or a folder of that name already there: the existing one is the answer.
      const listing = o.parentId === undefined ? `${mailboxRoot(o.mailbox)}/contactFolders` : path;
      for await (const f of items<Record<string, unknown>>(client, { path: listing, query: { $top: 100 } })) {
        if (typeof f.displayName === 'string' && f.displayName.toLowerCase() === o.displayName.toLowerCase()) return { folder: withoutODataKeys(f), created: false };
      }
    }
    throw explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed'], () => `Contact folder "${o.parentId}" not found in mailbox ${mailboxLabel(o.mailbox)}`);
  }
}

export async function deleteContactFolder(client: GraphClient, o: { mailbox?: string; folderId: string }): Promise<void> {
  try {
    await client.request({ method: 'DELETE', path: `${mailboxRoot(o.mailbox)}/contactFolders/${segment(o.folderId, 'contact folder id')}` });
  } catch (err) {
    throw explained(err, ['ErrorItemNotFound', 'ErrorInvalidIdMalformed'], () => `Contact folder "${o.folderId}" not found in mailbox ${mailboxLabel(o.mailbox)}`);
  }
}
