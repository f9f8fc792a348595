/**
 * A webhook trigger as the sailor runs it. `init` starts the container's subscription keeper (in the background:
 * Graph validates the webhook URL while the create call waits, and the step answers only once it consumes);
 * process() answers Graph's validation request through `httpReply`, acknowledges notifications at once, checks
 * their clientState and subscription id, and then catches up from the snapshot's position; `shutdown` deletes
 * the step's subscriptions.
 */
import { createHmac } from 'crypto';
import { ConfigurationError } from '../../outlook/errors';
import { isRecord } from '../../outlook/values/text';
import { ComponentContext, Logger, Message, consoleLogger } from '../context';
import { graphClientFor, isApplication } from '../credentials';
import type { WebhookTriggerDefinition } from '../definition';
import { checkAccount } from '../execution';
import { parseParams } from '../params';
import { explainAccessDenied } from '../permissions';
import { floorSecond } from '../polling/cursor';
import type { PollingContext } from '../polling/engine';
import { loadSnapshot, PollingSnapshot } from '../polling/snapshot';
import { settings } from '../settings';
import { SubscriptionKeeper, Timers } from './keeper';
import { postTick, readTick, tickBody } from './poke';
import type { SubscriptionPlan } from './subscriptions';

/** The safety tick when the step does not set one. */
export const DEFAULT_TICK_MINUTES = 15;
/** A step's first catch-up starts this long before its first message, for clocks that differ (when no Start Time is set). */
export const FIRST_START_MARGIN_MS = 60_000;

/** Test seams: timers, the tick period and the poke (a POST to the webhook URL in production). */
export interface WebhookRuntime {
  timers?: Timers;
  tickMs?: number;
  poke?(url: string, body: unknown): Promise<number>;
  now?(): number;
  /** Where the hooks (init, shutdown), which get no logger from the sailor, write. */
  logger?: Logger;
}

let runtime: WebhookRuntime = {};
const keepers = new Map<string, SubscriptionKeeper>();
/** When this container's `init` ran: a step's first position starts there, not at its first message. */
let startedAt: number | undefined;

export function configureWebhooks(options: WebhookRuntime): void {
  runtime = options;
}

/** Stops and forgets every keeper of this process (specs). */
export function stopKeepers(): void {
  for (const keeper of keepers.values()) keeper.stop();
  keepers.clear();
  startedAt = undefined;
}

type AnyWebhook = WebhookTriggerDefinition;

function titleOf(def: AnyWebhook): string {
  return `"${def.title}" trigger`;
}

function notificationUrl(def: AnyWebhook): string {
  const url = settings().flowWebhookUri;
  if (!url) {
    throw new ConfigurationError('ELASTICIO_FLOW_WEBHOOK_URI', `is not set: "${def.title}" needs the flow's webhook URL, which the platform `
      + 'gives to real-time flows whose first step is a webhook trigger');
  }
  return url;
}

/**
 * The step's clientState: random to anyone without the flow's message key, the same in every container of the
 * step (so each can check notifications for a subscription another one created), different for every step.
 */
export function clientStateFor(url: string): string {
  const env = settings();
  const key = env.messageKey ?? env.clientSecret;
  if (!key) throw new ConfigurationError('ELASTICIO_MESSAGE_CRYPTO_PASSWORD', 'is not set: a webhook trigger derives its clientState from it');
  return createHmac('sha256', key).update(`outlook-webhook|${env.flowId ?? ''}|${env.stepId ?? ''}|${url}`).digest('base64url');
}

function tickMinutes(values: unknown): number {
  const minutes = isRecord(values) ? values.safetyTickMinutes : undefined;
  return typeof minutes === 'number' && minutes > 0 ? minutes : DEFAULT_TICK_MINUTES;
}

function planOf(def: AnyWebhook, values: Record<string, unknown>, url = notificationUrl(def)): SubscriptionPlan {
  return { ...def.subscription(values), notificationUrl: url, clientState: clientStateFor(url) };
}

/** The container's keeper of the step's subscription, started when first asked for (by `init`, or by a message). */
function keeperFor(def: AnyWebhook, values: Record<string, unknown>, cfg: unknown, logger: Logger): SubscriptionKeeper {
  const plan = planOf(def, values);
  const key = `${plan.notificationUrl}|${plan.resource}`;
  let keeper = keepers.get(key);
  if (!keeper) {
    const poke = runtime.poke ?? postTick;
    const now = runtime.now ?? Date.now;
    keeper = new SubscriptionKeeper({
      plan, logger, title: titleOf(def), now, timers: runtime.timers,
      tickMs: runtime.tickMs ?? tickMinutes(values) * 60_000,
      explain: (err) => explainAccessDenied(err, { title: titleOf(def), permissions: def.permissions, cfg }),
      client: () => graphClientFor({ logger }, cfg),
      async poke(reason) {
        const status = await poke(plan.notificationUrl, tickBody(plan.clientState, reason, now()));
        if (status < 200 || status >= 300) throw new Error(`the webhook URL answered ${status}`);
        logger.info(`${titleOf(def)}: asked the step for a catch-up (${reason})`);
      },
    });
    keepers.set(key, keeper);
    keeper.start();
  }
  return keeper;
}

function valuesOf(def: AnyWebhook, cfg: unknown): Record<string, unknown> {
  const values = parseParams(def.params, { body: {}, cfg }) as Record<string, unknown>;
  checkAccount(def, values, cfg);
  if (!isApplication(cfg) && typeof values.mailbox === 'string') {
    // learn.microsoft.com/graph/outlook-share-messages-folders: the .Shared permissions do not support subscriptions.
    throw new ConfigurationError('Mailbox (mailbox)', 'must be empty with a signed-in user: Graph sends change notifications only about the '
      + 'user\'s own mailbox; leave it empty for your own mailbox, or use an application sign-in to watch another one');
  }
  return values;
}

/** `init`: every container start, before the sailor consumes. Starts the keeper and returns at once. */
export function initWebhook(def: AnyWebhook, cfg: unknown, logger: Logger = runtime.logger ?? consoleLogger): void {
  const values = valuesOf(def, cfg);
  startedAt ??= (runtime.now ?? Date.now)();
  if (settings().flowType === 'debug') return;
  if (!settings().flowWebhookUri) {
    logger.error(`${titleOf(def)}: ELASTICIO_FLOW_WEBHOOK_URI is not set, so no subscription is made: `
      + 'run the flow as a real-time flow with this trigger as its first step');
    return;
  }
  keeperFor(def, values, cfg, logger);
}

/** `startup`: what `shutdown` will need, in case its environment lacks the webhook URL. */
export function startupWebhook(): Record<string, unknown> {
  const url = settings().flowWebhookUri;
  return url ? { notificationUrl: url } : {};
}

/** `shutdown` (the flow stops): deletes every subscription posting to the step's webhook URL. */
export async function shutdownWebhook(def: AnyWebhook, cfg: unknown, data: unknown, logger: Logger = runtime.logger ?? consoleLogger): Promise<void> {
  const url = (isRecord(data) && typeof data.notificationUrl === 'string' ? data.notificationUrl : undefined) ?? settings().flowWebhookUri;
  if (!url) {
    logger.warn(`${titleOf(def)}: no webhook URL known at shutdown; nothing to delete`);
    return;
  }
  const values = parseParams(def.params, { body: {}, cfg }) as Record<string, unknown>;
  const plan = planOf(def, values, url);
  const keeper = new SubscriptionKeeper({
    plan, logger, title: titleOf(def), tickMs: 60_000, client: () => graphClientFor({ logger }, cfg), poke: () => Promise.resolve(), now: runtime.now,
  });
  const deleted = await keeper.deleteAll();
  logger.info(`${titleOf(def)}: flow stopped; ${deleted} subscription(s) deleted`);
}

interface Notification {
  subscriptionId?: unknown;
  clientState?: unknown;
  lifecycleEvent?: unknown;
}

/** Why the step should read what changed, or nothing. */
type Hint = string | undefined;

function queryOf(msg: Message): Record<string, unknown> {
  const query = (msg as { query?: unknown }).query;
  return isRecord(query) ? query : {};
}

function replyTo(msg: Message): unknown {
  return msg.headers?.reply_to;
}

/**
 * The first message of a step with no snapshot starts its position: the Start Time, else the container's start (or
 * now, without an `init`), less a margin for clocks that differ.
 */
function firstPosition(values: Record<string, unknown>, now: number): PollingSnapshot {
  const from = Math.min(startedAt ?? now, now) - FIRST_START_MARGIN_MS;
  const start = typeof values.startTime === 'string' ? values.startTime : new Date(floorSecond(from)).toISOString();
  return loadSnapshot({}, 'modified', start).snapshot;
}

/** A step without a snapshot gets its first position at once, so the catch-ups that follow start there. */
async function ensurePosition(def: AnyWebhook, platform: PollingContext, values: Record<string, unknown>, snapshot: unknown): Promise<unknown> {
  if (!isEmpty(snapshot)) return snapshot;
  const position = firstPosition(values, (runtime.now ?? Date.now)());
  await platform.emit('snapshot', position);
  platform.logger.info(`${titleOf(def)}: first message of the step; changes are read from ${String(position.since)} on`);
  return position;
}

function isEmpty(snapshot: unknown): boolean {
  return !isRecord(snapshot) || Object.keys(snapshot).length === 0;
}

async function reply(ctx: ComponentContext, statusCode: number, contentType: string, body: string): Promise<void> {
  await ctx.emit('httpReply', { statusCode, headers: { 'Content-Type': contentType }, body });
}

/** Looks at every notification of a delivery; returns why to catch up, if any notification is genuine. */
async function hintOf(def: AnyWebhook, ctx: ComponentContext, items: Notification[], keeper: SubscriptionKeeper, clientState: string): Promise<Hint> {
  const title = titleOf(def);
  let hint: Hint;
  for (const n of items) {
    if (n.clientState !== clientState) {
      ctx.logger.warn(`${title}: a notification with a clientState that is not this step's was dropped (subscription ${String(n.subscriptionId)})`);
      continue;
    }
    const id = typeof n.subscriptionId === 'string' ? n.subscriptionId : '';
    if (typeof n.lifecycleEvent === 'string') {
      ctx.logger.info(`${title}: lifecycle event ${n.lifecycleEvent} for subscription ${id}`);
      if (n.lifecycleEvent === 'subscriptionRemoved') keeper.recreate(`Graph removed subscription ${id}`);
      else if (n.lifecycleEvent === 'reauthorizationRequired') await keeper.reauthorize(id);
      hint = `lifecycle event ${n.lifecycleEvent}`;
      continue;
    }
    if (!(await keeper.knows(id))) {
      ctx.logger.warn(`${title}: a notification of subscription ${id}, which is not this step's current one, was dropped`);
      continue;
    }
    hint ??= 'change notification';
  }
  return hint;
}

/** process() of a webhook trigger. */
export async function executeWebhook(def: AnyWebhook, platform: PollingContext, msg: Message, cfg: unknown, snapshot: unknown): Promise<void> {
  const title = titleOf(def);
  const token = queryOf(msg).validationToken;
  if (typeof token === 'string') {
    if (!replyTo(msg)) {
      const problem = `${title}: Microsoft Graph's validation request reached the step without a reply channel (no reply_to), so it cannot be `
        + 'answered and Graph refuses the subscription. Run the flow as a real-time flow so that the platform passes the step\'s HTTP reply back to Graph';
      platform.logger.error(problem);
      throw new Error(problem);
    }
    await reply(platform, 200, 'text/plain', token);
    platform.logger.info(`${title}: answered Graph's validation request`);
    if (settings().flowType !== 'debug') await ensurePosition(def, platform, valuesOf(def, cfg), snapshot);
    return;
  }
  // Graph wants an answer within 3 seconds: acknowledge before any work.
  if (replyTo(msg)) await reply(platform, 202, 'text/plain', '');
  const values = valuesOf(def, cfg);
  const debug = settings().flowType === 'debug';
  let hint: Hint = debug ? 'sample' : undefined;
  if (!debug) {
    const keeper = keeperFor(def, values, cfg, platform.logger);
    const { clientState } = keeper.plan;
    const tick = readTick(msg.body, clientState);
    const items = isRecord(msg.body) && Array.isArray(msg.body.value) ? (msg.body.value as unknown[]).filter(isRecord) as Notification[] : undefined;
    if (tick) {
      if (tick.valid) hint = tick.reason;
      else platform.logger.warn(`${title}: a catch-up request with a wrong signature was dropped`);
    } else if (items) {
      hint = await hintOf(def, platform, items, keeper, clientState);
    } else {
      platform.logger.warn(`${title}: a request that is neither a Graph notification nor the step's own catch-up request was ignored`);
    }
  }
  const position = debug ? snapshot : await ensurePosition(def, platform, values, snapshot);
  if (hint === undefined) return;
  platform.logger.info(`${title}: reading what changed (${hint})`);
  try {
    await def.catchUp({ values: values, client: graphClientFor(platform, cfg, { clock: platform.clock }), platform, snapshot: position });
  } catch (err) {
    throw explainAccessDenied(err, { title, permissions: def.permissions, cfg });
  }
}
