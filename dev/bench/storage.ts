/**
 * `npm run bench:storage`: attachment upload and download through the sandbox's object storage, by a bare `http`
 * pipe (the physical limit), the component's hand-written code and the official client (@elastic.io/maester-client).
 * Each implementation runs in its own process (peak RSS is its own); runs alternate between them, each round
 * starting with another one, so that other work on the machine weighs on all three alike. Then cases that decide
 * more than speed: an upload slower than the client's longest timeout, a source cut off part-way, a storage slow to
 * answer a download. Prints a table, writes bench/storage.json; figures, never verdicts.
 * Options: --sizes 1,20,100 (MB)   --runs 15   --slow 100:4 (MB at MB/s; 0 skips it)   --readme (rewrite README's table)
 */
import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Child, spawnChild } from './ipc';
import type { SandboxInfo } from './sandboxProcess';
import type { Impl, SourceSpec, Transfer } from './storageProcess';

const ROOT = path.resolve(__dirname, '..', '..');
const MB = 1024 * 1024;
const IMPLS: Impl[] = ['bare', 'hand', 'client'];
/** Rounds not counted: the first transfers of a process (and of the sandbox) are slower. */
const WARM_UP_ROUNDS = 3;
const CLIENT_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@elastic.io/maester-client/package.json'), 'utf8')) as { version: string }).version;

interface Options { sizesMb: number[]; runs: number; slow?: { mb: number; mbPerSecond: number }; readme: boolean }

function options(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const [slowMb, slowRate] = (value('--slow') ?? '100:4').split(':').map(Number);
  return {
    sizesMb: (value('--sizes') ?? '1,20,100').split(',').map(Number).filter((n) => n > 0),
    runs: Math.max(1, Number(value('--runs') ?? 15)),
    slow: slowMb > 0 && slowRate > 0 ? { mb: slowMb, mbPerSecond: slowRate } : undefined,
    readme: argv.includes('--readme'),
  };
}

interface Memory { peakRssMb: number; rssMb: number }

export interface ImplFigures { medianMs: number; mbPerSecond: number; cpuMs: number; peakRssMb: number; baseRssMb: number; runsMs: number[]; errors: string[] }

export interface SizeFigures {
  direction: 'upload' | 'download';
  mb: number;
  impls: Record<Impl, ImplFigures>;
  /**
   * The client's time over the hand-written code's, per round (the two ran back to back), median over the rounds:
   * pairing cancels the drift of other work on the machine. Above 1.10 is the issue's "slower by more than 10 %".
   */
  clientOverHand: number;
  /** The middle half of the per-round ratios (25th and 75th percentiles): how much the machine's noise moves them. */
  clientOverHandBand: [number, number];
}

/** The q-quantile by linear interpolation between the closest ranks. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

const median = (values: number[]): number => quantile(values, 0.5);

async function workers(info: SandboxInfo): Promise<Record<Impl, Child>> {
  const out: Partial<Record<Impl, Child>> = {};
  for (const impl of IMPLS) {
    const child = await spawnChild(path.join(__dirname, 'storageProcess.js'));
    await child.call('setup', { uri: info.url, token: info.objectStorageToken });
    out[impl] = child;
  }
  return out as Record<Impl, Child>;
}

/** One size in one direction: a warm-up run each, then `runs` rounds alternating bare, hand-written, client. */
async function measure(sb: Child, info: SandboxInfo, direction: SizeFigures['direction'], mb: number, runs: number): Promise<SizeFigures> {
  const bytes = mb * MB;
  const children = await workers(info);
  try {
    const base: Partial<Record<Impl, Memory>> = {};
    for (const impl of IMPLS) base[impl] = await children[impl].call<Memory>('memory');
    const objectId = direction === 'download' ? await sb.call<string>('putObject', { bytes }) : '';
    const once = async (impl: Impl): Promise<Transfer> => {
      const result = direction === 'upload'
        ? await children[impl].call<Transfer>('upload', { impl, source: { bytes } satisfies SourceSpec })
        : await children[impl].call<Transfer>('download', { impl, objectId, bytes });
      if (direction === 'upload') await sb.call('clearObjects');
      return result;
    };
    const samples: Record<Impl, Transfer[]> = { bare: [], hand: [], client: [] };
    for (let i = 0; i < WARM_UP_ROUNDS; i += 1) {
      for (const impl of IMPLS) await once(impl);
    }
    for (let i = 0; i < runs; i += 1) {
      // Each round starts with another implementation, so none always follows the same one.
      for (let k = 0; k < IMPLS.length; k += 1) {
        const impl = IMPLS[(i + k) % IMPLS.length];
        samples[impl].push(await once(impl));
      }
    }
    await sb.call('clearObjects');
    const impls = {} as Record<Impl, ImplFigures>;
    for (const impl of IMPLS) {
      const memory = await children[impl].call<Memory>('memory');
      const ms = samples[impl].map((s) => s.ms);
      impls[impl] = {
        medianMs: median(ms), mbPerSecond: mb / (median(ms) / 1000), cpuMs: median(samples[impl].map((s) => s.cpuMs)),
        peakRssMb: memory.peakRssMb, baseRssMb: (base[impl] as Memory).rssMb, runsMs: ms,
        errors: samples[impl].flatMap((s) => (s.error ? [s.error] : [])),
      };
    }
    const ratios = samples.client.map((c, i) => c.ms / samples.hand[i].ms);
    return { direction, mb, impls, clientOverHand: median(ratios), clientOverHandBand: [quantile(ratios, 0.25), quantile(ratios, 0.75)] };
  } finally {
    for (const impl of IMPLS) await children[impl].stop();
  }
}

export interface EdgeFigures { case: string; impl: Impl; ms: number; outcome: string }

/** How long the storage waits before answering a download in the last edge case: longer than the client may wait. */
const SLOW_ANSWER_MS = 25_000;

/**
 * Single runs where the outcome, not the speed, differs: an upload slower than the client's longest timeout, a
 * source cut off half-way, and a storage that starts answering a download only after 25 s.
 */
async function edges(sb: Child, info: SandboxInfo, slow: Options['slow']): Promise<EdgeFigures[]> {
  const cases: Array<{ name: string; run: (child: Child, impl: Impl) => Promise<Transfer> }> = [];
  const upload = (source: SourceSpec) => async (child: Child, impl: Impl): Promise<Transfer> => {
    const result = await child.call<Transfer>('upload', { impl, source });
    await sb.call('clearObjects');
    return result;
  };
  if (slow) cases.push({ name: `upload of ${slow.mb} MB arriving at ${slow.mbPerSecond} MB/s`, run: upload({ bytes: slow.mb * MB, bytesPerSecond: slow.mbPerSecond * MB }) });
  cases.push({ name: 'upload, source cut off after 10 of 20 MB', run: upload({ bytes: 20 * MB, failAfter: 10 * MB }) });
  cases.push({
    name: `download of 1 MB, storage answering after ${SLOW_ANSWER_MS / 1000} s`,
    run: async (child, impl) => {
      const objectId = await sb.call<string>('putObject', { bytes: MB });
      await sb.call('delayNextDownload', { delayMs: SLOW_ANSWER_MS });
      return child.call<Transfer>('download', { impl, objectId, bytes: MB });
    },
  });
  const children = await workers(info);
  const out: EdgeFigures[] = [];
  try {
    for (const c of cases) {
      for (const impl of ['hand', 'client'] as const) {
        process.stderr.write(`  ${c.name}, ${impl}…\n`);
        const result = await c.run(children[impl], impl);
        out.push({ case: c.name, impl, ms: result.ms, outcome: result.error ?? (c.name.startsWith('upload') ? 'stored' : 'saved') });
      }
    }
  } finally {
    for (const impl of IMPLS) await children[impl].stop();
    await sb.call('clearObjects');
  }
  return out;
}

const NAMES: Record<Impl, string> = { bare: 'bare http', hand: 'hand-written', client: 'client' };
const fmt = (f: ImplFigures): string => `${f.medianMs < 100 ? f.medianMs.toFixed(1) : Math.round(f.medianMs)} ms (${Math.round(f.mbPerSecond)} MB/s)`;
const rss = (f: ImplFigures): string => `${Math.round(f.peakRssMb)}`;
const cpu = (f: ImplFigures): string => `${Math.round(f.cpuMs)}`;

function table(results: Results): string {
  const { machine } = results;
  const lines = [
    `Measured ${results.date.slice(0, 10)} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, commit ${results.commit.sha.slice(0, 10)}${results.commit.dirty ? ' (plus changes not in that commit)' : ''}; `
      + `@elastic.io/maester-client ${results.clientVersion}; sandbox in a child process; median of ${results.runs} rounds after ${WARM_UP_ROUNDS} not counted; client / hand-written is the median of the per-round ratios (in brackets their middle half).`,
    '',
    '| Transfer | Size | Bare http (limit) | Hand-written | Client | Client / hand-written | CPU ms: bare / hand-written / client | Peak RSS MB: bare / hand-written / client |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of results.sizes) {
    const { bare, hand, client } = s.impls;
    const failed = IMPLS.filter((i) => s.impls[i].errors.length > 0).map((i) => `${NAMES[i]} failed ${s.impls[i].errors.length}×`);
    lines.push(`| ${s.direction} | ${s.mb} MB | ${fmt(bare)} | ${fmt(hand)} | ${fmt(client)} | ${s.clientOverHand.toFixed(2)} (${s.clientOverHandBand.map((r) => r.toFixed(2)).join('–')})${failed.length ? ` (${failed.join(', ')})` : ''} | ${cpu(bare)} / ${cpu(hand)} / ${cpu(client)} | ${rss(bare)} / ${rss(hand)} / ${rss(client)} |`);
  }
  if (results.edges.length) {
    lines.push('', '| Case (one run) | Implementation | Time | Outcome |', '|---|---|---:|---|');
    for (const e of results.edges) lines.push(`| ${e.case} | ${NAMES[e.impl]} | ${(e.ms / 1000).toFixed(1)} s | ${e.outcome.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}

interface Results {
  date: string;
  machine: { cpus: number; cpuModel: string; totalMemoryGb: number; node: string };
  commit: { sha: string; dirty: boolean };
  clientVersion: string;
  runs: number;
  sizes: SizeFigures[];
  edges: EdgeFigures[];
}

function commit(): { sha: string; dirty: boolean } {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    return { sha: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no').length > 0 };
  } catch {
    return { sha: 'unknown', dirty: true };
  }
}

const START = '<!-- bench:storage:start -->';
const END = '<!-- bench:storage:end -->';

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
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', totalMemoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    commit: commit(), clientVersion: CLIENT_VERSION, runs: opts.runs, sizes: [], edges: [],
  };
  process.stderr.write('Object storage benchmarks (figures, not verdicts; other work on this machine makes them noisy)\n');
  const sb = await spawnChild(path.join(__dirname, 'sandboxProcess.js'), ['0', String(Date.UTC(2026, 10, 23, 9))]);
  try {
    const info = await sb.call<SandboxInfo>('info');
    for (const direction of ['upload', 'download'] as const) {
      for (const mb of opts.sizesMb) {
        process.stderr.write(`  ${direction} ${mb} MB…\n`);
        results.sizes.push(await measure(sb, info, direction, mb, opts.runs));
      }
    }
    results.edges = await edges(sb, info, opts.slow);
  } finally {
    await sb.stop();
  }
  const after = commit();
  results.commit.dirty = results.commit.dirty || after.dirty || after.sha !== results.commit.sha;
  mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench', 'storage.json'), `${JSON.stringify(results, null, 2)}\n`);
  const text = table(results);
  process.stdout.write(`\n${text}\n\nWritten to bench/storage.json.\n`);
  if (opts.readme) {
    updateReadme(text);
    process.stdout.write('README.md table updated.\n');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
