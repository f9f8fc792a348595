/** Mail folders: root children (hidden ones on request), one folder, child folders, folder creation. */
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

export const mailFolderRoutes: RouteModule = {
  name: 'mailFolders',
  routes: [
    { name: 'listMailFolders', method: 'GET', path: 'mailFolders', handler: (ctx) => listFolders(ctx, ctx.mailbox.store.topFolder) },
    { name: 'getMailFolder', method: 'GET', path: 'mailFolders/{id}', handler: getFolder },
    { name: 'childFolders', method: 'GET', path: 'mailFolders/{id}/childFolders', handler: (ctx) => listFolders(ctx, resolveFolder(ctx, ctx.params.id)) },
    { name: 'createMailFolder', method: 'POST', path: 'mailFolders', handler: (ctx) => createFolder(ctx, ctx.mailbox.store.topFolder) },
    { name: 'createChildFolder', method: 'POST', path: 'mailFolders/{id}/childFolders', handler: (ctx) => createFolder(ctx, resolveFolder(ctx, ctx.params.id)) },
  ],
};
