/**
 * Delta rounds over one container (mail folder, contact folder, calendar). Every change has a sequence number; a
 * round returns the items changed in (from, to] plus tombstones of items deleted or moved out, paged by keyset on
 * the sequence number. Tokens are opaque base64 of that state plus a generation; expired generations answer 410.
 */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, SandboxResponse } from '../http/router';
import type { Store, Tombstone } from '../store/Store';
import type { DateValue } from './filter';
import { selectFields, selfLink } from './query';

export interface DeltaState {
  /** container key, e.g. `m12` */
  c: string;
  g: number;
  from: number;
  to?: number;
  after?: number;
  initial: boolean;
  sel?: string[];
  /** receivedDateTime filter: op and date */
  rf?: { op: 'ge' | 'gt'; d: DateValue };
  ct?: 'created' | 'updated' | 'deleted';
  /** `$top` on the first request: Graph ends the round after one page (see dev/sandbox/CONTRACT.md). */
  top?: number;
}

export interface DeltaSource<R> {
  containerKey: string;
  odataType: string;
  /** Records in the container. */
  records(): Iterable<R>;
  seq(rec: R): number;
  arrivalSeq(rec: R): number;
  /** Epoch seconds and fraction of the received time, for the `receivedDateTime` filter (messages only). */
  received?(rec: R): number;
  json(rec: R): Record<string, unknown>;
  /** A partial item that replaces the full one as is (no `$select`), or undefined for the full item. */
  partial?(rec: R): Record<string, unknown> | undefined;
  /** Highest sequence number a round may include now (items still invisible hold the round back). */
  ceiling(): number;
  context: string;
}

export const DEFAULT_DELTA_PAGE = 10;

export function encodeToken(state: DeltaState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeToken(token: string): DeltaState | undefined {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
    return typeof state === 'object' && state !== null && typeof state.c === 'string' && typeof state.g === 'number' ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `$skiptoken`/`$deltatoken`; 410 SyncStateNotFound when its generation has expired. */
export function stateFromToken(ctx: RouteContext, store: Store, containerKey: string): DeltaState | undefined {
  const token = ctx.req.query.$skiptoken ?? ctx.req.query.$deltatoken;
  if (token === undefined) return undefined;
  const state = decodeToken(token);
  if (!state || state.c !== containerKey) throw badRequest('The delta or skip token is not valid for this collection.', 'ErrorInvalidUrlQuery');
  const highest = store.expiredGeneration(containerKey, state.g);
  if (highest !== undefined) {
    throw new GraphHttpError(410, 'SyncStateNotFound', `The sync state generation is not found; generation=${state.g};[highest=${highest}][${highest}][${highest - 1}][${highest - 2}].`);
  }
  return state;
}

export function pageSize(ctx: RouteContext): number {
  const raw = ctx.prefer.get('odata.maxpagesize');
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 1) return DEFAULT_DELTA_PAGE;
  const size = Math.min(Number(raw), 1000);
  ctx.applied.push(`odata.maxpagesize=${size}`);
  return size;
}

function compareReceived(ms: number, d: DateValue): number {
  const sec = Math.floor(ms / 1000);
  const scale = 10 ** (7 - d.digits);
  const frac = Math.floor(((ms % 1000) * 10_000) / scale) * scale;
  return sec - d.sec || frac - d.frac;
}

type Entry<R> = { seq: number; rec?: R; tomb?: Tombstone };

const roundCache = new WeakMap<Store, Array<{ key: string; entries: unknown[] }>>();

/** Every change of the round (from, to], sorted by sequence number; cached while the store is unchanged. */
function roundEntries<R>(store: Store, source: DeltaSource<R>, state: DeltaState, to: number): Entry<R>[] {
  const key = `${source.containerKey}|${state.from}|${to}|${JSON.stringify(state.rf ?? null)}|${state.ct ?? ''}|${state.initial}|${store.seq}`;
  const cache = roundCache.get(store) ?? [];
  const hit = cache.find((c) => c.key === key);
  if (hit) return hit.entries as Entry<R>[];
  const entries: Entry<R>[] = [];
  if (state.ct !== 'deleted' || state.initial) {
    for (const rec of source.records()) {
      const seq = source.seq(rec);
      if (seq > to || seq <= state.from) continue;
      if (state.rf && source.received) {
        const c = compareReceived(source.received(rec), state.rf.d);
        if (state.rf.op === 'ge' ? c < 0 : c <= 0) continue;
      }
      if (!state.initial && state.ct) {
        const created = source.arrivalSeq(rec) > state.from;
        if ((state.ct === 'created') !== created) continue;
      }
      if (state.initial && state.ct === 'deleted') continue;
      entries.push({ seq, rec });
    }
  }
  if (!state.initial && (state.ct === undefined || state.ct === 'deleted')) {
    for (const tomb of store.tombstones(source.containerKey)) {
      if (tomb.seq <= to && tomb.seq > state.from) entries.push({ seq: tomb.seq, tomb });
    }
  }
  entries.sort((a, b) => a.seq - b.seq);
  cache.unshift({ key, entries });
  cache.length = Math.min(cache.length, 4);
  roundCache.set(store, cache);
  return entries;
}

export function deltaPage<R>(ctx: RouteContext, store: Store, source: DeltaSource<R>, state: DeltaState): SandboxResponse {
  const size = state.top ?? pageSize(ctx);
  const to = state.to ?? source.ceiling();
  const after = state.after ?? state.from;
  const entries = roundEntries(store, source, state, to);
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid].seq <= after) lo = mid + 1; else hi = mid;
  }
  const page = entries.slice(lo, lo + size);
  const value = page.map((e) => e.tomb
    ? { '@odata.type': source.odataType, id: e.tomb.id, '@removed': { reason: 'deleted' } }
    : { '@odata.type': source.odataType, ...(source.partial?.(e.rec as R) ?? selectFields(source.json(e.rec as R), state.sel)) });
  const body: Record<string, unknown> = { '@odata.context': source.context, value };
  const generation = store.nextGeneration(source.containerKey);
  const more = lo + page.length < entries.length && state.top === undefined;
  if (more) {
    const next: DeltaState = { ...state, g: generation, to, after: page[page.length - 1].seq };
    body['@odata.nextLink'] = selfLink(ctx, ['$skiptoken', '$deltatoken', '$select', '$filter', '$orderby', '$top', 'changeType'], [['$skiptoken', encodeToken(next)]]);
  } else {
    const next: DeltaState = { c: state.c, g: generation, from: to, initial: false, sel: state.sel, rf: state.rf, ct: state.ct };
    body['@odata.deltaLink'] = selfLink(ctx, ['$skiptoken', '$deltatoken', '$select', '$filter', '$orderby', '$top', 'changeType'], [['$deltatoken', encodeToken(next)]]);
  }
  return { status: 200, json: body };
}
