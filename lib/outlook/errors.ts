/** Errors in the user's vocabulary: input errors naming the field, and Graph errors rephrased, keeping Graph's code and request-id. */
import { GraphError } from '../graph/errors';

/** Invalid configuration or input, detected before any request is sent; `field` names it as the user sees it. */
export class ConfigurationError extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'ConfigurationError';
    this.field = field;
  }
}

export class OutlookError extends Error {
  readonly code: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly outcomeUnknown: boolean;
  constructor(message: string, init: { cause: Error; code?: string; status?: number; requestId?: string; outcomeUnknown?: boolean }) {
    super(message, { cause: init.cause });
    this.name = 'OutlookError';
    this.code = init.code ?? (init.cause instanceof GraphError ? init.cause.code : init.cause.name);
    this.status = init.status ?? (init.cause instanceof GraphError ? init.cause.status : undefined);
    this.requestId = init.requestId ?? (init.cause instanceof GraphError ? init.cause.requestId : undefined);
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }
}

export function mailboxLabel(mailbox?: string): string {
  return mailbox && mailbox.trim() ? `"${mailbox.trim()}"` : 'of the signed-in user';
}

/**
 * `err` as an OutlookError saying `describe(err)` when it is a GraphError with one of `codes`; otherwise `err`
 * itself, so every other error propagates unchanged.
 */
export function explained(err: unknown, codes: readonly string[], describe: (err: GraphError) => string): unknown {
  if (!(err instanceof GraphError) || !codes.includes(err.code)) return err;
  const ids = `${err.status} ${err.code}${err.requestId ? `, request-id ${err.requestId}` : ''}`;
  return new OutlookError(`${describe(err)} (${ids})`, { cause: err });
}
