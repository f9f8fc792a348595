/**
 * `npm run bench:runtime`: readMail drains a large folder of the Graph sandbox through the real sailor; how fast do
 * the messages reach the next step's queue, for mails of about 2, 8 and 20 KB, at the default flow-control limits and
 * with them raised, beside the ceiling those limits set; and the sailor's memory at 2,000 and at N messages.
 * Then the latency of a real-time trigger (webhook-latency): from a change to its data message on the queue.
 * Options: --count N (default 20000), --only <run name>[,<run name>], --out <file> (default bench/runtime-results.json).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startSandbox } from '../sandbox';
import { benchWebhookLatency, LatencyResult } from './benchWebhook';
import { COMPONENT_ROOT, Runtime, Step, startRuntime } from './harness';

interface BenchRun {
  name: string;
  description: string;
  env: Record<string, string>;
  /** Text body of each mail, in bytes (the mail's JSON is about 1.6 KB more). */
  bodyBytes: number;
  /** Messages per second the flow-control limits allow. */
  ceiling: number;
  /** A smaller drain, for the memory comparison (default: --count). */
  count?: number;
}

const RAISED = { ELASTICIO_DATA_RATE_LIMIT: '1000', ELASTICIO_RATE_INTERVAL: '100' };
const SIZES = [{ label: '2KB', bodyBytes: 500 }, { label: '8KB', bodyBytes: 6_500 }, { label: '20KB', bodyBytes: 18_500 }];
const RUNS: BenchRun[] = [
  ...SIZES.map((size) => ({
    name: `default-${size.label}`, description: `default limits (10 data messages per 100 ms), mails of ~${size.label}`, env: {}, bodyBytes: size.bodyBytes, ceiling: 100,
  })),
  ...SIZES.map((size) => ({
    name: `raised-${size.label}`, description: `ELASTICIO_DATA_RATE_LIMIT=1000, ELASTICIO_RATE_INTERVAL=100, mails of ~${size.label}`, env: RAISED,
    bodyBytes: size.bodyBytes, ceiling: 10_000,
  })),
  { name: 'default-2KB-small', description: 'default limits, mails of ~2KB, 2,000 of them (memory comparison)', env: {}, bodyBytes: 500, ceiling: 100, count: 2_000 },
  {
    name: 'raised+nodelay-2KB',
    description: 'raised, plus TCP_NODELAY forced on the sailor\'s sockets (diagnostic: not how the platform runs)',
    env: { ...RAISED, NODE_OPTIONS: `--require ${path.join(__dirname, 'preload', 'noDelay.js')}` }, bodyBytes: 500, ceiling: 10_000,
  },
];
/** A drain that delivers nothing for this long has stalled. */
const STALL_MS = 60_000;

export interface RunResult {
  name: string;
  description: string;
  /** Messages per second the flow-control limits allow, and the steady rate as a fraction of it. */
  ceiling: number;
  ofCeiling: number;
  messages: number;
  distinctIds: number;
  errors: number;
  seconds: number;
  messagesPerSecond: number;
  /** From the first delivered message to the last: the rate once paging is under way. */
  steadyMessagesPerSecond: number;
  firstMessageMs: number;
  snapshots: number;
  graphPages: number;
  meanWireBytes: number;
  sailorPeakRssMb: number;
  sailorCpuSeconds: number;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function benchOne(runtime: Runtime, run: BenchRun, count: number): Promise<RunResult> {
  const sandbox = await startSandbox({ seed: 1, demo: false, bulk: { folder: 'inbox', count, bodyBytes: run.bodyBytes } });
  try {
    const step = await runtime.step({
      function: 'readMail',
      fields: { folderId: sandbox.store.folderId('inbox') },
      account: { tenantId: sandbox.tenantId, oauth: sandbox.issueToken() },
      env: {
        MSGRAPH_BASE_URL: sandbox.url, MSAPP_AUTHORITY_HOST: sandbox.url,
        MSAPP_CLIENT_ID: sandbox.clientId, MSAPP_CLIENT_SECRET: sandbox.clientSecret, ...run.env,
      },
      // The platform's default level: debug logging would cost the sailor a few lines per message.
      logLevel: 'info',
    });
    const started = Date.now();
    step.publish({});
    await drained(step, run.name, count);
    const result = measure(step, run, started);
    result.graphPages = sandbox.counters().listMessages ?? 0;
    await step.close();
    return result;
  } finally {
    await sandbox.stop();
  }
}

/** Waits for `count` data messages and the snapshot saved after the last page (a real execution's end). */
async function drained(step: Step, name: string, count: number): Promise<void> {
  const queues = step.queues;
  let dataCount = 0;
  let progressAt = Date.now();
  let failure: string | undefined;
  queues.onOutput((o) => {
    progressAt = Date.now();
    if (o.kind === 'data') dataCount += 1;
    if (o.kind === 'error') failure ??= JSON.stringify(o.body).slice(0, 500);
  });
  while (dataCount < count) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (failure) throw new Error(`${name}: the execution failed after ${dataCount} messages: ${failure}`);
    if (Date.now() - progressAt > STALL_MS) throw new Error(`${name}: no output for ${STALL_MS / 1000} s after ${dataCount} messages:\n${step.sailor.tail(20)}`);
    if (!step.sailor.running) throw new Error(`${name}: the sailor exited:\n${step.sailor.tail(20)}`);
  }
  const lastAt = Date.now();
  await queues.waitUntil(() => queues.outputs.some((o) => o.kind === 'snapshot' && o.receivedAt >= lastAt - 1000), 30_000, 'the final snapshot');
}

function measure(step: Step, run: BenchRun, started: number): RunResult {
  const outputs = step.queues.outputs;
  const data = outputs.filter((o) => o.kind === 'data');
  const first = data[0];
  const last = data[data.length - 1];
  step.sailor.sampleMemory();
  const steady = round((data.length - 1) / Math.max(0.001, (last.receivedAt - first.receivedAt) / 1000), 1);
  return {
    name: run.name,
    description: run.description,
    ceiling: run.ceiling,
    ofCeiling: round(Math.min(steady, run.ceiling) / run.ceiling, 2),
    messages: data.length,
    distinctIds: new Set(data.map((o) => String((o.body as { body?: { id?: unknown } }).body?.id))).size,
    errors: outputs.filter((o) => o.kind === 'error').length,
    seconds: round((last.receivedAt - started) / 1000, 2),
    messagesPerSecond: round(data.length / ((last.receivedAt - started) / 1000), 1),
    steadyMessagesPerSecond: steady,
    firstMessageMs: first.receivedAt - started,
    snapshots: outputs.filter((o) => o.kind === 'snapshot').length,
    graphPages: 0,
    meanWireBytes: Math.round(data.reduce((sum, o) => sum + o.size, 0) / data.length),
    sailorPeakRssMb: round(step.sailor.peakRssKb / 1024, 1),
    sailorCpuSeconds: round(step.sailor.cpuSeconds, 1),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function table(results: RunResult[]): string {
  const header = ['run', 'messages', 'distinct', 'errors', 'seconds', 'msg/s', 'steady msg/s', 'ceiling', 'of ceiling', 'first msg ms', 'bytes/msg', 'peak RSS MB', 'sailor CPU s'];
  const rows = results.map((r) => [r.name, r.messages, r.distinctIds, r.errors, r.seconds, r.messagesPerSecond, r.steadyMessagesPerSecond,
    r.ceiling, r.ofCeiling, r.firstMessageMs, r.meanWireBytes, r.sailorPeakRssMb, r.sailorCpuSeconds].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function previous(file: string): { runs: RunResult[]; webhookLatency?: LatencyResult } {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { runs?: RunResult[]; webhookLatency?: LatencyResult };
    return { runs: Array.isArray(json.runs) ? json.runs : [], webhookLatency: json.webhookLatency };
  } catch {
    return { runs: [] };
  }
}

async function main(): Promise<void> {
  const count = Number(option('count') ?? 20_000);
  const only = option('only');
  const out = option('out') ?? path.join(COMPONENT_ROOT, 'bench', 'runtime-results.json');
  const runs = RUNS.filter((r) => !only || only.split(',').includes(r.name));
  const runtime = await startRuntime();
  const results: RunResult[] = [];
  let latency: LatencyResult | undefined;
  try {
    for (const run of runs) {
      process.stderr.write(`${run.name}: draining ${run.count ?? count} messages (${run.description})…\n`);
      results.push(await benchOne(runtime, run, run.count ?? count));
    }
    if (!only || only.split(',').includes('webhook-latency')) {
      process.stderr.write('webhook-latency: 300 mails at 10/s through New Message (real-time)…\n');
      latency = await benchWebhookLatency(runtime, 300, 10);
    }
  } finally {
    await runtime.close();
  }
  // A partial run (--only) keeps the other runs' figures of the file it updates.
  const earlier = previous(out);
  const kept = earlier.runs.filter((r) => !results.some((n) => n.name === r.name));
  const report = {
    benchmark: 'readMail drain through elasticio-sailor-nodejs 2.7.8 over RabbitMQ (messages delivered to the next step\'s queue)',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version },
    count,
    runs: [...kept, ...results],
    webhookLatency: latency ?? earlier.webhookLatency,
  };
  process.stdout.write(`${table(results)}\n`);
  if (latency) {
    process.stdout.write(`\n${latency.description}: ${latency.emitted} emitted (${latency.distinct} distinct); latency p50 ${latency.p50Ms} ms, `
      + `p95 ${latency.p95Ms} ms, max ${latency.maxMs} ms (the sandbox batches notifications for ${latency.batchDelayMs} ms; `
      + 'Graph documents under 1 minute on average and up to 3 minutes for mail)\n');
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`written to ${path.relative(process.cwd(), out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
