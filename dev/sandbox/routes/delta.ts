/** Delta routes: messages per mail folder, contacts per contact folder. */
import { badRequest } from '../http/errors';
import type { RouteContext, SandboxResponse } from '../http/router';
import { DeltaState, deltaPage, stateFromToken } from '../odata/delta';
import { parseFilter } from '../odata/filter';
import { parseSelect, parseTop } from '../odata/query';
import { CONTACT, EntitySchema, MESSAGE } from '../store/schema';
import { ContactRec, MessageRec, Store } from '../store/Store';
import { bodyTransform, defaultsOnly, resolveContactFolder, resolveFolder } from './common';

function rejectOptions(ctx: RouteContext, allowed: string[]): void {
  for (const key of Object.keys(ctx.req.query)) {
    if (key.startsWith('$') && !allowed.includes(key.toLowerCase())) {
      throw badRequest(`Query option '${key}' is not supported with delta queries.`, 'ErrorInvalidUrlQuery');
    }
  }
}

function freshMessageState(ctx: RouteContext, key: string): DeltaState {
  rejectOptions(ctx, ['$select', '$filter', '$orderby', '$top']);
  const q = ctx.req.query;
  const state: DeltaState = { c: key, g: 0, from: 0, initial: true, sel: parseSelect(q.$select, MESSAGE) };
  if (q.$filter !== undefined) {
    const { root } = parseFilter(q.$filter, MESSAGE);
    // Message delta accepts only receivedDateTime ge/gt <DateTimeOffset> (learn.microsoft.com/graph/delta-query-messages).
    if (root.t !== 'cmp' || (root.op !== 'ge' && root.op !== 'gt') || root.l.t !== 'prop' || root.l.path.join('/') !== 'receivedDateTime'
      || root.r.t !== 'lit' || root.r.kind !== 'datetime') {
      throw badRequest('The query filter contains one or more invalid nodes.', 'ErrorInvalidUrlQuery');
    }
    state.rf = { op: root.op, d: root.r.value };
  }
  if (q.$orderby !== undefined && !/^\s*receivedDateTime\s+desc\s*$/i.test(q.$orderby)) {
    throw badRequest('Only $orderby=receivedDateTime desc is supported with message delta.', 'ErrorInvalidUrlQuery');
  }
  if (q.changeType !== undefined) state.ct = changeType(q.changeType);
  if (q.$top !== undefined) state.top = parseTop(q.$top, 10, 1000);
  return state;
}

function changeType(raw: string): DeltaState['ct'] {
  const value = raw.toLowerCase();
  if (value !== 'created' && value !== 'updated' && value !== 'deleted') throw badRequest(`Invalid value '${raw}' for changeType: created, updated or deleted.`);
  return value;
}

function output(ctx: RouteContext, schema: EntitySchema, state: DeltaState, item: Record<string, unknown>): Record<string, unknown> {
  const transform = bodyTransform(ctx);
  const shaped = transform ? transform(item) : item;
  return state.sel ? shaped : defaultsOnly(shaped, schema);
}

/**
 * With graphBehaviour.partialDeltaItems, a message changed since the round's start only in flag-like properties comes
 * back as `id`, those properties and `parentFolderId`, whatever `$select` asked (microsoft-graph-docs#7776).
 */
function partialMessage(ctx: RouteContext, store: Store, state: DeltaState, rec: MessageRec): Record<string, unknown> | undefined {
  if (state.initial || !ctx.core.behaviour.current().partialDeltaItems) return undefined;
  if (rec.arrivalSeq > state.from || (rec.majorSeq ?? rec.arrivalSeq) > state.from) return undefined;
  const json = store.messageJson(rec);
  const changed = Object.entries(rec.minorSeqs ?? {}).filter(([, seq]) => seq > state.from).map(([key]) => key);
  const item: Record<string, unknown> = { '@odata.etag': json['@odata.etag'], id: json.id };
  for (const key of MESSAGE.properties) if (changed.includes(key)) item[key] = json[key];
  item.parentFolderId = json.parentFolderId;
  return item;
}

export function messagesDelta(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const folder = resolveFolder(ctx, ctx.params.folder);
  const key = Store.containerKey('message', folder);
  const state = stateFromToken(ctx, store, key) ?? freshMessageState(ctx, key);
  return deltaPage<MessageRec>(ctx, store, {
    containerKey: key,
    odataType: '#microsoft.graph.message',
    records: () => [...(store.byFolder.get(folder) ?? [])].map((serial) => store.messageRecs.get(serial) as MessageRec),
    seq: (rec) => rec.seq,
    arrivalSeq: (rec) => rec.arrivalSeq,
    received: (rec) => rec.received,
    json: (rec) => output(ctx, MESSAGE, state, store.messageJson(rec)),
    partial: (rec) => partialMessage(ctx, store, state, rec),
    ceiling: () => Math.min(store.seq, store.visibility().firstHiddenSeq - 1),
    context: `${ctx.core.url}/v1.0/$metadata#Collection(message)`,
  }, state);
}

export function contactsDelta(ctx: RouteContext): SandboxResponse {
  const { store } = ctx.mailbox;
  const folder = ctx.params.folder === undefined ? store.defaultContactFolder : resolveContactFolder(ctx, ctx.params.folder);
  const key = Store.containerKey('contact', folder);
  let state = stateFromToken(ctx, store, key);
  if (!state) {
    rejectOptions(ctx, ['$select']);
    state = { c: key, g: 0, from: 0, initial: true, sel: parseSelect(ctx.req.query.$select, CONTACT) };
  }
  const fixed = state;
  return deltaPage<ContactRec>(ctx, store, {
    containerKey: key,
    odataType: '#microsoft.graph.contact',
    records: () => [...store.contactRecs.values()].filter((rec) => rec.folder === folder),
    seq: (rec) => rec.seq,
    arrivalSeq: (rec) => rec.arrivalSeq,
    json: (rec) => output(ctx, CONTACT, fixed, store.contactJson(rec)),
    ceiling: () => store.seq,
    context: `${ctx.core.url}/v1.0/$metadata#Collection(contact)`,
  }, state);
}
