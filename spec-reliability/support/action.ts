/** Runs an action's process() the way the sailor's executor does, with a context that feeds the secret scan. */
import { errorText, reliableContext, ReliableContext } from './context';
import { recordOutput } from './secrets';

export interface ActionModule {
  process(this: unknown, msg: { id: string; body: Record<string, unknown>; headers: Record<string, unknown>; attachments: Record<string, unknown> }, cfg: unknown, snapshot: unknown): Promise<unknown>;
}

export interface ActionRun {
  ctx: ReliableContext;
  data: unknown[];
  error?: Error;
}

let delivered = 0;

/**
 * `body` may be anything, as a mapping can produce anything; the sailor passes it on as it is. `id` is the incoming
 * message's id: each run is a new message unless the same id is given again (a redelivery of that message).
 */
export async function runAction(module: ActionModule, body: unknown, cfg: Record<string, unknown>, label: string, id = `input-${(delivered += 1)}`): Promise<ActionRun> {
  const data: unknown[] = [];
  const ctx = reliableContext({ label, onData: (message) => { data.push(message.body); } });
  let error: Error | undefined;
  try {
    const result = await module.process.call(ctx, { id, body: body as Record<string, unknown>, headers: {}, attachments: {} }, structuredClone(cfg), {});
    if (result) await ctx.emit('data', result);
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
    recordOutput(`${label} thrown`, errorText(err));
    await ctx.emit('error', error);
  }
  return { ctx, data, error };
}
