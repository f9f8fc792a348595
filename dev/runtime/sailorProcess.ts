/** A sailor child process (run.js or runService.js from node_modules), its log, its acks and its peak memory. */
import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as readline from 'readline';

export const SAILOR_DIR = path.join('node_modules', 'elasticio-sailor-nodejs');
const LOG_LIMIT = 20_000;
const MEMORY_SAMPLE_MS = 200;

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** The bunyan record when the line is JSON. */
  record?: Record<string, unknown>;
}

export interface SailorProcessOptions {
  script: 'run.js' | 'runService.js';
  args?: string[];
  /** The complete environment: the platform starts containers with a clean one. */
  env: Record<string, string>;
  /** Component root (the container's working directory). */
  cwd: string;
  /** Lines are also written to the parent's stderr (debugging the harness). */
  echo?: boolean;
}

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

/** Sailors still running when the harness process exits are killed: they would otherwise keep consuming. */
const living = new Set<ChildProcess>();
process.once('exit', () => { for (const child of living) child.kill('SIGKILL'); });

export class SailorProcess {
  readonly logs: LogLine[] = [];
  acks = 0;
  rejects = 0;
  /** Peak resident set size (VmHWM) in KiB, sampled while the process lives. */
  peakRssKb = 0;
  /** User + system CPU time in seconds, as last sampled. */
  cpuSeconds = 0;
  readonly exited: Promise<Exit>;
  private exit?: Exit;
  private initEnded = false;
  private readonly listeners = new Set<() => void>();
  private readonly child: ChildProcess;
  private readonly sampler: NodeJS.Timeout;

  constructor(private readonly options: SailorProcessOptions) {
    this.child = spawn(process.execPath, [path.join(SAILOR_DIR, options.script), ...(options.args ?? [])], {
      cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    living.add(this.child);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      living.delete(this.child);
      this.exit = { code, signal };
      clearInterval(this.sampler);
      this.changed();
      resolve(this.exit);
    }));
    // run.js reports its start-up over IPC when it has a parent channel (SAILOR lib/ipc.js).
    this.child.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as { event?: unknown }).event === 'init:ended') { this.initEnded = true; this.changed(); }
    });
    this.read('stdout');
    this.read('stderr');
    this.sampler = setInterval(() => this.sampleMemory(), MEMORY_SAMPLE_MS);
    this.sampler.unref();
  }

  get pid(): number | undefined { return this.child.pid; }
  get running(): boolean { return this.exit === undefined; }
  get exitInfo(): Exit | undefined { return this.exit; }

  /** Called whenever the log, the ack count or the process state changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Resolves when the sailor consumes its queue; rejects with the log tail if it dies first. */
  async ready(timeoutMs = 30_000): Promise<void> {
    await this.until(() => this.initEnded || !this.running, timeoutMs, 'the sailor to start');
    if (!this.initEnded) throw new Error(`the sailor exited during start-up (${describe(this.exit)}):\n${this.tail(30)}`);
  }

  until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.onChange(() => {
        if (test()) { off(); clearTimeout(timer); resolve(); }
      });
      const timer = setTimeout(() => { off(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${this.tail(30)}`)); }, timeoutMs);
    });
  }

  /** SIGKILL: the container dies at once, mid-page, with whatever was in flight. */
  async kill(): Promise<Exit> {
    if (!this.running) return this.exit as Exit;
    this.sampleMemory();
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM (the sailor stops consuming, drains in-flight work and exits), SIGKILL if it hangs. */
  async stop(timeoutMs = 20_000): Promise<Exit> {
    if (!this.running) return this.exit as Exit;
    this.sampleMemory();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  logText(): string {
    return this.logs.map((l) => l.text).join('\n');
  }

  tail(lines: number): string {
    return this.logs.slice(-lines).map((l) => `  ${l.stream}: ${summarise(l)}`).join('\n');
  }

  /** Log records of the component's own logger (the sailor names it `component`). */
  componentLogs(): Record<string, unknown>[] {
    return this.logs.map((l) => l.record).filter((r): r is Record<string, unknown> => r !== undefined && r.name === 'component');
  }

  sampleMemory(): void {
    if (!this.child.pid || !this.running) return;
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) this.peakRssKb = Math.max(this.peakRssKb, Number(hwm[1]));
      // Fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised command name, in clock ticks (100/s on Linux).
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      this.cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The process is gone, or /proc is not available (not Linux): the peak stays at the last sample.
    }
  }

  private read(stream: 'stdout' | 'stderr'): void {
    const source = this.child[stream];
    if (!source) return;
    readline.createInterface({ input: source }).on('line', (text) => this.line(stream, text));
  }

  private line(stream: 'stdout' | 'stderr', text: string): void {
    const record = parseRecord(text);
    if (this.logs.length >= LOG_LIMIT) this.logs.shift();
    this.logs.push({ stream, text, record });
    if (this.options.echo) process.stderr.write(`[sailor ${this.child.pid}] ${text}\n`);
    // SAILOR lib/amqp.js logs these at debug level when an input message is settled.
    if (record?.name === 'sailor' && record.msg === 'Message ack') this.acks += 1;
    if (record?.name === 'sailor' && record.msg === 'Message reject') this.rejects += 1;
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function parseRecord(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

function summarise(line: LogLine): string {
  const r = line.record;
  if (!r) return line.text;
  const err = typeof r.err === 'object' && r.err !== null ? ` err=${String((r.err as { message?: unknown }).message)}` : '';
  return `[${String(r.name)} ${String(r.level)}] ${String(r.msg)}${err}`;
}

function describe(exit: Exit | undefined): string {
  if (!exit) return 'still running';
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}
