/**
 * The sailor-like `this` for reliability runs: records what the secret scan needs, counts what the assertions
 * need without keeping 20,000 bodies, and can die at a chosen emit (a killed container).
 */
import type { Clock } from '../../lib/graph/GraphClient';
import type { Logger } from '../../lib/platform/context';
import { addTokenSecrets, recordOutput } from './secrets';

export class KilledError extends Error {
  constructor(at: number) {
    super(`execution killed at emit ${at}`);
    this.name = 'KilledError';
  }
}

export interface DataMessage {
  id?: unknown;
  body?: unknown;
}

export interface ContextOptions {
  /** Label for the secret scan. */
  label: string;
  clock?: Clock;
  /** The execution dies at this emit (1-based): it and every later emit are lost and throw. */
  killAtEmit?: number;
  /** Called with every delivered data message. */
  onData?: (message: DataMessage) => void;
  /** Called with every delivered snapshot. */
  onSnapshot?: (snapshot: unknown) => void;
}

export interface ReliableContext {
  emit(event: string, data?: unknown): Promise<void>;
  logger: Logger;
  clock?: Clock;
  readonly events: { data: number; snapshot: number; updateKeys: number; error: number };
  /** Data messages delivered after the last delivered snapshot (what a kill here would repeat). */
  readonly sinceSnapshot: number;
  readonly killed: boolean;
  readonly logs: string[];
}

export function errorText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}\n${current.stack ?? ''}` : String(current));
    current = current instanceof Error ? (current as Error & { cause?: unknown }).cause : undefined;
  }
  return parts.join('\ncaused by ');
}

export function reliableContext(options: ContextOptions): ReliableContext {
  const events = { data: 0, snapshot: 0, updateKeys: 0, error: 0 };
  const logs: string[] = [];
  let emits = 0;
  let sinceSnapshot = 0;
  let killed = false;
  const log = (level: string) => (message: string): void => {
    // The sailor's logger String()s whatever it gets; do the same so an object logged by mistake shows up.
    const line = `${level}: ${String(message)}`;
    logs.push(line);
    recordOutput(`${options.label} log`, line);
  };
  return {
    events,
    logs,
    clock: options.clock,
    get sinceSnapshot() { return sinceSnapshot; },
    get killed() { return killed; },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    async emit(event: string, data?: unknown): Promise<void> {
      emits += 1;
      if (options.killAtEmit !== undefined && emits >= options.killAtEmit) {
        killed = true;
        throw new KilledError(options.killAtEmit);
      }
      if (event === 'updateKeys') {
        events.updateKeys += 1;
        const oauth = (data as { oauth?: Record<string, unknown> } | undefined)?.oauth;
        addTokenSecrets(oauth);
        // updateKeys is the one channel meant to carry tokens; what else it carries is scanned (client secret).
        const rest = { ...(oauth ?? {}), access_token: undefined, refresh_token: undefined, id_token: undefined };
        recordOutput(`${options.label} updateKeys`, JSON.stringify(rest));
        return;
      }
      recordOutput(`${options.label} ${event}`, event === 'error' ? errorText(data) : JSON.stringify(data) ?? '');
      if (event === 'data') {
        events.data += 1;
        sinceSnapshot += 1;
        options.onData?.(data as DataMessage);
      } else if (event === 'snapshot') {
        events.snapshot += 1;
        sinceSnapshot = 0;
        options.onSnapshot?.(data);
      } else if (event === 'error') {
        events.error += 1;
      }
    },
  };
}
