/**
 * `npm run bench`: drain throughput against the bare page-fetch loop, memory, incremental polls, per-action
 * overhead and cold start. The sandbox runs in a child process of its own and the component in another, so each
 * side's CPU time and peak RSS are its own. Prints a table and writes bench/results.json; figures, never verdicts.
 * Options: --backlogs 10000,100000   --repeat N (action executions, default 200)   --readme (rewrite the table in README.md)
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Child, spawnChild } from './ipc';
import type { RunResult, ScriptedRequest } from './componentProcess';
import type { SandboxInfo, Since } from './sandboxProcess';
import { MODULE_PATHS } from '../../lib/functions/registry';

const ROOT = path.resolve(__dirname, '..', '..');
/** The compiled module of a function, where component.json's `main` points. */
const lib = (key: string): string => path.join(ROOT, MODULE_PATHS[key]);
/** Bulk timestamps end at the clock's start; the same start gives two sandboxes identical mailboxes. */
/** A V8 old-space cap under which the drain must still complete: memory bounded by the page, not the backlog. */
const HEAP_CAP_MB = 32;
const CLOCK_START = Date.UTC(2026, 10, 23, 9, 0, 0);

interface Options { backlogs: number[]; repeat: number; readme: boolean; rounds: number }

function options(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    backlogs: (value('--backlogs') ?? '10000,100000').split(',').map(Number).filter((n) => n > 0),
    repeat: Number(value('--repeat') ?? 200),
    rounds: Math.max(1, Number(value('--rounds') ?? 3)),
    readme: argv.includes('--readme'),
  };
}

async function pair<T>(sandboxArgs: string[], work: (sb: Child, component: Child) => Promise<T>, nodeOptions: string[] = []): Promise<T> {
  const sb = await spawnChild(path.join(__dirname, 'sandboxProcess.js'), sandboxArgs);
  const component = await spawnChild(path.join(__dirname, 'componentProcess.js'), [], nodeOptions);
  try {
    await component.call('setup', await sb.call<SandboxInfo>('info'));
    return await work(sb, component);
  } finally {
    await component.stop();
    await sb.stop();
  }
}

interface Memory { peakRssMb: number; rssMb: number; heapUsedMb: number }

export interface DrainFigures {
  mode: string;
  backlog: number;
  component: { ms: number; cpuMs: number; messagesPerSecond: number; peakRssMb: number; baseRssMb: number; heapAfterGcMb: number; emitted: number };
  bare: { ms: number; cpuMs: number; messagesPerSecond: number; peakRssMb: number; items: number };
  /** Component throughput as a fraction of the bare loop's on the same requests (the median round). */
  ratio: number;
  /** The lowest and highest ratio of the rounds. */
  ratioRange: [number, number];
  requests: number;
  requestsPer1000: number;
  bytesPerMessage: number;
  sandboxCpuMs: number;
  sandboxPeakRssMb: number;
  incremental?: { newMessages: number; emitted: number; requests: number; ms: number; bytes: number; sandboxCpuMs: number };
  /** The same drain again with the old space capped at HEAP_CAP_MB. */
  capped: { heapCapMb: number; completed: boolean; emitted: number; peakRssMb: number; error?: string };
}

const GETS = (since: Since): ScriptedRequest[] => since.sent.filter((r) => r.method === 'GET' && r.target.startsWith('/v1.0/'));

/** Messages of the warm-up execution before a measured drain (two pages). */
const WARM_UP = 2000;

interface Measured {
  run: RunResult; since: Since; warmUp: ScriptedRequest[]; base: Memory; memory: Memory; incremental: DrainFigures['incremental']; sandboxPeak: number;
}
interface Bare { replay: { ms: number[]; cpuMs: number; items: number }; memory: Memory }

async function measuredDrain(args: string[], fields: Record<string, unknown>, backlog: number): Promise<Measured> {
  return pair(args, async (sb, component) => {
    // A warm-up execution of WARM_UP messages first, its snapshot thrown away: a container's first poll also loads
    // and compiles the modules it uses, which is start-up cost (reported under Cold start), not throughput. The bare
    // loop warms up on the same requests.
    await sb.call('mark');
    const warm = await component.call<RunResult>('trigger', { module: lib('readMail'), fields: { ...fields, maxMessages: WARM_UP } });
    if (warm.error) throw new Error(`warm-up failed: ${warm.error}`);
    const warmUp = GETS(await sb.call<Since>('since'));
    const base = await component.call<Memory>('memory');
    await sb.call('mark');
    const run = await component.call<RunResult>('trigger', { module: lib('readMail'), fields });
    const since = await sb.call<Since>('since');
    const memory = await component.call<Memory>('memory');
    if (run.error) throw new Error(`drain failed: ${run.error}`);
    let incremental: DrainFigures['incremental'];
    if (backlog >= 100_000) {
      await sb.call('add', { count: 10, advanceMs: 60_000 });
      await sb.call('mark');
      const next = await component.call<RunResult>('trigger', { module: lib('readMail'), fields, snapshot: run.snapshot });
      const after = await sb.call<Since>('since');
      if (next.error) throw new Error(`incremental poll failed: ${next.error}`);
      incremental = { newMessages: 10, emitted: next.emitted, requests: after.requests, ms: next.ms, bytes: after.bytes, sandboxCpuMs: after.cpuMs };
    }
    return { run, since, warmUp, base, memory, incremental, sandboxPeak: await sb.call<number>('peakRssMb') };
  });
}

async function bareDrain(args: string[], measured: Measured): Promise<Bare> {
  const { since, warmUp } = measured;
  return pair(args, async (sb, component) => {
    // The component's warm-up requests: both sides and both sandboxes have done the same work before the measured one.
    await component.call('replay', { requests: warmUp, times: 1 });
    await sb.call('mark');
    const replay = await component.call<Bare['replay']>('replay', { requests: GETS(since), times: 1 });
    return { replay, memory: await component.call<Memory>('memory') };
  });
}

async function drain(backlog: number, mode: 'lastModifiedDateTime' | 'delta', rounds: number): Promise<DrainFigures> {
  const fields = { folderId: 'inbox', pollingMode: mode };
  const args = [String(backlog), String(CLOCK_START)];
  process.stderr.write(`  drain ${backlog} (${mode}):`);
  // Rounds alternate the component and the bare loop, so that other work on the machine falls on both; the round
  // with the median ratio is reported, with the range of the ratios.
  const tried: Array<{ measured: Measured; bare: Bare; ratio: number }> = [];
  for (let round = 0; round < rounds; round += 1) {
    process.stderr.write(` component…`);
    const measured = await measuredDrain(args, fields, backlog);
    process.stderr.write(' bare loop…');
    const bare = await bareDrain(args, measured);
    tried.push({ measured, bare, ratio: (measured.run.emitted / measured.run.ms) / (backlog / bare.replay.ms[0]) });
  }
  const ordered = [...tried].sort((a, b) => a.ratio - b.ratio);
  const { measured, bare } = ordered[Math.floor((ordered.length - 1) / 2)];
  const ratioRange: [number, number] = [ordered[0].ratio, ordered[ordered.length - 1].ratio];
  process.stderr.write(` capped heap (${HEAP_CAP_MB} MB)…`);
  const capped = await pair(args, async (_sb, component) => {
    const result = await component.call<RunResult>('trigger', { module: lib('readMail'), fields });
    return { result, memory: await component.call<Memory>('memory') };
  }, [`--max-old-space-size=${HEAP_CAP_MB}`]).catch((err: unknown) => ({ result: { ms: 0, cpuMs: 0, emitted: 0, error: String(err) }, memory: { peakRssMb: 0, rssMb: 0, heapUsedMb: 0 } }));
  process.stderr.write(' done\n');
  const { run, since } = measured;
  const requests = GETS(since).length;
  const bareMs = bare.replay.ms[0];
  return {
    mode, backlog,
    component: {
      ms: run.ms, cpuMs: run.cpuMs, messagesPerSecond: run.emitted / (run.ms / 1000), peakRssMb: measured.memory.peakRssMb,
      baseRssMb: measured.base.rssMb, heapAfterGcMb: measured.memory.heapUsedMb, emitted: run.emitted,
    },
    bare: { ms: bareMs, cpuMs: bare.replay.cpuMs, messagesPerSecond: backlog / (bareMs / 1000), peakRssMb: bare.memory.peakRssMb, items: bare.replay.items },
    ratio: (run.emitted / run.ms) / (backlog / bareMs),
    ratioRange,
    requests,
    requestsPer1000: (requests / backlog) * 1000,
    bytesPerMessage: since.bytes / backlog,
    sandboxCpuMs: since.cpuMs,
    sandboxPeakRssMb: measured.sandboxPeak,
    incremental: measured.incremental,
    capped: {
      heapCapMb: HEAP_CAP_MB, completed: !capped.result.error && capped.result.emitted === backlog, emitted: capped.result.emitted,
      peakRssMb: capped.memory.peakRssMb, error: capped.result.error,
    },
  };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export interface ActionFigures {
  action: string;
  requests: string[];
  component: { medianMs: number; p90Ms: number };
  bare: { medianMs: number; p90Ms: number };
  overheadMs: number;
  errors: number;
}

const TOMORROW = new Date(CLOCK_START + 86_400_000).toISOString().slice(0, 10);
const ACTIONS: Array<{ key: string; body: Record<string, unknown> }> = [
  { key: 'sendMail', body: { to: 'alex.wilber@contoso.onmicrosoft.com', subject: 'Benchmark', body: 'One short paragraph of text.' } },
  { key: 'createEvent', body: { subject: 'Benchmark', start: `${TOMORROW}T09:00:00`, end: `${TOMORROW}T09:30:00`, timeZone: 'Europe/Berlin', attendees: 'alex.wilber@contoso.onmicrosoft.com' } },
  { key: 'getMessages', body: { folder: 'inbox', maxResults: 10 } },
];

async function actions(repeat: number): Promise<ActionFigures[]> {
  return pair(['0', String(CLOCK_START), 'demo'], async (sb, component) => {
    const out: ActionFigures[] = [];
    for (const { key, body } of ACTIONS) {
      process.stderr.write(`  action ${key}…`);
      const module = lib(key);
      await component.call('action', { module, body, times: 20 });
      await sb.call('mark');
      await component.call('action', { module, body, times: 1 });
      const script = (await sb.call<Since>('since')).sent.filter((r) => r.target.startsWith('/v1.0/'));
      const measured = await component.call<{ ms: number[]; errors: string[] }>('action', { module, body, times: repeat });
      const failed = script.find((r) => r.status >= 400);
      if (failed || measured.errors.length > 0) {
        process.stderr.write(` failed (${failed ? `${failed.method} ${failed.target} answered ${failed.status}` : measured.errors[0]})\n`);
        continue;
      }
      const bare = await component.call<{ ms: number[] }>('replay', { requests: script, times: repeat });
      const figures: ActionFigures = {
        action: key,
        requests: script.map((r) => `${r.method} ${r.target.split('?')[0]}`),
        component: { medianMs: quantile(measured.ms, 0.5), p90Ms: quantile(measured.ms, 0.9) },
        bare: { medianMs: quantile(bare.ms, 0.5), p90Ms: quantile(bare.ms, 0.9) },
        overheadMs: quantile(measured.ms, 0.5) - quantile(bare.ms, 0.5),
        errors: measured.errors.length,
      };
      out.push(figures);
      process.stderr.write(' done\n');
    }
    return out;
  });
}

/** Milliseconds to require a function's module in a fresh process (median of five). */
function coldStart(): Array<{ module: string; medianMs: number }> {
  const modules = ['readMail', 'getContacts', 'sendMail', 'createEvent', 'getMessages'];
  return modules.map((name) => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const script = `const t=process.hrtime.bigint();require(${JSON.stringify(lib(name))});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
      const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`loading ${name} failed: ${result.stderr}`);
      samples.push(Number(result.stdout));
    }
    return { module: name, medianMs: quantile(samples, 0.5) };
  });
}

function commit(): { sha: string; dirty: boolean } {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return { sha: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no').length > 0 };
  } catch {
    return { sha: 'unknown', dirty: true };
  }
}

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const n1 = (x: number): string => x.toFixed(1);
const n2 = (x: number): string => x.toFixed(2);

function table(results: Results): string {
  const lines: string[] = [];
  const { machine } = results;
  lines.push(`Measured ${results.date.slice(0, 10)} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, commit ${results.commit.sha.slice(0, 10)}${results.commit.dirty ? ' (plus changes not in that commit)' : ''}; sandbox in a child process.`);
  lines.push('');
  lines.push(`| Drain (one execution, median of ${results.rounds} rounds) | Backlog | Component msg/s | Bare loop msg/s | Component / bare (range) | Requests per 1,000 msgs | Bytes per msg | Component CPU µs/msg |`);
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const d of results.drain) {
    lines.push(`| readMail, ${d.mode} | ${n0(d.backlog)} | ${n0(d.component.messagesPerSecond)} | ${n0(d.bare.messagesPerSecond)} | ${n2(d.ratio)} (${n2(d.ratioRange[0])}–${n2(d.ratioRange[1])}) `
      + `| ${n1(d.requestsPer1000)} | ${n0(d.bytesPerMessage)} | ${n0((d.component.cpuMs * 1000) / d.backlog)} |`);
  }
  lines.push('');
  lines.push(`| Memory of the drain | Backlog | Peak RSS component | Peak RSS, old space capped at ${HEAP_CAP_MB} MB | Heap after the drain (after GC) | Peak RSS bare loop |`);
  lines.push('|---|---:|---:|---:|---:|---:|');
  for (const d of results.drain) {
    const capped = d.capped.completed ? `${n0(d.capped.peakRssMb)} MB` : `did not complete (${d.capped.emitted} emitted)`;
    lines.push(`| readMail, ${d.mode} | ${n0(d.backlog)} | ${n0(d.component.peakRssMb)} MB | ${capped} | ${n1(d.component.heapAfterGcMb)} MB | ${n0(d.bare.peakRssMb)} MB |`);
  }
  const incremental = results.drain.filter((d) => d.incremental);
  if (incremental.length) {
    lines.push('');
    lines.push('| Incremental poll after the drain | Backlog | New messages | Emitted | Requests | Time (of which sandbox CPU) | Bytes received |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const d of incremental) {
      const inc = d.incremental as NonNullable<DrainFigures['incremental']>;
      lines.push(`| readMail, ${d.mode} | ${n0(d.backlog)} | ${inc.newMessages} | ${inc.emitted} | ${inc.requests} | ${n1(inc.ms)} ms (${n1(inc.sandboxCpuMs)} ms) | ${n0(inc.bytes)} |`);
    }
  }
  lines.push('');
  lines.push(`| Action (median of ${results.repeat}) | Requests per execution | Component | Bare requests | Overhead | p90 component (bare) |`);
  lines.push('|---|---|---:|---:|---:|---:|');
  for (const a of results.actions) {
    lines.push(`| ${a.action} | ${a.requests.join(', ')} | ${n2(a.component.medianMs)} ms | ${n2(a.bare.medianMs)} ms | ${n2(a.overheadMs)} ms | ${n2(a.component.p90Ms)} ms (${n2(a.bare.p90Ms)} ms) |`);
  }
  lines.push('');
  lines.push(`Cold start (require in a fresh process, median of 5): ${results.coldStart.map((c) => `${c.module} ${n0(c.medianMs)} ms`).join(', ')}.`);
  return lines.join('\n');
}

interface Results {
  date: string;
  machine: { cpus: number; cpuModel: string; totalMemoryGb: number; node: string; platform: string; arch: string };
  commit: { sha: string; dirty: boolean };
  sandbox: string;
  repeat: number;
  rounds: number;
  drain: DrainFigures[];
  actions: ActionFigures[];
  coldStart: Array<{ module: string; medianMs: number }>;
}

const START = '<!-- bench:table:start -->';
const END = '<!-- bench:table:end -->';

function updateReadme(text: string): void {
  const file = path.join(ROOT, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} block to update`);
  writeFileSync(file, `${readme.slice(0, from + START.length)}\n${text}\n${readme.slice(to)}`);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const cpus = os.cpus();
  const results: Results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', totalMemoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: os.platform(), arch: os.arch() },
    commit: commit(),
    sandbox: 'child process (dev/bench/sandboxProcess.ts); the component runs in another child process',
    repeat: opts.repeat,
    rounds: opts.rounds,
    drain: [],
    actions: [],
    coldStart: [],
  };
  process.stderr.write('Benchmarks (figures, not verdicts; other work on this machine makes them noisy)\n');
  for (const mode of ['lastModifiedDateTime', 'delta'] as const) {
    for (const backlog of opts.backlogs) results.drain.push(await drain(backlog, mode, opts.rounds));
  }
  results.actions = await actions(opts.repeat);
  process.stderr.write('  cold start…\n');
  results.coldStart = coldStart();
  // Other work may change the tree during the run: the figures are of a clean commit only if it was clean throughout.
  const after = commit();
  results.commit.dirty = results.commit.dirty || after.dirty || after.sha !== results.commit.sha;
  mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const text = table(results);
  process.stdout.write(`\n${text}\n\nWritten to bench/results.json.\n`);
  if (opts.readme) {
    updateReadme(text);
    process.stdout.write('README.md table updated.\n');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
