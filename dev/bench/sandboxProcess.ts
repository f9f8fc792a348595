/**
 * The sandbox in its own process, so the component's CPU and memory are measured alone. Timestamps come from
 * a fixed manual clock: two sandboxes started with the same arguments hold identical mailboxes.
 * argv: <bulk count> <clock start ms> [demo]
 */
import * as http from 'http';
import { manualClock, startSandbox } from '../sandbox';
import { serve } from './ipc';

/** Response body bytes, counted where the sandbox writes them. */
let bytesSent = 0;
const originalEnd = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function end(this: http.ServerResponse, ...args: unknown[]): http.ServerResponse {
  const chunk = args[0];
  if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) bytesSent += Buffer.byteLength(chunk);
  return Reflect.apply(originalEnd, this, args) as http.ServerResponse;
};

export interface SandboxInfo {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  oauth: Record<string, unknown>;
  messages: number;
  /** The token the sandbox's object storage accepts (`ELASTICIO_OBJECT_STORAGE_TOKEN`). */
  objectStorageToken: string;
}

export interface Since {
  /** Requests per route name since the mark. */
  routes: Record<string, number>;
  requests: number;
  bytes: number;
  cpuMs: number;
  /** Path and query string of every request since the mark, as received, with method, status and JSON body. */
  sent: Array<{ method: string; target: string; status: number; body?: unknown; prefer?: string }>;
}

async function main(): Promise<void> {
  const [count, start, demo] = process.argv.slice(2);
  const clock = manualClock(Number(start));
  const sb = await startSandbox({ seed: 1, demo: demo === 'demo', clock, bulk: Number(count) > 0 ? { folder: 'inbox', count: Number(count) } : undefined });
  let mark = { requests: 0, bytes: 0, cpu: process.cpuUsage() };
  serve({
    info: (): SandboxInfo => ({
      url: sb.url, tenantId: sb.tenantId, clientId: sb.clientId, clientSecret: sb.clientSecret,
      oauth: sb.issueToken(), messages: sb.store.messageCount('inbox'), objectStorageToken: sb.objectStorageToken,
    }),
    mark: () => { mark = { requests: sb.requests.length, bytes: bytesSent, cpu: process.cpuUsage() }; },
    since: (): Since => {
      const recent = sb.requests.slice(mark.requests);
      const routes: Record<string, number> = {};
      for (const r of recent) routes[r.route] = (routes[r.route] ?? 0) + 1;
      const cpu = process.cpuUsage(mark.cpu);
      return {
        routes, requests: recent.length, bytes: bytesSent - mark.bytes, cpuMs: (cpu.user + cpu.system) / 1000,
        sent: recent.map((r) => ({
          method: r.method, status: r.status, body: r.body, prefer: r.headers.prefer,
          target: `${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query).toString()}` : ''}`,
        })),
      };
    },
    /** New mail arriving after the backlog: `advanceMs` later, `count` messages a second apart. */
    add: (args: { count: number; advanceMs: number }) => {
      clock.advance(args.advanceMs);
      for (let i = 0; i < args.count; i += 1) {
        sb.store.addMessage('inbox', { subject: `New message ${i + 1}`, body: { contentType: 'text', content: 'Arrived after the backlog.' } });
        clock.advance(1000);
      }
    },
    peakRssMb: () => process.resourceUsage().maxRSS / 1024,
    /** An object of `bytes` bytes in object storage, for download benchmarks; returns its id. */
    putObject: (args: { bytes: number }) => sb.objects.put(Buffer.alloc(args.bytes, 7), 'application/octet-stream'),
    /** Drops every stored object, so repeated 100 MB uploads do not pile up in the sandbox's memory. */
    clearObjects: () => sb.objects.clear(),
    /** The next object download answers only after `delayMs` (a storage slow to answer). */
    delayNextDownload: (args: { delayMs: number }) => { sb.faults.next({ route: 'objectsGet', delayMs: args.delayMs }); },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
