/**
 * Mail folders: root children (hidden ones on request), one folder, child folders, creation, rename (PATCH), move,
 * delete and permanent delete. Outlook's own (well-known) folders cannot be moved or deleted.
 */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { walk } from '../odata/filter';
import { listCollection, parseSelect, selectFields } from '../odata/query';
import { MAIL_FOLDER } from '../store/schema';
import type { FolderRec } from '../store/Store';
import { resolveFolder, userContext } from './common';

function listFolders(ctx: RouteContext, parent: number): SandboxResponse {
  const { store } = ctx.mailbox;
  const includeHidden = (ctx.req.query.includeHiddenFolders ?? '').toLowerCase() === 'true';
  return listCollection<FolderRec>(ctx, {
    schema: MAIL_FOLDER,
    records: () => store.childFolders(parent).filter((f) => includeHidden || !f.isHidden),
    value: (rec, path) => walk(store.folderJson(rec), path),
    json: (rec) => ({ ...store.folderJson(rec) }),
    defaultTop: 10,
    maxTop: 1000,
    context: parent === store.topFolder ? `${userContext(ctx)}/mailFolders`
      : `${userContext(ctx)}/mailFolders('${encodeURIComponent(store.idOf('folder', parent))}')/childFolders`,
  });
}

function getFolder(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const rec = store.folderRecs.get(resolveFolder(ctx, ctx.params.id)) as FolderRec;
  const select = parseSelect(ctx.req.query.$select, MAIL_FOLDER);
  return { status: 200, json: { '@odata.context': `${userContext(ctx)}/mailFolders/$entity`, ...selectFields({ ...store.folderJson(rec) }, select) } };
}

function createFolder(ctx: RouteContext, parent: number): SandboxResponse {
  const { store } = ctx.mailbox;
  const body = ctx.json();
  const name = body.displayName;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("The property 'displayName' is required.", 'ErrorInvalidParameter');
  if (store.childFolders(parent).some((f) => f.displayName.toLowerCase() === name.toLowerCase())) {
    throw new GraphHttpError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
  }
  const created = store.createFolder(store.idOf('folder', parent), name, { isHidden: body.isHidden === true });
  return { status: 201, json: { '@odata.context': `${userContext(ctx)}/mailFolders/$entity`, ...created } };
}

function entity(ctx: RouteContext, rec: FolderRec): Record<string, unknown> {
  return { '@odata.context': `${userContext(ctx)}/mailFolders/$entity`, ...ctx.mailbox.store.folderJson(rec) };
}

function nameTaken(ctx: RouteContext, parent: number, name: string, except?: number): boolean {
  return ctx.mailbox.store.childFolders(parent).some((f) => f.serial !== except && f.displayName.toLowerCase() === name.toLowerCase());
}

/** A folder the client may change: not the root, and for a move or delete not one of Outlook's own. */
function changeable(ctx: RouteContext, change: 'move' | 'delete' | 'rename'): FolderRec {
  const rec = ctx.mailbox.store.folderRecs.get(resolveFolder(ctx, ctx.params.id)) as FolderRec;
  // UNCONFIRMED for Graph: the codes are Exchange's (EWS ResponseCodeType) for the same refusals.
  if (rec.wellKnown && change === 'delete') throw badRequest('Distinguished folders cannot be deleted.', 'ErrorDeleteDistinguishedFolder');
  if (rec.wellKnown && change === 'move') throw badRequest('Distinguished folders cannot be moved.', 'ErrorMoveDistinguishedFolder');
  return rec;
}

/** `PATCH /mailFolders/{id}` (mailfolder-update): displayName (and isHidden); 200 with the folder. */
function updateFolder(ctx: RouteContext): SandboxResponse {
  const rec = changeable(ctx, 'rename');
  const body = ctx.json();
  for (const key of Object.keys(body)) {
    if (!key.startsWith('@odata') && !MAIL_FOLDER.writable.has(MAIL_FOLDER.canonical.get(key.toLowerCase()) ?? '')) {
      throw new GraphHttpError(400, 'RequestBodyRead', `The property '${key}' does not exist on type 'microsoft.graph.mailFolder' or cannot be changed.`);
    }
  }
  const name = body.displayName ?? body.DisplayName;
  if (name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') throw badRequest("The property 'displayName' must be a non-empty string.", 'ErrorInvalidParameter');
    if (nameTaken(ctx, rec.parent as number, name, rec.serial)) throw new GraphHttpError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
    ctx.mailbox.store.renameFolder(rec.serial, name);
  }
  if (typeof body.isHidden === 'boolean') rec.isHidden = body.isHidden;
  return { status: 200, json: entity(ctx, rec) };
}

/** `POST /mailFolders/{id}/move` (mailfolder-move): 200 with the folder in its new parent. */
function moveFolder(ctx: RouteContext): SandboxResponse {
  const rec = changeable(ctx, 'move');
  const body = ctx.json();
  const id = body.destinationId ?? body.DestinationId;
  if (typeof id !== 'string' || id === '') throw badRequest("The property 'destinationId' is required.", 'ErrorInvalidParameter');
  const target = id.toLowerCase() === 'msgfolderroot' ? ctx.mailbox.store.topFolder : resolveFolder(ctx, id);
  // UNCONFIRMED: the answers to a move into the folder's own subtree and to a name taken at the destination.
  if (ctx.mailbox.store.isWithin(target, rec.serial)) throw badRequest('A folder cannot be moved into itself or one of its subfolders.', 'ErrorMoveCopyFailed');
  if (nameTaken(ctx, target, rec.displayName, rec.serial)) throw new GraphHttpError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
  ctx.mailbox.store.reparentFolder(rec.serial, target);
  return { status: 200, json: entity(ctx, rec) };
}

/**
 * `DELETE /mailFolders/{id}` (mailfolder-delete) and `POST …/permanentDelete` (mailfolder-permanentdelete): 204; the
 * folder, its subfolders and their messages are gone. UNCONFIRMED for DELETE: whether Exchange keeps the folder in
 * Deleted Items or the recoverable items (the docs do not say); the component moves folders to Deleted Items itself.
 */
function deleteFolder(ctx: RouteContext): SandboxResponse {
  ctx.mailbox.store.removeFolder(changeable(ctx, 'delete').serial);
  return { status: 204 };
}

export const mailFolderRoutes: RouteModule = {
  name: 'mailFolders',
  routes: [
    { name: 'listMailFolders', method: 'GET', path: 'mailFolders', handler: (ctx) => listFolders(ctx, ctx.mailbox.store.topFolder) },
    { name: 'getMailFolder', method: 'GET', path: 'mailFolders/{id}', handler: getFolder },
    { name: 'childFolders', method: 'GET', path: 'mailFolders/{id}/childFolders', handler: (ctx) => listFolders(ctx, resolveFolder(ctx, ctx.params.id)) },
    { name: 'createMailFolder', method: 'POST', path: 'mailFolders', handler: (ctx) => createFolder(ctx, ctx.mailbox.store.topFolder) },
    { name: 'createChildFolder', method: 'POST', path: 'mailFolders/{id}/childFolders', handler: (ctx) => createFolder(ctx, resolveFolder(ctx, ctx.params.id)) },
    { name: 'updateMailFolder', method: 'PATCH', path: 'mailFolders/{id}', handler: updateFolder },
    { name: 'moveMailFolder', method: 'POST', path: 'mailFolders/{id}/move', handler: moveFolder },
    { name: 'deleteMailFolder', method: 'DELETE', path: 'mailFolders/{id}', handler: deleteFolder },
    { name: 'permanentDeleteMailFolder', method: 'POST', path: 'mailFolders/{id}/permanentDelete', handler: deleteFolder },
  ],
};
