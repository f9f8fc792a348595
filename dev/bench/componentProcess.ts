/**
 * The component side of a benchmark, in its own process: runs a trigger or an action against the sandbox
 * process, or (the physical limit) replays the same HTTP requests with a bare keep-alive client and parses them.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import { serve } from './ipc';
import type { SandboxInfo } from './sandboxProcess';

interface Context {
  emit(event: string, data?: unknown): Promise<void>;
  logger: Record<'debug' | 'info' | 'warn' | 'error', (message: string) => void>;
}

type ProcessFn = (this: Context, msg: { id: string; body: Record<string, unknown>; headers: Record<string, unknown>; attachments: Record<string, unknown> }, cfg: unknown, snapshot: unknown) => Promise<unknown>;

let info: SandboxInfo | undefined;
const agent = new http.Agent({ keepAlive: true });

function sandbox(): SandboxInfo {
  if (!info) throw new Error('setup first');
  return info;
}

function load(path: string): ProcessFn {
  const module = require(path) as { process: ProcessFn };
  return module.process;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** A context that counts what it is given and keeps only the last snapshot, like a sailor with nowhere slow to publish. */
function countingContext(): { ctx: Context; counts: { data: number; items: number; errors: string[] }; snapshot: { value: unknown } } {
  const counts = { data: 0, items: 0, errors: [] as string[] };
  const snapshot = { value: undefined as unknown };
  const ctx: Context = {
    async emit(event, data) {
      if (event === 'data') {
        counts.data += 1;
        const results = (data as { body?: { results?: unknown[] } }).body?.results;
        counts.items += Array.isArray(results) ? results.length : 1;
      } else if (event === 'snapshot') {
        snapshot.value = data;
      } else if (event === 'error') {
        counts.errors.push(String((data as Error).message));
      }
    },
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m) => { counts.errors.push(m); } },
  };
  return { ctx, counts, snapshot };
}

export interface RunResult {
  ms: number;
  cpuMs: number;
  emitted: number;
  snapshot?: unknown;
  error?: string;
}

async function runTrigger(args: { module: string; fields: Record<string, unknown>; snapshot?: unknown }): Promise<RunResult> {
  const fn = load(args.module);
  const { ctx, counts, snapshot } = countingContext();
  const cfg = { tenantId: sandbox().tenantId, oauth: sandbox().oauth, ...args.fields };
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let error: string | undefined;
  try {
    await fn.call(ctx, { id: 'tick', body: {}, headers: {}, attachments: {} }, cfg, args.snapshot ?? {});
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: cpuMs(cpu), emitted: counts.items, snapshot: snapshot.value ?? args.snapshot, error };
}

/** Executions of one action, timed one by one (ms each). */
async function runAction(args: { module: string; fields?: Record<string, unknown>; body: Record<string, unknown>; times: number }): Promise<{ ms: number[]; errors: string[] }> {
  const fn = load(args.module);
  const ms: number[] = [];
  const errors: string[] = [];
  const cfg = { tenantId: sandbox().tenantId, oauth: sandbox().oauth, ...args.fields };
  for (let i = 0; i < args.times; i += 1) {
    const { ctx, counts } = countingContext();
    const started = process.hrtime.bigint();
    try {
      // A new id each time: Send Mail recognises a message id it has sent before (a redelivery) and sends nothing.
      const result = await fn.call(ctx, { id: randomUUID(), body: structuredClone(args.body), headers: {}, attachments: {} }, cfg, {});
      if (result) await ctx.emit('data', result);
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    errors.push(...counts.errors);
  }
  return { ms, errors };
}

export interface ScriptedRequest { method: string; target: string; body?: unknown; prefer?: string }

function send(req: ScriptedRequest): Promise<{ status: number; text: string }> {
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
  const headers: Record<string, string> = { Authorization: `Bearer ${String(sandbox().oauth.access_token)}`, Accept: 'application/json' };
  if (payload) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = String(payload.length); }
  if (req.prefer) headers.Prefer = req.prefer;
  return new Promise((resolve, reject) => {
    const r = http.request(`${sandbox().url}${req.target}`, { method: req.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(payload);
  });
}

/** The bare loop: the same requests, each answer parsed; counts the items of collection pages. */
async function replay(args: { requests: ScriptedRequest[]; times: number }): Promise<{ ms: number[]; cpuMs: number; items: number }> {
  const ms: number[] = [];
  let items = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < args.times; i += 1) {
    const started = process.hrtime.bigint();
    for (const req of args.requests) {
      const { status, text } = await send(req);
      if (status >= 400) throw new Error(`${req.method} ${req.target} answered ${status}`);
      const json = text ? JSON.parse(text) as { value?: unknown[] } : {};
      if (Array.isArray(json.value)) items += json.value.length;
    }
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ms, cpuMs: cpuMs(cpu), items };
}

serve({
  setup: (args: SandboxInfo) => {
    info = args;
    process.env.MSGRAPH_BASE_URL = args.url;
    process.env.MSAPP_AUTHORITY_HOST = args.url;
    process.env.MSAPP_CLIENT_ID = args.clientId;
    process.env.MSAPP_CLIENT_SECRET = args.clientSecret;
  },
  trigger: runTrigger,
  action: runAction,
  replay,
  memory: () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    return { peakRssMb: process.resourceUsage().maxRSS / 1024, rssMb: process.memoryUsage().rss / 2 ** 20, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 };
  },
});
