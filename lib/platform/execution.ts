/**
 * What every action's execution shares around its own work: Graph's refusals put in the flow designer's words
 * (a missing permission), and throttling that outlasts the execution handed back to the platform (rebound).
 */
import { ThrottledError } from '../graph/errors';
import type { ComponentContext, Message } from './context';
import { PERMISSIONS, explainAccessDenied } from './permissions';

type ProcessFn = (this: ComponentContext, msg: Message, cfg: unknown, snapshot?: unknown) => Promise<unknown>;

export interface ActionMeta {
  /** The component.json key. */
  key: string;
  /** For log lines and errors, e.g. `"Send Mail" action`. */
  title: string;
}

function throttling(err: unknown): ThrottledError | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (e instanceof ThrottledError) return e;
  return undefined;
}

/**
 * Wraps an action's process(). When Graph throttles for longer than the execution may wait and the action has
 * emitted nothing yet, the input is handed to the platform's `rebound` (redelivered after a growing delay)
 * instead of failing: a throttled request was not processed, so doing it all again later is safe. Once data has
 * gone out, a rebound would emit it twice, so the error stands.
 */
export function actionProcess(meta: ActionMeta, fn: ProcessFn): ProcessFn {
  return async function processAction(this: ComponentContext, msg: Message, cfg: unknown, snapshot?: unknown): Promise<unknown> {
    const outer = this;
    let emitted = 0;
    const ctx: ComponentContext = Object.create(outer) as ComponentContext;
    ctx.emit = (event: string, data?: unknown) => {
      if (event === 'data') emitted += 1;
      return outer.emit(event, data);
    };
    try {
      return await fn.call(ctx, msg, cfg, snapshot);
    } catch (err) {
      const throttled = throttling(err);
      if (!throttled || emitted > 0) throw explainAccessDenied(err, { title: meta.title, permissions: PERMISSIONS[meta.key] ?? [], cfg });
      const wait = throttled.retryAfterMs === undefined ? 'no Retry-After' : `Retry-After ${Math.ceil(throttled.retryAfterMs / 1000)} s`;
      outer.logger.warn(`${meta.title}: Microsoft Graph keeps throttling (${throttled.status} ${throttled.code}, ${wait}); `
        + 'the message goes back to the platform (rebound) to be processed again later');
      await outer.emit('rebound', throttled);
      return undefined;
    }
  };
}
