/**
 * Keeps exactly one live Graph subscription for a webhook step, from its container, for as long as the container
 * runs: adopts the one a previous container left (found by notificationUrl), creates one when there is none,
 * deletes extras, renews before expiry, re-creates after a 404 or `subscriptionRemoved`, and asks the step for a
 * catch-up ("poke") after each of these and on a periodic safety tick.
 *
 * It never runs inside process(): creating a subscription makes Graph call the step's webhook and wait for the
 * answer, which the sailor delivers only while no other message of the step is being processed (prefetch 1).
 */
import type { GraphClient } from '../../graph/GraphClient';
import { GraphError } from '../../graph/errors';
import type { Logger } from '../context';
import {
  GraphSubscription, MAX_LIFETIME_MINUTES, SubscriptionPlan, createSubscription, deleteSubscription, findSubscriptions, keeperOf,
  reauthorizeSubscription, renewSubscription,
} from './subscriptions';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIMERS: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // The sailor's AMQP connection keeps the process alive; the keeper's timers must not.
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface KeeperOptions {
  plan: SubscriptionPlan;
  /** A Graph client with the step's credential (made anew for each operation, so refreshed tokens are used). */
  client(): GraphClient;
  logger: Logger;
  /** For log lines: `"New Message (webhook)" trigger`. */
  title: string;
  /** The safety tick: maintenance and a catch-up at least this often. */
  tickMs: number;
  /** Asks the step to read what changed (a POST to its own webhook URL); `reason` goes into the log. */
  poke(reason: string): Promise<void>;
  now?: () => number;
  timers?: Timers;
  /** Puts Graph's refusals in the designer's words (a missing permission named). */
  explain?(err: unknown): unknown;
}

/** First wait after a failed maintenance; doubled up to the safety tick. */
const FIRST_RETRY_MS = 5_000;
/** Renew once less than this part of the granted lifetime is left (and at most a day before expiry). */
const RENEW_FRACTION = 0.5;
const RENEW_AT_MOST_MS = 86_400_000;
/** A notification from an unknown subscription id lists the subscriptions again at most this often. */
const RELIST_MS = 30_000;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function expiryOf(sub: GraphSubscription): number {
  const ms = Date.parse(sub.expirationDateTime);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Graph refused the notificationUrl: the validation request went unanswered or was answered wrongly. */
function isValidationFailure(err: unknown): boolean {
  return err instanceof GraphError && err.status === 400 && (err.code === 'ValidationError' || /validation request/i.test(err.graphMessage));
}

export class SubscriptionKeeper {
  private current?: GraphSubscription;
  /** The lifetime Graph granted on creation, in minutes: what renewals ask for again. */
  private lifetimeMinutes = MAX_LIFETIME_MINUTES - 10;
  private chain: Promise<void> = Promise.resolve();
  private timer?: unknown;
  private retryMs = FIRST_RETRY_MS;
  /** A re-creation was asked for: the round running now must not push it back to the next tick. */
  private recreating = false;
  private listedAt = -Infinity;
  private stopped = false;
  private readonly now: () => number;
  private readonly timers: Timers;

  constructor(private readonly o: KeeperOptions) {
    this.now = o.now ?? Date.now;
    this.timers = o.timers ?? NODE_TIMERS;
  }

  /** The subscription this container holds now, if any. */
  get subscription(): GraphSubscription | undefined {
    return this.current;
  }

  /** What it subscribes to, with the step's clientState. */
  get plan(): SubscriptionPlan {
    return this.o.plan;
  }

  /** Begins in the background: find or create the subscription, then a catch-up; then the safety tick. */
  start(): void {
    this.o.logger.info(`${this.o.title}: keeping one Graph subscription on ${this.o.plan.resource} (${this.o.plan.changeType}) `
      + `posting to the flow's webhook URL; safety tick every ${Math.round(this.o.tickMs / 1000)} s`);
    this.schedule(0, 'start');
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Whether notifications of this subscription id come from the step's subscription, listing again when unsure (at
   * most every 30 s). It never waits for maintenance: a creation in progress waits for Graph's validation request,
   * which the step can only answer once the message that asks this is done.
   */
  async knows(id: string): Promise<boolean> {
    if (this.current?.id === id) return true;
    if (this.now() - this.listedAt < RELIST_MS) return false;
    this.listedAt = this.now();
    try {
      return this.chosen(await findSubscriptions(this.o.client(), this.o.plan))?.id === id;
    } catch (err) {
      // Unsure: the notification is left out; the next one, or the safety tick, reads what it announced.
      this.o.logger.warn(`${this.o.title}: could not list the subscriptions to check ${id} (${describe(err)})`);
      return false;
    }
  }

  /** `subscriptionRemoved`, or a 404: a new subscription, made in the background, then a catch-up. */
  recreate(reason: string): void {
    this.o.logger.warn(`${this.o.title}: ${reason}; creating a new subscription`);
    this.current = undefined;
    this.recreating = true;
    this.schedule(0, 'recreate');
  }

  /**
   * `reauthorizationRequired`: reauthorize (or renew, which also reauthorizes). Neither call validates the URL, so it
   * is made at once, outside the maintenance chain (see knows()).
   */
  async reauthorize(id: string): Promise<void> {
    const client = this.o.client();
    try {
      await reauthorizeSubscription(client, id);
      this.o.logger.info(`${this.o.title}: subscription ${id} reauthorized`);
    } catch (err) {
      if (err instanceof GraphError && err.status === 404) {
        this.recreate(`subscription ${id} no longer exists (404 on reauthorize)`);
        return;
      }
      this.o.logger.warn(`${this.o.title}: reauthorizing subscription ${id} failed (${describe(err)}); renewing it instead`);
      const renewed = await renewSubscription(client, id, this.now(), this.lifetimeMinutes);
      if (this.current?.id === id) this.current = { ...this.current, ...renewed };
    }
  }

  private serial(op: () => Promise<void>): Promise<void> {
    const next = this.chain.then(op);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private schedule(ms: number, why: 'start' | 'tick' | 'recreate' | 'retry'): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.serial(() => this.maintain(why));
    }, ms);
  }

  /** One round of maintenance; then the next tick, or a retry after a failure (backing off up to the tick). */
  private async maintain(why: 'start' | 'tick' | 'recreate' | 'retry'): Promise<void> {
    if (this.stopped) return;
    this.recreating = false;
    let changed: boolean;
    try {
      changed = await this.ensure();
    } catch (err) {
      const wait = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, this.o.tickMs);
      const hint = isValidationFailure(err)
        ? ': Graph could not validate the flow\'s webhook URL (see the step\'s errors; the flow must be real-time so that the step can answer Graph\'s validation request)'
        : '';
      this.o.logger.error(`${this.o.title}: subscription maintenance failed (${describe(this.o.explain?.(err) ?? err)})${hint}; trying again in ${Math.round(wait / 1000)} s`);
      this.schedule(wait, 'retry');
      return;
    }
    this.retryMs = FIRST_RETRY_MS;
    if (this.recreating) this.schedule(0, 'recreate');
    else this.schedule(this.o.tickMs, 'tick');
    // A catch-up after anything that may have let changes pass unnotified, and on every safety tick. Not awaited:
    // the platform may hold the request until the step has processed it, and maintenance must not wait for that.
    const reason = why === 'tick' ? 'safety tick' : changed ? 'subscription created' : why === 'start' ? 'container started' : 'subscription restored';
    this.o.poke(reason).catch((err: unknown) => {
      this.o.logger.warn(`${this.o.title}: could not ask the step for a catch-up (${describe(err)}); the next safety tick tries again`);
    });
  }

  /** Finds the step's subscriptions; keeps one; returns whether a new one had to be made. */
  private async ensure(): Promise<boolean> {
    const client = this.o.client();
    await this.adopt();
    if (this.current) {
      if (expiryOf(this.current) - this.now() < Math.min(RENEW_AT_MOST_MS, this.lifetimeMinutes * 60_000 * RENEW_FRACTION)) {
        await this.renew(client, this.current.id);
      }
      if (this.current) return false;
    }
    const created = await createSubscription(client, this.o.plan, this.now());
    const granted = Math.floor((expiryOf(created) - this.now()) / 60_000);
    if (granted > 0) this.lifetimeMinutes = Math.min(granted, MAX_LIFETIME_MINUTES - 10);
    this.o.logger.info(`${this.o.title}: subscription ${created.id} created, expires ${created.expirationDateTime}`);
    this.current = created;
    // Another container may have made one at the same moment: all keep the same one and delete the rest.
    await this.adopt();
    return true;
  }

  /** Lists the step's subscriptions; keeps the chosen one, deletes the others. */
  private async adopt(): Promise<void> {
    const client = this.o.client();
    const mine = await findSubscriptions(client, this.o.plan);
    this.listedAt = this.now();
    const kept = this.chosen(mine);
    for (const extra of mine.filter((s) => s !== kept)) {
      this.o.logger.info(`${this.o.title}: deleting subscription ${extra.id}, which also posts to this step (${extra.resource})`);
      await deleteSubscription(client, extra.id);
    }
    if (kept && kept.id !== this.current?.id) {
      this.o.logger.info(`${this.o.title}: using subscription ${kept.id}, which expires ${kept.expirationDateTime}`);
    }
    this.current = kept;
  }

  /** The one subscription of the step to keep: its resource, and its clientState when Graph shows it. */
  private chosen(mine: readonly GraphSubscription[]): GraphSubscription | undefined {
    const { resource, clientState } = this.o.plan;
    return keeperOf(mine.filter((s) => s.resource === resource && (s.clientState === null || s.clientState === undefined || s.clientState === clientState)));
  }

  private async renew(client: GraphClient, id: string): Promise<void> {
    try {
      const renewed = await renewSubscription(client, id, this.now(), this.lifetimeMinutes);
      this.current = { ...(this.current ?? renewed), ...renewed };
      this.o.logger.info(`${this.o.title}: subscription ${id} renewed until ${renewed.expirationDateTime}`);
    } catch (err) {
      if (!(err instanceof GraphError && err.status === 404)) throw err;
      this.o.logger.warn(`${this.o.title}: subscription ${id} no longer exists (404 on renewal)`);
      this.current = undefined;
    }
  }

  /** The flow stops: delete every subscription of the step. */
  async deleteAll(): Promise<number> {
    this.stop();
    const client = this.o.client();
    const mine = await findSubscriptions(client, this.o.plan);
    for (const sub of mine) await deleteSubscription(client, sub.id);
    return mine.length;
  }
}
