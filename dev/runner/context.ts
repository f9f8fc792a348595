/** A `this` like the sailor's: async emit that records every event, and a leveled string logger. */
import { randomUUID } from 'crypto';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Emitted {
  event: string;
  data: unknown;
}

export interface RunnerContextOptions {
  level?: Level;
  /** Receives each log line (default: stderr). */
  log?: (level: Level, line: string) => void;
  /** Called for every emit, after it is recorded (printing, snapshot persistence, updateKeys). */
  onEmit?: (event: string, data: unknown) => Promise<void> | void;
}

export interface RunnerContext {
  emit(event: string, data?: unknown): Promise<void>;
  logger: Record<Level, (message: unknown) => void> & { child(): RunnerContext['logger'] };
  emitted: Emitted[];
  logs: Array<{ level: Level; line: string }>;
}

export function runnerContext(options: RunnerContextOptions = {}): RunnerContext {
  const threshold = ORDER[options.level ?? 'info'];
  const emitted: Emitted[] = [];
  const logs: Array<{ level: Level; line: string }> = [];
  const write = options.log ?? ((level: Level, line: string) => process.stderr.write(`  [${level}] ${line}\n`));
  const logAt = (level: Level) => (message: unknown): void => {
    // The sailor's bunyan logger String()s a non-string first argument; do the same so surprises show up here.
    const line = String(message);
    logs.push({ level, line });
    if (ORDER[level] >= threshold) write(level, line);
  };
  const logger = {
    debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error'),
    child: () => logger,
  };
  return {
    emitted,
    logs,
    logger,
    async emit(event: string, data?: unknown): Promise<void> {
      emitted.push({ event, data });
      await options.onEmit?.(event, data);
    },
  };
}

export function newInput(body: Record<string, unknown> = {}): { id: string; body: Record<string, unknown>; headers: Record<string, unknown>; attachments: Record<string, unknown> } {
  return { id: randomUUID(), body, headers: {}, attachments: {} };
}

/** Runs process() the way the sailor's executor does: a resolved truthy value becomes a data emit. */
export async function execute(
  ctx: RunnerContext,
  fn: (this: unknown, msg: unknown, cfg: unknown, snapshot: unknown) => Promise<unknown> | unknown,
  msg: unknown, cfg: unknown, snapshot: unknown,
): Promise<{ error?: Error }> {
  try {
    const result = await fn.call(ctx, msg, structuredClone(cfg), structuredClone(snapshot));
    if (result) await ctx.emit('data', result);
    await ctx.emit('end');
    return {};
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    await ctx.emit('error', error);
    await ctx.emit('end');
    return { error };
  }
}
