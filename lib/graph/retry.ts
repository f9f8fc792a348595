/** Retry policy as pure functions: the transport owns the only loop that applies them. */

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A single Retry-After longer than this is not waited for: the call fails and the caller decides. */
  maxRetryAfterMs: number;
  /** Total time one call may spend waiting between attempts. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  maxTotalWaitMs: 120_000,
};

export type Outcome =
  | { kind: 'status'; status: number; retryAfterMs?: number }
  | { kind: 'timeout' }
  | { kind: 'network'; reachedServer: boolean };

export interface RetryInput {
  outcome: Outcome;
  idempotent: boolean;
  /** Retries already made for this call (0 before the first retry). */
  retries: number;
  /** Milliseconds already spent waiting between attempts of this call. */
  waitedMs: number;
  policy: RetryPolicy;
  /** A number in [0, 1), injected so tests are deterministic. */
  random: number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

const THROTTLED = new Set([429]);
/** 5xx statuses that may be retried when the request is idempotent. */
const TRANSIENT = new Set([500, 502, 503, 504, 509]);

export function decide(input: RetryInput): RetryDecision {
  const { outcome, idempotent, retries, waitedMs, policy } = input;
  if (!isRetryable(outcome, idempotent)) return { retry: false, reason: 'not retryable' };
  if (retries >= policy.maxRetries) return { retry: false, reason: `gave up after ${retries} retries` };

  const hinted = outcome.kind === 'status' ? outcome.retryAfterMs : undefined;
  if (hinted !== undefined && hinted > policy.maxRetryAfterMs) {
    return { retry: false, reason: `Retry-After of ${Math.round(hinted / 1000)} s exceeds the ${policy.maxRetryAfterMs / 1000} s limit` };
  }
  const delayMs = hinted ?? backoff(retries, policy, input.random);
  if (waitedMs + delayMs > policy.maxTotalWaitMs) {
    return { retry: false, reason: `waiting ${delayMs} ms more would exceed the ${policy.maxTotalWaitMs / 1000} s retry budget` };
  }
  return { retry: true, delayMs };
}

function isRetryable(outcome: Outcome, idempotent: boolean): boolean {
  switch (outcome.kind) {
    // A throttled request was refused before it was processed, so even a POST may be repeated.
    case 'status': return THROTTLED.has(outcome.status) || (idempotent && TRANSIENT.has(outcome.status));
    case 'timeout': return idempotent;
    // A connection that was never established proves the request was not sent.
    case 'network': return idempotent || !outcome.reachedServer;
  }
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^retries)], at least 50 ms. */
export function backoff(retries: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retries);
  return Math.max(50, Math.floor(random * ceiling));
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** The three HTTP-date forms of RFC 9110 §5.6.7. V8's Date.parse alone would read garbage like "foo 12" as 2001. */
const HTTP_DATE = new RegExp(`^(?:${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT`
  + `|${DAY}[a-z]{0,6}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT`
  + `|${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4})$`);

/**
 * Parses Retry-After as delta-seconds (integer or, as Graph sends inside $batch, decimal) or an HTTP date.
 * Missing, negative or malformed values yield undefined (the caller falls back to backoff); a past date yields 0.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(text)) {
    // Rounded to the microsecond first: 0.3 * 1000 is 300.00000000000006 in floating point.
    const ms = Math.ceil(Math.round(Number(text) * 1e6) / 1e3);
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (!HTTP_DATE.test(text)) return undefined;
  // asctime carries no zone; HTTP dates are always GMT.
  const at = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
