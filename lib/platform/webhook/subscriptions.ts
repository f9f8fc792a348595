/**
 * Graph change-notification subscriptions of one webhook step (learn.microsoft.com/graph/api/resources/subscription):
 * find the step's own by notificationUrl, create, renew, reauthorize and delete them. Graph validates the
 * notificationUrl while POST /subscriptions waits, so creating one needs the step to be consuming its messages.
 */
import type { GraphClient } from '../../graph/GraphClient';
import { GraphError } from '../../graph/errors';
import { segment } from '../../graph/paths';

export interface GraphSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  expirationDateTime: string;
  clientState?: string | null;
}

/** What a step subscribes to. */
export interface SubscriptionPlan {
  /** The resource path as Graph takes it, without a leading slash: `me/mailFolders('inbox')/messages`. */
  resource: string;
  /** Comma-separated: created, updated, deleted. */
  changeType: string;
  notificationUrl: string;
  clientState: string;
}

/**
 * Outlook message, event and contact subscriptions without resource data live at most 10,080 minutes
 * (learn.microsoft.com/graph/api/resources/subscription, "Subscription lifetime"). Asked a little below it, so
 * that our clock running ahead of Graph's does not make the request too long; older tenants allow 4,230 minutes
 * and say so in the error, which is then read (microsoft-graph-docs#2988).
 */
export const MAX_LIFETIME_MINUTES = 10_080;
const ASKED_MARGIN_MINUTES = 10;

interface Page { value?: GraphSubscription[]; '@odata.nextLink'?: string }

function isMine(sub: GraphSubscription, plan: Pick<SubscriptionPlan, 'notificationUrl'>): boolean {
  return sub.notificationUrl === plan.notificationUrl;
}

/** Every subscription of the app (for the signed-in user, with a delegated token) that posts to `notificationUrl`. */
export async function findSubscriptions(client: GraphClient, plan: Pick<SubscriptionPlan, 'notificationUrl'>): Promise<GraphSubscription[]> {
  const found: GraphSubscription[] = [];
  let request: { path?: string; url?: string } = { path: '/subscriptions' };
  for (let pages = 0; pages < 100; pages += 1) {
    const page = (await client.request<Page>({ method: 'GET', ...request })).data;
    for (const sub of page.value ?? []) if (isMine(sub, plan)) found.push(sub);
    const next = page['@odata.nextLink'];
    if (!next) break;
    request = { url: next };
  }
  return found;
}

/** The maximum lifetime an `ExtensionError` names ("…can only be 4230 minutes in the future."), if it names one. */
export function grantedMinutes(err: unknown): number | undefined {
  if (!(err instanceof GraphError) || err.status !== 400) return undefined;
  const match = /can only be (\d+) minutes in the future/i.exec(err.graphMessage);
  return match ? Number(match[1]) : undefined;
}

function expiryIn(now: number, minutes: number): string {
  return new Date(now + minutes * 60_000).toISOString();
}

/**
 * Creates the subscription; Graph's answer names the expiry it granted, which may be earlier than asked. POST is
 * not repeated on an ambiguous failure (a timeout): the caller lists by notificationUrl, which finds it if it was made.
 */
export async function createSubscription(client: GraphClient, plan: SubscriptionPlan, now: number): Promise<GraphSubscription> {
  let minutes = MAX_LIFETIME_MINUTES - ASKED_MARGIN_MINUTES;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await client.request<GraphSubscription>({
        method: 'POST', path: '/subscriptions', idempotent: false,
        body: {
          changeType: plan.changeType, notificationUrl: plan.notificationUrl, lifecycleNotificationUrl: plan.notificationUrl,
          resource: plan.resource, expirationDateTime: expiryIn(now, minutes), clientState: plan.clientState,
        },
        // Graph waits for the validation handshake (up to 10 s) before it answers.
        timeoutMs: 60_000,
      });
      return response.data;
    } catch (err) {
      const granted = grantedMinutes(err);
      if (granted === undefined || attempt > 0 || granted <= ASKED_MARGIN_MINUTES) throw err;
      minutes = granted - ASKED_MARGIN_MINUTES;
    }
  }
}

/** Extends the subscription as far as Graph allows; a 404 means Graph no longer has it. */
export async function renewSubscription(client: GraphClient, id: string, now: number, lifetimeMinutes: number): Promise<GraphSubscription> {
  const response = await client.request<GraphSubscription>({
    method: 'PATCH', path: `/subscriptions/${segment(id, 'subscription id')}`,
    body: { expirationDateTime: expiryIn(now, lifetimeMinutes) },
  });
  return response.data;
}

/** After `reauthorizationRequired`: notifications resume once the app shows it still has access. */
export async function reauthorizeSubscription(client: GraphClient, id: string): Promise<void> {
  await client.request({ method: 'POST', path: `/subscriptions/${segment(id, 'subscription id')}/reauthorize`, idempotent: true });
}

/** Deletes it; one already gone counts as deleted. */
export async function deleteSubscription(client: GraphClient, id: string): Promise<void> {
  try {
    await client.request({ method: 'DELETE', path: `/subscriptions/${segment(id, 'subscription id')}` });
  } catch (err) {
    if (!(err instanceof GraphError && err.status === 404)) throw err;
  }
}

/**
 * Of several subscriptions of one step (two containers created one each at once, or one was left behind), the one
 * every container keeps: the smallest id, so that all of them choose the same one without talking to each other.
 */
export function keeperOf(subs: readonly GraphSubscription[]): GraphSubscription | undefined {
  return [...subs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

/**
 * A subscription's resource is the path the step reads, relative (`me/mailFolders/{id}/messages`): its ids are the
 * same encoded segments as in the requests, so no id or name can point the subscription elsewhere.
 */
export function resourceOf(requestPath: string): string {
  return requestPath.replace(/^\//, '');
}
