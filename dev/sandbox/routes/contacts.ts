/** Contacts and contact folders: list, get, create, update, delete, delta. */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { walk } from '../odata/filter';
import { listCollection, parseSelect, selectFields } from '../odata/query';
import { CONTACT, CONTACT_FOLDER } from '../store/schema';
import type { ContactFolderRec, ContactRec, Props } from '../store/Store';
import { contactsDelta } from './delta';
import { NAVIGATION_KEY, canonicalProperty, defaultsOnly, navigationProperty, recipients, resolveContactFolder, userContext } from './common';

function folderOf(ctx: RouteContext): number {
  return ctx.params.folder === undefined ? ctx.mailbox.store.defaultContactFolder : resolveContactFolder(ctx, ctx.params.folder);
}

function resolveContact(ctx: RouteContext): ContactRec {
  const { store } = ctx.mailbox;
  const rec = store.findContact(ctx.params.id);
  if (!rec || (ctx.params.folder !== undefined && rec.folder !== folderOf(ctx))) {
    throw store.codec.wellFormed(ctx.params.id) ? new GraphHttpError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.')
      : new GraphHttpError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  }
  return rec;
}

function entity(ctx: RouteContext, item: Props): Props {
  return { '@odata.context': `${userContext(ctx)}/contacts/$entity`, ...item };
}

function list(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const folder = folderOf(ctx);
  return listCollection<ContactRec>(ctx, {
    schema: CONTACT,
    records: () => [...store.contactRecs.values()].filter((c) => c.folder === folder),
    value: (rec, path) => walk(store.contactJson(rec), path),
    json: (rec) => store.contactJson(rec),
    cache: { owner: store, key: `contacts|${folder}|${store.seq}` },
    defaultTop: 10,
    maxTop: 1000,
    context: ctx.params.folder === undefined ? `${userContext(ctx)}/contacts`
      : `${userContext(ctx)}/contactFolders('${encodeURIComponent(store.idOf('contactFolder', folder))}')/contacts`,
  });
}

/** Validates a contact body; unknown properties are refused like Graph does. */
function contactPatch(body: Props): Props {
  const out: Props = {};
  for (const [rawKey, value] of Object.entries(body)) {
    if (rawKey.startsWith('@odata')) continue;
    const nav = navigationProperty('contact', rawKey, value);
    if (nav === 'ignored') continue;
    if (nav) { out[NAVIGATION_KEY] = { ...(out[NAVIGATION_KEY] as Props | undefined), [nav.key]: nav.value }; continue; }
    const key = canonicalProperty(CONTACT, rawKey, 'contact');
    if (!CONTACT.writable.has(key)) continue;
    if (key === 'emailAddresses') {
      out[key] = recipients((Array.isArray(value) ? value : []).map((e) => ({ emailAddress: e })), key).map((r) => r.emailAddress);
      continue;
    }
    if (['businessPhones', 'homePhones', 'imAddresses', 'children', 'categories'].includes(key)
      && (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))) {
      throw badRequest(`The property '${key}' must be a collection of strings.`, 'RequestBodyRead');
    }
    out[key] = value;
  }
  return out;
}

function get(ctx: RouteContext): SandboxResponse {
  const rec = resolveContact(ctx);
  const select = parseSelect(ctx.req.query.$select, CONTACT);
  const item = ctx.mailbox.store.contactJson(rec);
  return { status: 200, json: entity(ctx, select ? selectFields(item, select) : defaultsOnly(item, CONTACT)) };
}

function create(ctx: RouteContext): SandboxResponse {
  const rec = ctx.mailbox.store.insertContact(folderOf(ctx), contactPatch(ctx.json()));
  return { status: 201, json: entity(ctx, ctx.mailbox.store.contactJson(rec)) };
}

function update(ctx: RouteContext): SandboxResponse {
  const rec = resolveContact(ctx);
  ctx.mailbox.store.patchContact(rec, contactPatch(ctx.json()));
  return { status: 200, json: entity(ctx, ctx.mailbox.store.contactJson(rec)) };
}

function remove(ctx: RouteContext): SandboxResponse {
  ctx.mailbox.store.removeContact(resolveContact(ctx));
  return { status: 204 };
}

function listFolders(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  return listCollection<ContactFolderRec>(ctx, {
    schema: CONTACT_FOLDER,
    // GET /me/contactFolders lists the folders inside the default Contacts folder.
    records: () => [...store.contactFolderRecs.values()].filter((f) => f.parent === store.defaultContactFolder),
    value: (rec, path) => walk(store.contactFolderJson(rec), path),
    json: (rec) => ({ ...store.contactFolderJson(rec) }),
    defaultTop: 10,
    maxTop: 1000,
    context: `${userContext(ctx)}/contactFolders`,
  });
}

/** `GET /me/contactFolders/{id}/childFolders` (learn.microsoft.com/graph/api/contactfolder-list-childfolders). */
function listChildFolders(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const parent = resolveContactFolder(ctx, ctx.params.folder);
  return listCollection<ContactFolderRec>(ctx, {
    schema: CONTACT_FOLDER,
    records: () => [...store.contactFolderRecs.values()].filter((f) => f.parent === parent),
    value: (rec, path) => walk(store.contactFolderJson(rec), path),
    json: (rec) => ({ ...store.contactFolderJson(rec) }),
    defaultTop: 10,
    maxTop: 1000,
    context: `${userContext(ctx)}/contactFolders('${encodeURIComponent(store.idOf('contactFolder', parent))}')/childFolders`,
  });
}

function getFolder(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const rec = store.contactFolderRecs.get(resolveContactFolder(ctx, ctx.params.folder)) as ContactFolderRec;
  return { status: 200, json: { '@odata.context': `${userContext(ctx)}/contactFolders/$entity`, ...store.contactFolderJson(rec) } };
}

function createFolder(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const name = ctx.json().displayName;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("The property 'displayName' is required.", 'ErrorInvalidParameter');
  if ([...store.contactFolderRecs.values()].some((f) => f.parent === store.defaultContactFolder && f.displayName.toLowerCase() === name.toLowerCase())) {
    throw new GraphHttpError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
  }
  return { status: 201, json: { '@odata.context': `${userContext(ctx)}/contactFolders/$entity`, ...store.createContactFolder(null, name) } };
}

/** `DELETE /me/contactFolders/{id}`: the folder with its contacts; the default folder is Outlook's own and stays. */
function deleteFolder(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const serial = resolveContactFolder(ctx, ctx.params.folder);
  if (serial === store.defaultContactFolder) throw new GraphHttpError(400, 'ErrorDeleteDistinguishedFolder', 'Distinguished folders cannot be deleted.');
  store.removeContactFolder(serial);
  return { status: 204 };
}

/** `POST /me/contactFolders/{id}/childFolders` (contactfolder-post-childfolders). */
function createChildFolder(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const parent = resolveContactFolder(ctx, ctx.params.folder);
  const name = ctx.json().displayName;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("The property 'displayName' is required.", 'ErrorInvalidParameter');
  if ([...store.contactFolderRecs.values()].some((f) => f.parent === parent && f.displayName.toLowerCase() === name.toLowerCase())) {
    throw new GraphHttpError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
  }
  return { status: 201, json: { '@odata.context': `${userContext(ctx)}/contactFolders/$entity`, ...store.contactFolderJson(store.newContactFolder(parent, name)) } };
}

/** Photos by contact: bytes and media type, kept beside the store (profilephoto-get, profilephoto-update). */
const photos = new WeakMap<ContactRec, { bytes: Buffer; contentType: string }>();

function getPhoto(ctx: RouteContext): SandboxResponse {
  const photo = photos.get(resolveContact(ctx));
  if (!photo) throw new GraphHttpError(404, 'ImageNotFound', 'The photo wasn\'t found.');
  return { status: 200, headers: { 'Content-Type': photo.contentType }, raw: photo.bytes };
}

function putPhoto(ctx: RouteContext): SandboxResponse {
  const rec = resolveContact(ctx);
  const contentType = String(ctx.req.headers['content-type'] ?? '');
  if (!/^image\/(jpeg|png|gif|bmp)$/i.test(contentType.split(';')[0].trim())) throw badRequest('The photo must be an image (image/jpeg or image/png).', 'ErrorInvalidImage');
  photos.set(rec, { bytes: Buffer.from(ctx.req.body), contentType: contentType.split(';')[0].trim() });
  return { status: 200 };
}

const both = (path: string): string[] => [path, `contactFolders/{folder}/${path}`];

export const contactRoutes: RouteModule = {
  name: 'contacts',
  routes: [
    ...both('contacts').flatMap((path) => [
      { name: 'listContacts', method: 'GET' as const, path, handler: list },
      { name: 'createContact', method: 'POST' as const, path, handler: create },
    ]),
    ...both('contacts/{id}').flatMap((path) => [
      { name: 'getContact', method: 'GET' as const, path, handler: get },
      { name: 'updateContact', method: 'PATCH' as const, path, handler: update },
      { name: 'deleteContact', method: 'DELETE' as const, path, handler: remove },
    ]),
    ...both('contacts/delta').map((path) => ({ name: 'contactsDelta', method: 'GET' as const, path, handler: contactsDelta })),
    { name: 'listContactFolders', method: 'GET', path: 'contactFolders', handler: listFolders },
    { name: 'getContactFolder', method: 'GET', path: 'contactFolders/{folder}', handler: getFolder },
    { name: 'contactChildFolders', method: 'GET', path: 'contactFolders/{folder}/childFolders', handler: listChildFolders },
    { name: 'createContactFolder', method: 'POST', path: 'contactFolders', handler: createFolder },
    { name: 'createContactChildFolder', method: 'POST', path: 'contactFolders/{folder}/childFolders', handler: createChildFolder },
    { name: 'deleteContactFolder', method: 'DELETE', path: 'contactFolders/{folder}', handler: deleteFolder },
    ...both('contacts/{id}/photo/$value').flatMap((path) => [
      { name: 'getContactPhoto', method: 'GET' as const, path, handler: getPhoto },
      { name: 'updateContactPhoto', method: 'PUT' as const, path, handler: putPhoto, bodyTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/bmp'] },
    ]),
  ],
};
