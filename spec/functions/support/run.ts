/** Runs a polling trigger's process() the way the sailor does, keeping the snapshot between executions. */
import type { Clock } from '../../../lib/graph/GraphClient';
import type { Message } from '../../../lib/platform/context';
import { RecordingContext, recordingContext } from '../../support/context';
import { fakeClock } from '../../support/clock';

export interface TriggerModule {
  process(this: unknown, msg: Message, cfg: unknown, snapshot: unknown): Promise<unknown>;
}

export interface Execution {
  ctx: RecordingContext;
  /** Message bodies emitted, flattened (emitAll batches unpacked). */
  bodies: Array<Record<string, unknown>>;
  /** The snapshot the sailor holds afterwards: the last one emitted, else the one passed in. */
  snapshot: unknown;
  error?: Error;
}

export interface ExecuteOptions {
  clock?: Clock;
  /** Called on every emit; throwing simulates the execution dying there. */
  onEmit?: (event: string, data: unknown) => unknown;
}

export async function execute(module: TriggerModule, cfg: Record<string, unknown>, snapshot: unknown, options: ExecuteOptions = {}): Promise<Execution> {
  // An emit whose listener throws did not reach the platform: it is left out of `bodies`.
  const failed = new Set<unknown>();
  const onEmit = options.onEmit && ((event: string, data: unknown): unknown => {
    try {
      return (options.onEmit as (e: string, d: unknown) => unknown)(event, data);
    } catch (err) {
      failed.add(data);
      throw err;
    }
  });
  const ctx = Object.assign(recordingContext({ onEmit }), { clock: options.clock ?? fakeClock() });
  let error: Error | undefined;
  try {
    await module.process.call(ctx, { id: 'tick', body: {} }, cfg, structuredClone(snapshot));
  } catch (err) {
    error = err as Error;
  }
  const snapshots = ctx.emittedOf('snapshot').filter((data) => !failed.has(data));
  const bodies: Array<Record<string, unknown>> = [];
  for (const data of ctx.emittedOf('data').filter((d) => !failed.has(d))) {
    const body = (data as { body: Record<string, unknown> }).body;
    if (Array.isArray(body.results)) bodies.push(...(body.results as Array<Record<string, unknown>>));
    else bodies.push(body);
  }
  return { ctx, bodies, snapshot: snapshots.length > 0 ? snapshots[snapshots.length - 1] : snapshot, error };
}

/** A step's life across executions: each tick starts from the snapshot the previous one left. */
export class Flow {
  snapshot: unknown = {};
  readonly emitted: Array<Record<string, unknown>> = [];
  readonly executions: Execution[] = [];

  constructor(private readonly module: TriggerModule, private readonly cfg: Record<string, unknown>, private readonly clock?: Clock) {}

  async tick(options: ExecuteOptions = {}): Promise<Execution> {
    const run = await execute(this.module, this.cfg, this.snapshot, { clock: this.clock, ...options });
    this.snapshot = run.snapshot;
    this.emitted.push(...run.bodies);
    this.executions.push(run);
    return run;
  }
}
