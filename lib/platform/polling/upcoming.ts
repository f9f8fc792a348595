/**
 * The polling loop of "Upcoming Events": each occurrence once when it starts within N minutes, and again when it is
 * moved to another start. The snapshot remembers `from` (everything due before it is done) and the occurrences
 * (id + start) emitted since, as short hashes: at most MEMORY_LIMIT, so it stays well under 4 KB.
 */
import { createHash } from 'crypto';
import type { Clock } from '../../graph/GraphClient';
import { systemClock } from '../../graph/GraphClient';
import { ThrottledError } from '../../graph/errors';
import { ConfigurationError } from '../../outlook/errors';
import { isRecord } from '../../outlook/values/text';
import type { ComponentContext } from '../context';
import { EmitBehavior, Output } from '../emit';
import { settings } from '../settings';

/** Occurrences remembered at most: about 19 bytes each in the snapshot. */
export const MEMORY_LIMIT = 150;
const SAMPLE_SIZE = 10;
const SAMPLE_HORIZON_MS = 7 * 86_400_000;

export interface UpcomingSnapshot { v: 1; kind: 'upcoming'; from: string; seen: string[] }

/** Which occurrences (id + start) were emitted among those due at or after `from`. */
export class UpcomingMemory {
  private readonly entries = new Map<string, number>();

  constructor(public from: number, seen: readonly string[] = []) {
    for (const entry of seen) {
      const [offset, hash] = entry.split('.');
      const seconds = parseInt(offset, 36);
      if (hash && Number.isInteger(seconds) && seconds >= 0) this.entries.set(hash, from + seconds * 1000);
    }
  }

  static load(raw: unknown, now: number): UpcomingMemory {
    if (!isRecord(raw) || Object.keys(raw).length === 0) return new UpcomingMemory(now);
    const from = typeof raw.from === 'string' ? Date.parse(raw.from) : NaN;
    if (raw.v !== 1 || raw.kind !== 'upcoming' || Number.isNaN(from) || !Array.isArray(raw.seen) || !raw.seen.every((s) => typeof s === 'string')) {
      throw new ConfigurationError('snapshot', 'unrecognised stored state of Upcoming Events; refusing to guess, as that could emit events again or skip them');
    }
    return new UpcomingMemory(from, raw.seen);
  }

  has(id: string, due: number): boolean { return this.entries.has(hashOf(id, due)); }

  add(id: string, due: number): void { this.entries.set(hashOf(id, due), due); }

  /** Remembered occurrences due at or after `time`. */
  countFrom(time: number): number {
    let n = 0;
    for (const due of this.entries.values()) if (due >= time) n += 1;
    return n;
  }

  /** Everything due before `to` is done: forget it. */
  advance(to: number): void {
    if (to <= this.from) return;
    this.from = to;
    for (const [hash, due] of this.entries) if (due < to) this.entries.delete(hash);
  }

  toSnapshot(): UpcomingSnapshot {
    // Whole seconds keep the entries short; `from` is a whole second too, so no entry falls before it.
    const from = Math.floor(this.from / 1000) * 1000;
    // Rounded up: an entry is forgotten no earlier than its occurrence starts.
    const seen = [...this.entries].map(([hash, due]) => `${Math.max(0, Math.ceil((due - from) / 1000)).toString(36)}.${hash}`);
    return { v: 1, kind: 'upcoming', from: new Date(from).toISOString(), seen };
  }
}

function hashOf(id: string, due: number): string {
  return createHash('sha256').update(`${id}|${due}`).digest('base64url').slice(0, 10);
}

export interface UpcomingItem { id: string; due: number; body: Record<string, unknown> }

export interface UpcomingOptions {
  ctx: ComponentContext & { clock?: Clock };
  snapshot: unknown;
  title: string;
  minutes: number;
  emitBehavior: EmitBehavior;
  /** A description of what is watched, for the first log line (ids only). */
  target: string;
  /** The occurrences due in [from, to] (instants), not cancelled, in any order. */
  due(from: number, to: number): Promise<UpcomingItem[]>;
}

export async function pollUpcoming(options: UpcomingOptions): Promise<void> {
  const { ctx, title } = options;
  const clock = ctx.clock ?? systemClock;
  const now = clock.now();
  const out = new Output(ctx, { behavior: options.emitBehavior });
  if (settings().flowType === 'debug') {
    await sample(options, out, now);
    return;
  }
  const memory = UpcomingMemory.load(options.snapshot, now);
  const horizon = now + options.minutes * 60_000;
  ctx.logger.info(`${title} started: ${options.target}, due from ${new Date(memory.from).toISOString()} to ${new Date(horizon).toISOString()}`);
  let emitted = 0;
  let next = now;
  try {
    const items = (await options.due(memory.from, horizon)).filter((i) => !memory.has(i.id, i.due)).sort((a, b) => a.due - b.due || a.id.localeCompare(b.id));
    for (const item of items) {
      // Stopping before `item` keeps everything due from min(now, item.due) on: it must fit in the snapshot.
      if (memory.countFrom(Math.min(now, item.due)) + 1 > MEMORY_LIMIT) { next = Math.min(now, item.due); break; }
      await out.item(item.body);
      memory.add(item.id, item.due);
      emitted += 1;
      if (options.emitBehavior === 'emitIndividually') await ctx.emit('snapshot', memory.toSnapshot());
    }
  } catch (err) {
    await out.flush();
    await ctx.emit('snapshot', memory.toSnapshot());
    if (!(err instanceof ThrottledError)) throw err;
    ctx.logger.warn(`${title}: Microsoft Graph keeps throttling (${err.code}); stopping here, the next execution continues from the snapshot`);
    return;
  }
  await out.flush();
  memory.advance(next);
  await ctx.emit('snapshot', memory.toSnapshot());
  ctx.logger.info(`${title} finished: ${emitted} events emitted, ${memory.countFrom(memory.from)} remembered, next from ${new Date(memory.from).toISOString()}, ${clock.now() - now} ms`);
}

/** "Retrieve sample": up to 10 occurrences of the coming days, no snapshot, an error when there are none. */
async function sample(options: UpcomingOptions, out: Output, now: number): Promise<void> {
  const items = (await options.due(now, now + Math.max(options.minutes * 60_000, SAMPLE_HORIZON_MS))).sort((a, b) => a.due - b.due);
  for (const item of items.slice(0, SAMPLE_SIZE)) await out.item(item.body);
  await out.flush();
  if (items.length === 0) throw new Error('No object found');
  options.ctx.logger.info(`${options.title} sample: ${Math.min(items.length, SAMPLE_SIZE)} events emitted`);
}
