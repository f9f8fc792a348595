/**
 * calendarView: the instances (single events and occurrences of series) overlapping a window, as a list and as delta
 * rounds. A delta round pages by keyset on (change number, instance id), since one change of a series yields many
 * occurrences; the window travels inside the tokens, as Graph's do.
 */
import { badRequest } from '../http/errors';
import type { RouteContext, SandboxResponse } from '../http/router';
import { DeltaState, encodeToken, pageSize, stateFromToken } from '../odata/delta';
import { walk } from '../odata/filter';
import { listCollection, selfLink } from '../odata/query';
import { EVENT } from '../store/schema';
import { EventRec, Props, Store } from '../store/Store';
import { Instance, Zone, instanceJson, instancesIn, outputZone } from './events';
import { UTC_ZONE, parseDateTime } from './timeZones';

const EVENT_TYPE = '#microsoft.graph.event';
/** Graph does not return these on calendarView when they are $selected (see dev/sandbox/CONTRACT.md, calendarView). */
const UNSELECTABLE = ['createdDateTime', 'lastModifiedDateTime'];

function queryValue(ctx: RouteContext, name: string): string | undefined {
  const key = Object.keys(ctx.req.query).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : ctx.req.query[key];
}

/** `startDateTime`/`endDateTime`: both required; an offset in the value counts, UTC when there is none. */
export function viewWindow(ctx: RouteContext): [number, number] {
  const start = queryValue(ctx, 'startDateTime');
  const end = queryValue(ctx, 'endDateTime');
  if (start === undefined || end === undefined || start === '' || end === '') {
    throw badRequest('This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.', 'ErrorInvalidParameter');
  }
  const [from, to] = [start, end].map((text, i) => {
    const parsed = parseDateTime(text);
    if (!parsed) throw badRequest(`The value '${text}' of parameter '${i ? 'EndDateTime' : 'StartDateTime'}' is invalid.`, 'ErrorInvalidParameter');
    return parsed.wall - (parsed.offsetMs ?? 0);
  });
  if (to < from) throw badRequest('The EndDateTime must not be earlier than the StartDateTime.', 'ErrorInvalidParameter');
  return [from, to];
}

export function calendarRecs(store: Store, calendar: number): EventRec[] {
  return [...store.eventRecs.values()].filter((r) => r.calendar === calendar);
}

function instancesOf(store: Store, calendar: number, [from, to]: [number, number]): Instance[] {
  return calendarRecs(store, calendar).flatMap((rec) => instancesIn(rec, from, to))
    .sort((a, b) => a.start - b.start || a.rec.serial - b.rec.serial);
}

export function listInstances(ctx: RouteContext, instances: Instance[], context: string): SandboxResponse {
  const { store } = ctx.mailbox;
  const zone = outputZone(ctx);
  const response = listCollection<Instance>(ctx, {
    schema: EVENT,
    records: () => instances,
    value: (inst, path) => walk(instanceJson(store, inst, UTC_ZONE), path),
    json: (inst) => instanceJson(store, inst, zone),
    defaultTop: 10,
    maxTop: 1000,
    context,
  });
  const select = Object.entries(ctx.req.query).find(([k]) => k.toLowerCase() === '$select')?.[1];
  if (select !== undefined) {
    for (const item of (response.json as { value: Props[] }).value) {
      for (const key of UNSELECTABLE) delete item[key];
    }
  }
  return response;
}

export function calendarView(ctx: RouteContext, calendar: number, context: string): SandboxResponse {
  return listInstances(ctx, instancesOf(ctx.mailbox.store, calendar, viewWindow(ctx)), context);
}

// ---- delta -----------------------------------------------------------------------------------------------------------

interface ViewState extends DeltaState { w: [number, number]; ak?: string }
interface Entry { seq: number; id: string; item: Props }

function removed(id: string): Props {
  return { '@odata.type': EVENT_TYPE, id, '@removed': { reason: 'deleted' } };
}

/** Changes in (from, to]: instances in the window, `@removed` for deleted events and for changed ones now outside it. */
function entries(store: Store, calendar: number, state: ViewState, to: number, zone: Zone): Entry[] {
  const out: Entry[] = [];
  for (const rec of calendarRecs(store, calendar)) {
    if (rec.seq <= state.from || rec.seq > to) continue;
    const insts = instancesIn(rec, state.w[0], state.w[1], { withCancelled: !state.initial });
    for (const inst of insts) {
      const json = instanceJson(store, inst, zone);
      const item = inst.cancelled ? removed(json.id as string) : { '@odata.type': EVENT_TYPE, ...json };
      out.push({ seq: rec.seq, id: json.id as string, item });
    }
    if (!insts.some((i) => !i.cancelled) && !state.initial) out.push({ seq: rec.seq, id: store.idOf('event', rec.serial), item: removed(store.idOf('event', rec.serial)) });
  }
  if (!state.initial) {
    for (const tomb of store.tombstones(state.c)) {
      if (tomb.seq > state.from && tomb.seq <= to) out.push({ seq: tomb.seq, id: tomb.id, item: removed(tomb.id) });
    }
  }
  const after = state.after ?? 0;
  return out.filter((e) => e.seq > after || (e.seq === after && state.ak !== undefined && e.id > state.ak))
    .sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function freshState(ctx: RouteContext, key: string): ViewState {
  for (const name of Object.keys(ctx.req.query)) {
    if (name.startsWith('$')) throw badRequest(`Query option '${name}' is not supported with calendarView delta.`, 'ErrorInvalidUrlQuery');
  }
  return { c: key, g: 0, from: 0, initial: true, w: viewWindow(ctx) };
}

export function calendarViewDelta(ctx: RouteContext, calendar: number): SandboxResponse {
  const { store } = ctx.mailbox;
  const key = Store.containerKey('event', calendar);
  const state = (stateFromToken(ctx, store, key) as ViewState | undefined) ?? freshState(ctx, key);
  const size = pageSize(ctx);
  const to = state.to ?? store.seq;
  const all = entries(store, calendar, state, to, outputZone(ctx));
  const page = all.slice(0, size);
  const body: Props = { '@odata.context': `${ctx.core.url}/v1.0/$metadata#Collection(event)`, value: page.map((e) => e.item) };
  const generation = store.nextGeneration(key);
  const drop = ['$skiptoken', '$deltatoken', 'startDateTime', 'endDateTime'];
  if (all.length > page.length) {
    const last = page[page.length - 1];
    const next: ViewState = { ...state, g: generation, to, after: last.seq, ak: last.id };
    body['@odata.nextLink'] = selfLink(ctx, drop, [['$skiptoken', encodeToken(next)]]);
  } else {
    const next: ViewState = { c: key, g: generation, from: to, initial: false, w: state.w };
    body['@odata.deltaLink'] = selfLink(ctx, drop, [['$deltatoken', encodeToken(next)]]);
  }
  return { status: 200, json: body };
}
