/**
 * Fault injection. Random faults are drawn from their own seeded PRNG, one draw per eligible request, so a run
 * with the same seed and the same request sequence fails the same way. One-shot faults take precedence.
 */
import { GraphHttpError, errorFor } from './http/errors';
import { Prng } from './random';
import type { FaultSpec, Faults, OneShotFault } from './types';

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'status'; delayMs: number; error: GraphHttpError }
  | { kind: 'reset-before'; delayMs: number }
  | { kind: 'reset-after'; delayMs: number }
  | { kind: 'hang-after'; delayMs: number };

const NONE: FaultDecision = { kind: 'none', delayMs: 0 };

export class FaultEngine implements Faults {
  private spec?: FaultSpec;
  private prng = new Prng(1);
  private lagPrng = new Prng(2);
  private queue: Array<OneShotFault & { remaining: number }> = [];
  private injected: Record<string, number> = {};

  configure(spec: FaultSpec): void {
    this.spec = { ...spec };
    this.prng = new Prng(spec.seed ?? 1);
    this.lagPrng = new Prng((spec.seed ?? 1) ^ 0x5f3759df);
  }

  clear(): void {
    this.spec = undefined;
    this.queue = [];
  }

  next(rule: OneShotFault): void {
    this.queue.push({ ...rule, remaining: rule.times ?? 1 });
  }

  stats(): { injected: Record<string, number> } {
    return { injected: { ...this.injected } };
  }

  /** Counts an injected behaviour decided elsewhere (e.g. `pageTooLarge`) in `stats().injected`. */
  note(kind: string): void {
    this.count(kind);
  }

  /** Visibility lag for a message created now (0 unless `visibilityLagMs` is configured). */
  visibilityLag(): number {
    const lag = this.spec?.visibilityLagMs;
    if (lag === undefined) return 0;
    const ms = Array.isArray(lag) ? lag[0] + Math.floor(this.lagPrng.next() * (lag[1] - lag[0] + 1)) : lag;
    if (ms > 0) this.count('visibilityLag');
    return ms;
  }

  /** `explicit` routes (token endpoint, object storage) get faults only when named; `inFlight` counts this request. */
  decide(route: string, faultClass: 'graph' | 'explicit', inFlight = 1): FaultDecision {
    const oneShot = this.takeOneShot(route, faultClass);
    if (oneShot) return oneShot;
    const spec = this.spec;
    if (!spec) return NONE;
    const eligible = spec.routes ? spec.routes.includes(route) : faultClass === 'graph';
    if (!eligible) return NONE;
    const delayMs = this.latency(spec);
    if (spec.maxConcurrency !== undefined && faultClass === 'graph' && inFlight > spec.maxConcurrency) {
      this.count('applicationThrottled');
      return { kind: 'status', delayMs, error: new GraphHttpError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.') };
    }
    const r = this.prng.next();
    let edge = 0;
    const hit = (p: number | undefined): boolean => {
      edge += p ?? 0;
      return r < edge;
    };
    if (hit(spec.rate429)) return this.status('429', delayMs, errorFor(429, undefined, undefined, spec.retryAfter ?? '1'));
    if (hit(spec.rate429NoRetryAfter)) return this.status('429NoRetryAfter', delayMs, errorFor(429));
    if (hit(spec.rate503)) return this.status('503', delayMs, errorFor(503, undefined, undefined, spec.retryAfter));
    if (hit(spec.rate504)) return this.status('504', delayMs, errorFor(504));
    if (hit(spec.rateReset)) return this.counted('reset', { kind: 'reset-before', delayMs });
    if (hit(spec.rateResetAfterProcessing)) return this.counted('resetAfterProcessing', { kind: 'reset-after', delayMs });
    if (hit(spec.rateTimeoutAfterProcessing)) return this.counted('timeoutAfterProcessing', { kind: 'hang-after', delayMs });
    if (delayMs > 0) this.count('latency');
    return { kind: 'none', delayMs };
  }

  private takeOneShot(route: string, faultClass: 'graph' | 'explicit'): FaultDecision | undefined {
    const index = this.queue.findIndex((q) => q.route === route || (q.route === '*' && faultClass !== 'explicit'));
    if (index === -1) return undefined;
    const rule = this.queue[index];
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.queue.splice(index, 1);
    const delayMs = rule.delayMs ?? 0;
    this.count('oneShot');
    if (rule.status !== undefined) {
      return { kind: 'status', delayMs, error: errorFor(rule.status, rule.code, rule.message, rule.retryAfter) };
    }
    if (rule.reset === 'before') return { kind: 'reset-before', delayMs };
    if (rule.reset === 'after') return { kind: 'reset-after', delayMs };
    if (rule.hang) return { kind: 'hang-after', delayMs };
    return { kind: 'none', delayMs };
  }

  private latency(spec: FaultSpec): number {
    const l = spec.latencyMs;
    if (l === undefined) return 0;
    return Array.isArray(l) ? l[0] + Math.floor(this.prng.next() * (l[1] - l[0] + 1)) : l;
  }

  private status(kind: string, delayMs: number, error: GraphHttpError): FaultDecision {
    this.count(kind);
    return { kind: 'status', delayMs, error };
  }

  private counted(kind: string, decision: FaultDecision): FaultDecision {
    this.count(kind);
    return decision;
  }

  private count(kind: string): void {
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
  }
}
