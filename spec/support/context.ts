/** A ComponentContext that records every emit and log call, for specs of actions, triggers and services. */
import type { ComponentContext, Logger } from '../../lib/platform/context';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  message: string;
  /** False when a caller passed a non-string first argument (the sailor would stringify it to "[object Object]"). */
  wasString: boolean;
}

export interface Emitted {
  event: string;
  data: unknown;
}

export interface RecordingContext extends ComponentContext {
  readonly emitted: Emitted[];
  readonly logs: LogEntry[];
  /** The payloads emitted under one event name, in order. */
  emittedOf(event: string): unknown[];
  /** Every log line joined by newlines, to assert that no secret leaked. */
  logText(): string;
}

export interface RecordingContextOptions {
  /** Called on every emit; its result (or rejection) is what `emit` returns, as a sailor listener would. */
  onEmit?: (event: string, data: unknown) => unknown;
}

export function recordingContext(options: RecordingContextOptions = {}): RecordingContext {
  const emitted: Emitted[] = [];
  const logs: LogEntry[] = [];
  const record = (level: LogLevel) => (...args: unknown[]): void => {
    logs.push({ level, message: args.map((a) => String(a)).join(' '), wasString: typeof args[0] === 'string' });
  };
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return {
    emitted,
    logs,
    logger,
    async emit(event: string, data?: unknown): Promise<unknown> {
      emitted.push({ event, data });
      return options.onEmit ? options.onEmit(event, data) : undefined;
    },
    emittedOf: (event) => emitted.filter((e) => e.event === event).map((e) => e.data),
    logText: () => logs.map((l) => `${l.level}: ${l.message}`).join('\n'),
  };
}
