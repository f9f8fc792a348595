/**
 * JSON `$batch` (learn.microsoft.com/graph/json-batching): up to 20 requests, each run through the normal pipeline with the outer
 * token, so auth, faults and route counters apply per item. Independent items run at most 4 at a time, `dependsOn`
 * chains in order; responses come back in a seeded shuffled order, to be matched by id.
 */
import { innerErrorDate } from '../clock';
import type { FaultDecision } from '../faults';
import { GraphHttpError, badRequest, errorFor } from '../http/errors';
import type { SandboxRequest } from '../http/request';
import { Router } from '../http/router';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { Prng } from '../random';
import { modules } from './index';

const MAX_REQUESTS = 20;
const CONCURRENCY = 4;
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const KEPT_HEADERS = ['content-type', 'location', 'retry-after', 'preference-applied', 'etag', 'www-authenticate'];

interface Item { id: string; method: string; url: string; headers: Record<string, string>; body?: unknown; dependsOn: string[] }
interface Inner { id: string; status: number; headers: Record<string, string>; body?: unknown }

let router: Router | undefined;
/** Built on first use: `routes/index.ts` lists this module, so the list is not complete while this file loads. */
function routes(): Router {
  router ??= new Router(modules);
  return router;
}

function malformed(detail: string): GraphHttpError {
  return badRequest(`Invalid batch payload format: ${detail}`, 'BadRequest');
}

function parseItem(raw: unknown): Item {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw malformed('every request must be an object.');
  const r = raw as Record<string, unknown>;
  const id = typeof r.id === 'number' ? String(r.id) : r.id;
  if (typeof id !== 'string' || id === '') throw malformed("every request needs an 'id'.");
  if (typeof r.method !== 'string' || typeof r.url !== 'string') throw malformed(`request '${id}' needs a 'method' and a 'url'.`);
  const headers = r.headers ?? {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
    throw malformed(`the headers of request '${id}' must be an object of strings.`);
  }
  const dependsOn = r.dependsOn ?? [];
  if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string' && typeof d !== 'number')) throw malformed(`'dependsOn' of request '${id}' must be a list of ids.`);
  return { id, method: r.method.toUpperCase(), url: r.url, headers: headers as Record<string, string>, body: r.body, dependsOn: dependsOn.map(String) };
}

function parseItems(body: Record<string, unknown>): Item[] {
  const { requests } = body;
  if (!Array.isArray(requests)) throw malformed("the body needs a 'requests' array.");
  if (!requests.length) throw malformed('the batch holds no requests.');
  if (requests.length > MAX_REQUESTS) throw badRequest(`The number of requests in a batch (${requests.length}) exceeds the limit of ${MAX_REQUESTS}.`, 'BadRequest');
  const items = requests.map(parseItem);
  const ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) throw badRequest(`Batch request ids must be unique; '${item.id}' appears more than once.`, 'BadRequest');
    ids.add(item.id);
  }
  for (const item of items) {
    const unknown = item.dependsOn.find((d) => !ids.has(d));
    if (unknown !== undefined) throw badRequest(`Request '${item.id}' depends on '${unknown}', which is not in the batch.`, 'BadRequest');
  }
  checkCycles(items);
  return items;
}

function checkCycles(items: Item[]): void {
  const byId = new Map(items.map((i) => [i.id, i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw badRequest(`The dependsOn of request '${id}' forms a cycle.`, 'BadRequest');
    state.set(id, 'visiting');
    for (const d of (byId.get(id) as Item).dependsOn) visit(d);
    state.set(id, 'done');
  };
  items.forEach((i) => visit(i.id));
}

function envelope(ctx: RouteContext, id: string, status: number, code: string, message: string, req?: SandboxRequest): Inner {
  const requestId = req?.requestId ?? ctx.req.requestId;
  return {
    id, status, headers: { 'Content-Type': 'application/json' },
    body: { error: { code, message, innerError: { date: innerErrorDate(ctx.core.clock.now()), 'request-id': requestId, 'client-request-id': req?.clientRequestId ?? requestId } } },
  };
}

function header(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

/** The item's body bytes: JSON as JSON, anything else sent base64-encoded as Graph expects. */
function bodyOf(item: Item): Buffer | string {
  if (item.body === undefined || item.body === null) return Buffer.alloc(0);
  const type = header(item.headers, 'content-type');
  if (type === undefined) return 'The Content-Type header is required when the request has a body.';
  if (/json/i.test(type)) return Buffer.from(JSON.stringify(item.body));
  if (typeof item.body !== 'string') return `The body of a '${type}' request must be a base64-encoded string.`;
  return Buffer.from(item.body, 'base64');
}

function innerFrom(id: string, res: SandboxResponse): Inner {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) if (KEPT_HEADERS.includes(k.toLowerCase())) headers[k] = v;
  let body: unknown = res.json;
  if (body === undefined && res.raw !== undefined) {
    const buf = Buffer.isBuffer(res.raw) ? res.raw : Buffer.from(res.raw, 'utf8');
    // Non-JSON bodies travel base64-encoded inside the JSON batch response.
    if (buf.length) body = /json/i.test(header(headers, 'content-type') ?? '') ? JSON.parse(buf.toString('utf8')) : buf.toString('base64');
  }
  return { id, status: res.status, headers, ...(body !== undefined ? { body } : {}) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function dispatch(ctx: RouteContext, item: Item, inFlight: number): Promise<Inner> {
  if (!METHODS.includes(item.method)) return envelope(ctx, item.id, 400, 'BadRequest', `The HTTP method '${item.method}' is not supported in a batch.`);
  if (/^[a-z]+:/i.test(item.url)) return envelope(ctx, item.id, 400, 'BadRequest', 'Invalid request URL: batch URLs are relative to the version, e.g. /me/messages.');
  const body = bodyOf(item);
  if (typeof body === 'string') return envelope(ctx, item.id, 400, 'BadRequest', body);
  const headers = { ...item.headers, ...(ctx.req.headers.authorization ? { authorization: ctx.req.headers.authorization } : {}) };
  let req: SandboxRequest;
  try {
    req = ctx.core.request({ method: item.method, url: item.url, headers, body });
  } catch (err) {
    if (err instanceof GraphHttpError) return envelope(ctx, item.id, err.status, err.code, err.message);
    throw err;
  }
  const match = routes().match(req.method, req.segments, req.rawSegments);
  if (match.kind === 'match' && match.match.route.name === 'batch') return envelope(ctx, item.id, 400, 'BadRequest', 'A batch cannot contain another batch.', req);
  const decision: FaultDecision = match.kind === 'match'
    ? ctx.core.faults.decide(match.match.route.name, match.match.route.faultClass ?? 'graph', inFlight) : { kind: 'none', delayMs: 0 };
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  // There is no socket to reset inside a batch: a reset before processing answers 503, after processing 504.
  if (decision.kind === 'reset-before') return innerFrom(item.id, await ctx.core.dispatch(req, { fault: { kind: 'status', delayMs: 0, error: errorFor(503) } }));
  const res = await ctx.core.dispatch(req, { fault: decision.kind === 'status' ? decision : undefined });
  if (decision.kind === 'reset-after' || decision.kind === 'hang-after') return envelope(ctx, item.id, 504, 'GatewayTimeout', 'The gateway did not receive a response in time.', req);
  return innerFrom(item.id, res);
}

async function run(ctx: RouteContext, items: Item[]): Promise<Inner[]> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const started = new Map<string, Promise<Inner>>();
  let active = 0;
  const waiting: Array<() => void> = [];
  const slot = async <T>(work: (inFlight: number) => Promise<T>): Promise<T> => {
    if (active >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await work(active);
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
  const start = (id: string): Promise<Inner> => {
    let p = started.get(id);
    if (!p) {
      const item = byId.get(id) as Item;
      p = Promise.all(item.dependsOn.map(start)).then((deps) => (deps.some((d) => d.status < 200 || d.status >= 300)
        ? envelope(ctx, id, 424, 'FailedDependency', 'The request was not run because a request it depends on failed.')
        : slot((inFlight) => dispatch(ctx, item, inFlight))));
      started.set(id, p);
    }
    return p;
  };
  return Promise.all(items.map((i) => start(i.id)));
}

async function batch(ctx: RouteContext): Promise<SandboxResponse> {
  const items = parseItems(ctx.json());
  const responses = await run(ctx, items);
  const prng = ctx.core.state('batch', () => new Prng(ctx.core.seed ^ 0xba7c4));
  for (let i = responses.length - 1; i > 0; i -= 1) {
    const j = prng.int(i + 1);
    [responses[i], responses[j]] = [responses[j], responses[i]];
  }
  return { status: 200, json: { responses } };
}

export const batchRoutes: RouteModule = {
  name: 'batch',
  routes: [{ name: 'batch', method: 'POST', path: '$batch', scope: 'graph', handler: batch }],
};
