/**
 * A polling step over many executions, the way the platform runs it: each execution starts from the snapshot
 * the previous one left (the last one it emitted, even if it then failed), and whatever it emitted is kept.
 */
import type { Clock } from '../../lib/graph/GraphClient';
import { DataMessage, reliableContext, errorText } from './context';
import { recordOutput } from './secrets';

export interface TriggerModule {
  process(this: unknown, msg: { id: string; body: Record<string, unknown> }, cfg: unknown, snapshot: unknown): Promise<unknown>;
}

export interface Tick {
  /** Items emitted by this execution (emitAll batches unpacked). */
  items: number;
  error?: Error;
  killed: boolean;
  /** Items this execution emitted after its last delivered snapshot: what the next one may repeat. */
  unsaved: number;
}

interface Item { id?: unknown; changeKey?: unknown; lastModifiedDateTime?: unknown }

function itemsOf(message: DataMessage): Item[] {
  const body = message.body as { results?: unknown } | undefined;
  if (body && Array.isArray(body.results)) return body.results as Item[];
  return body === undefined ? [] : [body as Item];
}

export class TriggerFlow {
  snapshot: unknown = {};
  /** Emissions per message id, and per version (id + changeKey). */
  readonly byId = new Map<string, number>();
  readonly byVersion = new Map<string, number>();
  readonly ticks: Tick[] = [];
  readonly errors: Error[] = [];
  private serial = 0;

  constructor(private readonly module: TriggerModule, private readonly cfg: Record<string, unknown>, private readonly label: string, private readonly clock?: Clock) {}

  /** `onItem` sees the running count of items this execution emitted (to change the world mid-execution). */
  async tick(options: { killAtEmit?: number; onItem?: (count: number) => void } = {}): Promise<Tick> {
    this.serial += 1;
    let items = 0;
    let unsaved = 0;
    let snapshot = this.snapshot;
    const ctx = reliableContext({
      label: this.label, clock: this.clock, killAtEmit: options.killAtEmit,
      onData: (message) => {
        for (const item of itemsOf(message)) {
          items += 1;
          unsaved += 1;
          options.onItem?.(items);
          const id = String(item.id);
          this.byId.set(id, (this.byId.get(id) ?? 0) + 1);
          const version = `${id}|${String(item.changeKey)}`;
          this.byVersion.set(version, (this.byVersion.get(version) ?? 0) + 1);
        }
      },
      onSnapshot: (s) => { snapshot = s; unsaved = 0; },
    });
    let error: Error | undefined;
    try {
      await this.module.process.call(ctx, { id: `tick-${this.serial}`, body: {} }, structuredClone(this.cfg), structuredClone(this.snapshot));
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err));
      recordOutput(`${this.label} thrown`, errorText(err));
      if (!ctx.killed) this.errors.push(error);
    }
    this.snapshot = snapshot;
    const tick: Tick = { items, error, killed: ctx.killed, unsaved };
    this.ticks.push(tick);
    return tick;
  }

  /** Runs executions until one ends without error and emits nothing (or `limit` executions). */
  async drain(limit: number): Promise<number> {
    let last: Tick | undefined;
    for (let n = 1; n <= limit; n += 1) {
      last = await this.tick();
      if (!last.error && last.items === 0) return n;
    }
    throw new Error(`${this.label}: not drained after ${limit} executions`
      + (last?.error ? `; the last one failed: ${last.error.name}: ${last.error.message}` : '; still emitting'));
  }

  duplicates(): number {
    let extra = 0;
    for (const count of this.byId.values()) extra += count - 1;
    return extra;
  }

  repeatedVersions(): string[] {
    return [...this.byVersion].filter(([, count]) => count > 1).map(([version]) => version);
  }
}
