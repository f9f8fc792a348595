/** Messages: list (per folder or mailbox-wide), get, create (draft), update, delete, move, copy. */
import { badRequest } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { listCollection, parseSelect, selectFields } from '../odata/query';
import { ExtendedProperty, MultiValueExtendedProperty, canonicalMultiValueId, extendedIdKey } from '../store/extended';
import { MESSAGE } from '../store/schema';
import type { AttachmentRec, MessageRec, Props } from '../store/Store';
import { bodyTransform, defaultsOnly, messageCollection, messagePatch, resolveFolder, resolveMessage, userContext } from './common';
import { addAttachmentsFromBody } from './attachments';
import { messagesDelta } from './delta';
import { messageMime } from '../mime';

export function messageOutput(ctx: RouteContext, rec: MessageRec, options: { select?: string[]; entity?: boolean } = {}): Props {
  const { store } = ctx.mailbox;
  const transform = bodyTransform(ctx);
  let item = store.messageJson(rec);
  if (transform) item = transform(item);
  item = options.select ? selectFields(item, options.select) : defaultsOnly(item, MESSAGE);
  const expand = ctx.req.query.$expand?.trim();
  if (expand) Object.assign(item, expanded(ctx, rec, expand));
  return options.entity === false ? item : { '@odata.context': `${userContext(ctx)}/messages/$entity`, ...item };
}

const EXPAND_FILTERED = /^(singleValueExtendedProperties|multiValueExtendedProperties)\(\$filter=id eq '((?:[^']|'')*)'\)$/i;

/** Splits `$expand` at its top-level commas (`a($filter=…),b`). */
function expandItems(expand: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of expand) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) { out.push(current.trim()); current = ''; } else current += ch;
  }
  out.push(current.trim());
  return out.filter(Boolean);
}

/**
 * The navigation properties `$expand` asks for: attachments, extensions (open extensions), and the extended properties
 * in the documented form `singleValueExtendedProperties($filter=id eq '…')` (singlevaluelegacyextendedproperty-get;
 * likewise multiValue…); a message without a matching one answers without the collection.
 */
function expanded(ctx: RouteContext, rec: MessageRec, expand: string): Props {
  const { store } = ctx.mailbox;
  const out: Props = {};
  for (const item of expandItems(expand)) {
    if (/^attachments$/i.test(item)) {
      out.attachments = (rec.attachments ?? []).map((a) => store.attachmentJson(store.attachmentRecs.get(a) as AttachmentRec));
      continue;
    }
    if (/^extensions$/i.test(item)) { out.extensions = store.openExtensionsOf(rec); continue; }
    const m = EXPAND_FILTERED.exec(item);
    if (!m) throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${item}' on type 'microsoft.graph.message'.`, 'ExpandNotSupported');
    const wanted = extendedIdKey(m[2].replace(/''/g, "'"));
    const single = m[1].toLowerCase().startsWith('single');
    const found: Array<ExtendedProperty | MultiValueExtendedProperty> = single
      ? store.extendedOf(rec).filter((p) => p.id === wanted)
      : store.multiExtendedOf(rec).filter((p) => p.id === (canonicalMultiValueId(m[2].replace(/''/g, "'")) ?? wanted));
    if (found.length) out[single ? 'singleValueExtendedProperties' : 'multiValueExtendedProperties'] = found;
  }
  return out;
}

function folderOf(ctx: RouteContext): number | undefined {
  return ctx.params.folder === undefined ? undefined : resolveFolder(ctx, ctx.params.folder);
}

function list(ctx: RouteContext): SandboxResponse {
  return listCollection(ctx, messageCollection(ctx, folderOf(ctx)));
}

function get(ctx: RouteContext): SandboxResponse {
  const rec = resolveMessage(ctx, ctx.params.id, folderOf(ctx));
  return { status: 200, json: messageOutput(ctx, rec, { select: parseSelect(ctx.req.query.$select, MESSAGE) }) };
}

function create(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const folder = folderOf(ctx) ?? store.requireFolder('drafts');
  const body = ctx.json();
  const patch = messagePatch(body, { allowAttachments: true });
  const me = { emailAddress: { name: ctx.mailbox.user.displayName, address: ctx.mailbox.user.mail } };
  const rec = store.insertMessage(folder, { from: me, sender: me, isRead: true, ...patch, isDraft: true });
  addAttachmentsFromBody(ctx, rec, body.attachments);
  return { status: 201, json: messageOutput(ctx, rec) };
}

function update(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const rec = resolveMessage(ctx, ctx.params.id, folderOf(ctx));
  const patch = messagePatch(ctx.json());
  const isDraft = store.messageProps(rec).isDraft === true;
  if (!isDraft) {
    const fixed = Object.keys(patch).filter((k) => !['categories', 'importance', 'isRead', 'inferenceClassification', 'flag', 'isDeliveryReceiptRequested', 'isReadReceiptRequested', 'singleValueExtendedProperties',
      'multiValueExtendedProperties', 'extensions'].includes(k));
    if (fixed.length) throw badRequest(`Update operation is not supported for property '${fixed[0]}' on a message that is not a draft.`, 'ErrorInvalidPropertyUpdateSentMessage');
  }
  delete patch.isDraft;
  store.patchMessage(rec, patch);
  return { status: 200, json: messageOutput(ctx, rec) };
}

/** The message as MIME (learn.microsoft.com/graph/outlook-get-mime-message). */
function mime(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const rec = resolveMessage(ctx, ctx.params.id, folderOf(ctx));
  // UNCONFIRMED: the Content-Type Graph labels the MIME with; clients should not rely on it.
  return { status: 200, headers: { 'Content-Type': 'text/plain' }, raw: messageMime(store.messageJson(rec), store.mimeParts(rec)) };
}

function remove(ctx: RouteContext): SandboxResponse {
  ctx.mailbox.store.removeMessage(resolveMessage(ctx, ctx.params.id, folderOf(ctx)));
  return { status: 204 };
}

/** `POST …/permanentDelete` → 204 (message-permanentdelete): gone from every folder the client can see. */
function permanentDelete(ctx: RouteContext): SandboxResponse {
  ctx.mailbox.store.removeMessage(resolveMessage(ctx, ctx.params.id, folderOf(ctx)));
  return { status: 204 };
}

function destination(ctx: RouteContext): number {
  const body = ctx.json();
  const id = body.destinationId ?? body.DestinationId;
  if (typeof id !== 'string' || id === '') throw badRequest("The property 'destinationId' is required.", 'ErrorInvalidParameter');
  return resolveFolder(ctx, id);
}

function move(ctx: RouteContext): SandboxResponse {
  const rec = resolveMessage(ctx, ctx.params.id, folderOf(ctx));
  const folder = destination(ctx);
  // Without Prefer: IdType="ImmutableId" a move yields a new id (Graph's default ids encode the folder).
  ctx.mailbox.store.relocateMessage(rec, folder, !ctx.immutableIds);
  return { status: 201, json: messageOutput(ctx, rec) };
}

function copy(ctx: RouteContext): SandboxResponse {
  const rec = resolveMessage(ctx, ctx.params.id, folderOf(ctx));
  const created = ctx.mailbox.store.duplicateMessage(rec, destination(ctx));
  return { status: 201, json: messageOutput(ctx, created) };
}

const both = (path: string): string[] => [path, `mailFolders/{folder}/${path}`];

export const messageRoutes: RouteModule = {
  name: 'messages',
  routes: [
    ...both('messages').flatMap((path) => [
      { name: 'listMessages', method: 'GET' as const, path, handler: list },
      { name: 'createMessage', method: 'POST' as const, path, handler: create },
    ]),
    ...both('messages/{id}').flatMap((path) => [
      { name: 'getMessage', method: 'GET' as const, path, handler: get },
      { name: 'updateMessage', method: 'PATCH' as const, path, handler: update },
      { name: 'deleteMessage', method: 'DELETE' as const, path, handler: remove },
    ]),
    ...both('messages/{id}/$value').map((path) => ({ name: 'messageValue', method: 'GET' as const, path, handler: mime })),
    ...both('messages/{id}/move').map((path) => ({ name: 'moveMessage', method: 'POST' as const, path, handler: move })),
    ...both('messages/{id}/copy').map((path) => ({ name: 'copyMessage', method: 'POST' as const, path, handler: copy })),
    ...both('messages/{id}/permanentDelete').map((path) => ({ name: 'permanentDeleteMessage', method: 'POST' as const, path, handler: permanentDelete })),
    { name: 'messagesDelta', method: 'GET', path: 'mailFolders/{folder}/messages/delta', handler: messagesDelta },
  ],
};
