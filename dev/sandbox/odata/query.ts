/** Collection queries: `$filter`, `$orderby`, `$top`, `$skip`, `$select`, `$count`, `$search`, and Graph-style nextLinks. */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, SandboxResponse } from '../http/router';
import type { EntitySchema } from '../store/schema';
import { ParsedFilter, collate, evaluate, parseFilter } from './filter';

export interface OrderKey { path: string[]; desc: boolean }

export interface Collection<R> {
  schema: EntitySchema;
  /** Candidate records (container and visibility already applied). */
  records(): R[];
  /** A property value for filtering and sorting; `path[0]` is canonical. */
  value(rec: R, path: string[]): unknown;
  /** Full JSON of a record. */
  json(rec: R): Record<string, unknown>;
  /** When given, filtered and sorted results are cached per owner under this key (it must change whenever the data does). */
  cache?: { owner: object; key: string };
  /** Order without `$orderby`. */
  defaultOrder?: (a: R, b: R) => number;
  /** Messages: `$orderby` properties must lead `$filter` in the same order. */
  inefficientFilterRule?: boolean;
  defaultTop: number;
  maxTop: number;
  /** Text search for `$search`; absent = `$search` unsupported. */
  search?: (rec: R, terms: string[]) => boolean;
  /** Refuses what this collection cannot filter on (beyond the schema), with Graph's answer. */
  validateFilter?: (filter: ParsedFilter) => void;
  /** Extra query options this collection accepts (e.g. `includeHiddenFolders`). */
  extraOptions?: string[];
  /** Post-processing of each output item (e.g. body content type). */
  transform?: (item: Record<string, unknown>) => Record<string, unknown>;
  /** `@odata.context` value. */
  context: string;
}

const SYSTEM_OPTIONS = new Set(['$filter', '$orderby', '$top', '$skip', '$select', '$count', '$search', '$expand', '$format', '$skiptoken']);

interface CacheEntry { key: string; records: unknown[] }
const CACHE_SIZE = 8;
const caches = new WeakMap<object, CacheEntry[]>();

export function parseTop(raw: string | undefined, defaultTop: number, maxTop: number): number {
  if (raw === undefined) return defaultTop;
  if (!/^\d+$/.test(raw.trim())) throw badRequest(`Invalid value '${raw}' for $top: an integer is expected.`);
  const top = Number(raw);
  if (top < 1 || top > maxTop) throw badRequest(`The value of $top must be between 1 and ${maxTop}; it was ${raw}.`, 'ErrorInvalidArgument');
  return top;
}

export function parseSkip(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d+$/.test(raw.trim())) throw badRequest(`Invalid value '${raw}' for $skip: a non-negative integer is expected.`);
  return Number(raw);
}

/** `$select` → canonical names (id is always returned); unknown names are a 400 like Graph's. */
export function parseSelect(raw: string | undefined, schema: EntitySchema): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '').map((name) => {
    const canonical = schema.canonical.get(name.toLowerCase());
    if (!canonical || schema.navigation?.has(canonical)) throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${schema.type}'.`, 'RequestBroker--ParseUri');
    return canonical;
  });
}

export function parseOrderBy(raw: string | undefined, schema: EntitySchema): OrderKey[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part) => {
    const m = /^\s*([\w/@.]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) throw badRequest(`Invalid $orderby clause '${part.trim()}'.`);
    const [head, ...rest] = m[1].split('/');
    const canonical = schema.canonical.get(head.toLowerCase());
    if (!canonical) throw badRequest(`Could not find a property named '${head}' on type 'microsoft.graph.${schema.type}'.`);
    if (['body', 'uniqueBody', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo', 'categories', 'attendees', 'emailAddresses'].includes(canonical) && rest.length === 0) {
      throw badRequest(`The $orderby property '${canonical}' is not sortable.`);
    }
    return { path: [canonical, ...rest], desc: (m[2] ?? 'asc').toLowerCase() === 'desc' };
  });
}

/**
 * Graph's rule for messages: every `$orderby` property must also be in `$filter`, in the same order, before any
 * other `$filter` property (https://learn.microsoft.com/graph/api/user-list-messages).
 */
export function checkInefficientFilter(filter: ParsedFilter, order: OrderKey[]): void {
  const ok = order.every((key, i) => filter.properties[i]?.toLowerCase() === key.path.join('/').toLowerCase());
  if (!ok) throw new GraphHttpError(400, 'InefficientFilter', 'The restriction or sort order is too complex for this operation.');
}

/** `$select`ed properties plus `@odata.type`/`@odata.etag`/`id`; without `$select`, the schema's default set. */
export function selectFields(item: Record<string, unknown>, select: string[] | undefined, schema?: EntitySchema): Record<string, unknown> {
  if (!select) {
    if (!schema) return item;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(item)) if (key.startsWith('@odata') || schema.defaults.includes(key)) out[key] = item[key];
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of ['@odata.type', '@odata.etag', 'id']) if (item[key] !== undefined) out[key] = item[key];
  for (const key of select) if (key in item) out[key] = item[key];
  return out;
}

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'string' && typeof b === 'string') return collate(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collate(String(a), String(b));
}

function rejectUnknownOptions(ctx: RouteContext, allowed: Set<string>): void {
  for (const key of Object.keys(ctx.req.query)) {
    if (!key.startsWith('$')) continue;
    if (!SYSTEM_OPTIONS.has(key.toLowerCase())) throw badRequest(`Query option '${key}' is not supported.`);
    if (!allowed.has(key.toLowerCase())) throw badRequest(`Query option '${key}' is not allowed for this request.`);
  }
}

/**
 * Parses `$search="a b"` into lower-case terms (all must match): the outer quotes and their escapes are removed, `AND`
 * and parentheses are dropped (all terms must match anyway), `prop:value` terms are kept whole for the collection.
 */
function searchTerms(raw: string): string[] {
  let text = raw.trim();
  const quoted = /^"([\s\S]*)"$/.exec(text);
  if (quoted) text = quoted[1].replace(/\\(["\\])/g, '$1');
  return text.replace(/[()]/g, ' ').split(/\s+/).map((t) => t.replace(/^"|"$/g, '').toLowerCase()).filter((t) => t !== '' && t !== 'and');
}

/** The current request's URL on the sandbox host, with every query option kept except those in `drop`, plus `extra`. */
export function selfLink(ctx: RouteContext, drop: string[], extra: Array<[string, string]>): string {
  const dropped = new Set(drop.map((d) => d.toLowerCase()));
  const kept = ctx.req.rawQuery.filter(([k]) => !dropped.has(decodeURIComponent(k.replace(/\+/g, ' ')).toLowerCase()));
  const pairs = [...kept, ...extra].map(([k, v]) => `${k}=${v}`);
  return `${ctx.core.url}${ctx.req.rawPath}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

export function listCollection<R>(ctx: RouteContext, c: Collection<R>): SandboxResponse {
  const q = ctx.req.query;
  const lower = Object.fromEntries(Object.entries(q).map(([k, v]) => [k.toLowerCase(), v]));
  rejectUnknownOptions(ctx, new Set(['$filter', '$orderby', '$top', '$skip', '$select', '$count', ...(c.search ? ['$search'] : [])]));
  const top = parseTop(lower.$top, c.defaultTop, c.maxTop);
  const skip = parseSkip(lower.$skip);
  const select = parseSelect(lower.$select, c.schema);
  const filter = lower.$filter !== undefined ? parseFilter(lower.$filter, c.schema) : undefined;
  const order = parseOrderBy(lower.$orderby, c.schema);
  const search = lower.$search !== undefined ? searchTerms(lower.$search) : undefined;
  if (search && (filter || order.length)) {
    throw badRequest(`The query parameter '${filter ? '$filter' : '$orderby'}' is not supported with '$search'.`, 'ErrorInvalidUrlQuery');
  }
  if (filter && c.validateFilter) c.validateFilter(filter);
  if (c.inefficientFilterRule && filter && order.length) checkInefficientFilter(filter, order);
  const all = results(c, filter, order, search, `${lower.$filter ?? ''}|${lower.$orderby ?? ''}|${lower.$search ?? ''}`);
  const page = all.slice(skip, skip + top);
  const body: Record<string, unknown> = { '@odata.context': c.context };
  if ((lower.$count ?? '').toLowerCase() === 'true') body['@odata.count'] = all.length;
  body.value = page.map((rec) => {
    const item = c.json(rec);
    return selectFields(c.transform ? c.transform(item) : item, select, c.schema);
  });
  if (skip + top < all.length) body['@odata.nextLink'] = selfLink(ctx, ['$skip'], [['$skip', String(skip + top)]]);
  return { status: 200, json: body };
}

function results<R>(c: Collection<R>, filter: ParsedFilter | undefined, order: { path: string[]; desc: boolean }[], search: string[] | undefined, text: string): R[] {
  const cacheKey = c.cache ? `${c.schema.type}#${c.cache.key}#${text}` : undefined;
  const owner = c.cache?.owner ?? c.schema;
  const cache = caches.get(owner) ?? [];
  if (cacheKey) {
    const hit = cache.find((e) => e.key === cacheKey);
    if (hit) return hit.records as R[];
  }
  let recs = c.records();
  if (filter) recs = recs.filter((rec) => evaluate(filter.root, (path) => c.value(rec, path)));
  if (search && c.search) {
    const match = c.search;
    recs = recs.filter((rec) => match(rec, search));
  }
  if (order.length) {
    recs = recs.map((rec, i) => ({ rec, i, keys: order.map((k) => c.value(rec, k.path)) }))
      .sort((a, b) => {
        for (let k = 0; k < order.length; k += 1) {
          const d = compareValues(a.keys[k], b.keys[k]);
          if (d !== 0) return order[k].desc ? -d : d;
        }
        return a.i - b.i;
      })
      .map((x) => x.rec);
  } else if (c.defaultOrder) {
    recs = [...recs].sort(c.defaultOrder);
  }
  if (cacheKey) {
    cache.unshift({ key: cacheKey, records: recs });
    cache.length = Math.min(cache.length, CACHE_SIZE);
    caches.set(owner, cache);
  }
  return recs;
}

