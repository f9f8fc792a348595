/** What the sailor binds as `this` for process(), verifyCredentials and select models. */
import type { TransportLogger } from '../graph/GraphClient';

export interface Logger extends TransportLogger {
  error(message: string): void;
}

export interface ComponentContext {
  emit(event: string, data?: unknown): Promise<unknown> | unknown;
  logger: Logger;
}

export interface Message {
  id?: string;
  body: Record<string, unknown>;
  headers?: Record<string, unknown>;
  attachments?: Record<string, unknown>;
  passthrough?: unknown;
}

/** Fallback for hooks and services called without a logger. */
export const consoleLogger: Logger = {
  debug: () => undefined,
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

export function loggerOf(ctx: Partial<ComponentContext> | undefined): Logger {
  const logger = ctx?.logger;
  return logger && typeof logger.info === 'function' ? logger : consoleLogger;
}
