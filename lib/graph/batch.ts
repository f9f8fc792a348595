/**
 * JSON batching (learn.microsoft.com/graph/json-batching): any number of requests sent as `$batch` calls of at most
 * 20, dependency chains kept in one call, results matched by id and returned in input order. A request Graph
 * throttled inside a successful batch (429, or 503 where a repeat is harmless) is sent again on its own after its
 * Retry-After, with the requests that failed only because they depended on it; nothing else is repeated.
 */
import type { GraphClient } from './GraphClient';
import { RawTargetError, rawTarget } from './rawTarget';
import type { Method } from './types';

export const MAX_BATCH = 20;
const MAX_ROUNDS = 4;
const MAX_WAIT_MS = 60_000;

export interface BatchRequest {
  id: string;
  method: Method;
  /** Relative to the version root, e.g. `/me/messages?$top=5`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export interface BatchResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A request list that cannot be sent as given; `problem` names the request. */
export class BatchShapeError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'BatchShapeError';
  }
}

/** Checks ids, dependencies (known, acyclic) and urls, and normalises each url; throws BatchShapeError. */
export function checkBatch(requests: BatchRequest[], origin: string): BatchRequest[] {
  const ids = new Set<string>();
  for (const r of requests) {
    if (ids.has(r.id)) throw new BatchShapeError(`request id "${r.id}" is used twice`);
    ids.add(r.id);
  }
  const byId = new Map(requests.map((r) => [r.id, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new BatchShapeError(`requests ${[...path, id].join(' → ')} depend on each other in a cycle`);
    state.set(id, 'visiting');
    for (const d of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(d)) throw new BatchShapeError(`request "${id}" depends on "${d}", which is not in the list`);
      visit(d, [...path, id]);
    }
    state.set(id, 'done');
  };
  for (const r of requests) visit(r.id, []);
  return requests.map((r) => {
    let target;
    try {
      target = rawTarget(r.url, 'v1.0', origin);
    } catch (err) {
      if (err instanceof RawTargetError) throw new BatchShapeError(`request "${r.id}": its url ${err.problem}`);
      throw err;
    }
    const query = new URLSearchParams(target.query).toString();
    return { ...r, url: `${target.path}${query ? `?${query}` : ''}` };
  });
}

/** Groups of requests that must share a call: each request with everything it depends on or that depends on it. */
function groups(requests: BatchRequest[]): BatchRequest[][] {
  const parent = new Map(requests.map((r) => [r.id, r.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(id, root);
    return root;
  };
  for (const r of requests) for (const d of r.dependsOn ?? []) parent.set(find(r.id), find(d));
  const out = new Map<string, BatchRequest[]>();
  for (const r of requests) {
    const root = find(r.id);
    out.set(root, [...(out.get(root) ?? []), r]);
  }
  return [...out.values()];
}

/** Calls of at most 20 requests, in input order, a dependency group never split (refused when larger than 20). */
export function planBatches(requests: BatchRequest[]): BatchRequest[][] {
  const calls: BatchRequest[][] = [];
  for (const group of groups(requests)) {
    if (group.length > MAX_BATCH) {
      throw new BatchShapeError(`requests ${group.map((r) => `"${r.id}"`).slice(0, 5).join(', ')}… depend on each other in a chain of ${group.length}; `
        + `one $batch call holds at most ${MAX_BATCH}, so such a chain cannot be kept together`);
    }
    const call = calls.find((c) => c.length + group.length <= MAX_BATCH);
    if (call) call.push(...group); else calls.push([...group]);
  }
  // Each call keeps the input order of its requests.
  const order = new Map(requests.map((r, i) => [r.id, i]));
  for (const c of calls) c.sort((a, b) => (order.get(a.id) as number) - (order.get(b.id) as number));
  return calls;
}

interface Inner { id: string; status: number; headers?: Record<string, string>; body?: unknown }

function retryAfterMs(headers: Record<string, string> | undefined): number {
  const value = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_WAIT_MS) : 1000;
}

/** Not processed, so safe to send again: a 429 always; a 503 only for a request whose repeat is harmless. */
function throttled(r: BatchRequest, inner: Inner): boolean {
  return inner.status === 429 || (inner.status === 503 && r.method !== 'POST');
}

/** Immutable ids as on every other call, JSON labelled as such (Graph requires Content-Type with a body), then the user's. */
function innerHeaders(r: BatchRequest): Record<string, string> {
  const given = Object.keys(r.headers ?? {}).map((k) => k.toLowerCase());
  return {
    ...(given.includes('prefer') ? {} : { Prefer: 'IdType="ImmutableId"' }),
    ...(r.body !== undefined && !given.includes('content-type') ? { 'Content-Type': typeof r.body === 'string' ? 'text/plain' : 'application/json' } : {}),
    ...r.headers,
  };
}

async function call(client: GraphClient, requests: BatchRequest[]): Promise<Map<string, Inner>> {
  const ids = new Set(requests.map((r) => r.id));
  const body = {
    requests: requests.map((r) => ({
      id: r.id, method: r.method, url: r.url,
      headers: innerHeaders(r),
      ...(r.body !== undefined ? { body: r.body } : {}),
      // A dependency that is not in this call (it succeeded in an earlier one) is no longer waited for.
      ...(r.dependsOn?.some((d) => ids.has(d)) ? { dependsOn: r.dependsOn.filter((d) => ids.has(d)) } : {}),
    })),
  };
  // $batch is a POST: the transport never repeats it after an uncertain outcome (timeout, reset, 5xx).
  const { data } = await client.request<{ responses?: Inner[] }>({ method: 'POST', path: '/$batch', body });
  const answers = new Map((data?.responses ?? []).map((r) => [String(r.id), r]));
  for (const r of requests) {
    if (!answers.has(r.id)) answers.set(r.id, { id: r.id, status: 0, body: { error: { code: 'NoResponse', message: 'Graph returned no response for this request' } } });
  }
  return answers;
}

export interface BatchLog { info(message: string): void }

/** Sends the requests (checked with checkBatch) and returns one result per request, in input order. */
export async function sendBatch(client: GraphClient, requests: BatchRequest[], o: { log?: BatchLog; sleep?: (ms: number) => Promise<void> } = {}): Promise<BatchResult[]> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const results = new Map<string, Inner>();
  const calls = planBatches(requests);
  for (const [i, requestsOfCall] of calls.entries()) {
    let pending = requestsOfCall;
    for (let round = 1; pending.length > 0; round += 1) {
      const answers = await call(client, pending);
      for (const [id, answer] of answers) results.set(id, answer);
      const again = new Set(pending.filter((r) => throttled(r, answers.get(r.id) as Inner)).map((r) => r.id));
      // Requests that failed only because a throttled one did (424) go again with it.
      let grew = true;
      while (grew) {
        grew = false;
        for (const r of pending) {
          if (!again.has(r.id) && answers.get(r.id)?.status === 424 && (r.dependsOn ?? []).some((d) => again.has(d))) { again.add(r.id); grew = true; }
        }
      }
      if (again.size === 0 || round >= MAX_ROUNDS) break;
      const wait = Math.max(...[...again].map((id) => retryAfterMs(answers.get(id)?.headers)));
      o.log?.info(`Batch call ${i + 1}/${calls.length}: ${again.size} request(s) throttled; sending them again in ${wait} ms (round ${round + 1})`);
      await sleep(wait);
      pending = pending.filter((r) => again.has(r.id));
    }
  }
  return requests.map((r) => {
    const a = results.get(r.id) as Inner;
    return { id: r.id, status: a.status, headers: a.headers ?? {}, body: a.body ?? null };
  });
}
