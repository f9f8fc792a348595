/** `/subscriptions`: create (with the validation handshake), list, get, renew, reauthorize, delete. */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import type { ModelledMailbox } from '../core';
import { SubscriptionRec, Target, notificationUrlAllowed, subscriptionHub } from '../notifications';
import { requirePermission } from '../permissions';

const CHANGE_TYPES = ['created', 'updated', 'deleted'];

function invalid(message: string): GraphHttpError {
  return badRequest(message, 'InvalidRequest');
}

/** Exchange-backed failures come wrapped like this in Graph's subscription errors. */
function extensionError(status: number, reason: string): GraphHttpError {
  return new GraphHttpError(status, 'ExtensionError', `Operation: Create; Exception: [Status Code: ${status === 404 ? 'NotFound' : 'Forbidden'}; Reason: ${reason}]`);
}

function changeTypes(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim() === '') throw invalid("The property 'changeType' is required.");
  const types = value.split(',').map((t) => t.trim());
  const bad = types.find((t) => !CHANGE_TYPES.includes(t));
  if (bad !== undefined) throw invalid(`'${bad}' is not a valid change type; use created, updated or deleted.`);
  return [...new Set(types)];
}

function url(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`The property '${field}' is required.`);
  // Graph requires HTTPS; the sandbox also takes plain HTTP on the loopback interface, for local receivers.
  if (!notificationUrlAllowed(value)) throw invalid(`The ${field} '${value}' must be an absolute HTTPS URL.`);
  return value;
}

function expiration(ctx: RouteContext, value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalid("The property 'expirationDateTime' must be a DateTimeOffset.");
  const now = ctx.core.clock.now();
  if (ms <= now) throw invalid('Subscription expiration must be in the future.');
  // Outlook message, event and contact subscriptions live at most 10,080 minutes (learn.microsoft.com/graph/api/resources/subscription,
  // "Subscription lifetime"); older tenants answered 4,230 (microsoft-graph-docs#2988): NotificationOptions.maxLifetimeMinutes.
  const max = subscriptionHub(ctx.core).maxLifetimeMinutes;
  if (ms > now + max * 60_000) throw badRequest(`Subscription expiration can only be ${max} minutes in the future.`, 'ExtensionError');
  return ms;
}

/** `mailFolders('inbox')` and `mailFolders/inbox` both become ['mailFolders', 'inbox']. */
function tokens(path: string): string[] {
  const out: string[] = [];
  for (const seg of path.split('/').filter((s) => s !== '')) {
    const m = /^([^(]+)\('?(.*?)'?\)$/.exec(seg);
    if (m) out.push(m[1], decodeURIComponent(m[2]));
    else out.push(decodeURIComponent(seg));
  }
  return out;
}

interface Watched { parts: string[]; mailbox: ModelledMailbox }

/**
 * The mailbox a resource path names. Delegated tokens subscribe only in the signed-in user's mailbox: the `.Shared`
 * permissions "don't support subscribing to change notifications" (learn.microsoft.com/graph/outlook-share-messages-folders).
 */
function mailboxOf(ctx: RouteContext, parts: string[]): Watched {
  const head = parts[0]?.toLowerCase();
  const me = { user: ctx.core.me, store: ctx.core.store };
  if (head === 'me') {
    if (ctx.appToken) throw badRequest('/me request is only valid with delegated authentication flow.');
    return { parts: parts.slice(1), mailbox: me };
  }
  if (head !== 'users' || parts.length < 2) return { parts: [], mailbox: me };
  const user = ctx.core.findUser(parts[1]);
  if (!user) throw new GraphHttpError(404, 'ErrorInvalidUser', `The requested user '${parts[1]}' is invalid.`);
  const store = ctx.core.storeOf(user);
  if (!store || (user !== ctx.core.me && !ctx.appToken)) throw extensionError(403, 'Access is denied. Check credentials and try again.');
  return { parts: parts.slice(2), mailbox: { user, store } };
}

function target(ctx: RouteContext, resource: string): Target {
  if (resource.includes('?')) throw invalid('The sandbox does not support query options ($filter) in subscription resources.');
  const { parts, mailbox } = mailboxOf(ctx, tokens(resource.replace(/^\/?(v1\.0\/)?/i, '')));
  const { store } = mailbox;
  const shape = parts.map((p, i) => (i % 2 === 1 && parts.length === 3 ? '{}' : p.toLowerCase())).join('/');
  const need = <T>(found: T | undefined): T => {
    if (found === undefined) throw extensionError(404, 'The specified object was not found in the store.');
    return found;
  };
  const at = (kind: Target['kind'], container?: string): Target => {
    requirePermission(`subscription:${kind}`, { app: ctx.appToken, own: true, grants: ctx.grants });
    return { kind, mailbox: mailbox.user, container };
  };
  switch (shape) {
    case 'messages': return at('message');
    case 'mailfolders/{}/messages': return at('message', store.idOf('folder', need(store.tryFolder(parts[1]))));
    case 'events': case 'calendar/events': return at('event', store.idOf('calendar', store.defaultCalendar));
    case 'calendars/{}/events': return at('event', store.idOf('calendar', need(store.tryCalendar(parts[1]))));
    case 'contacts': return at('contact', store.idOf('contactFolder', store.defaultContactFolder));
    case 'contactfolders/{}/contacts': return at('contact', store.idOf('contactFolder', need(store.tryContactFolder(parts[1]))));
    default: throw invalid(`The resource '${resource}' is not supported for change notifications.`);
  }
}

async function create(ctx: RouteContext): Promise<SandboxResponse> {
  const hub = subscriptionHub(ctx.core);
  const body = ctx.json();
  if (typeof body.resource !== 'string' || body.resource === '') throw invalid("The property 'resource' is required.");
  const types = changeTypes(body.changeType);
  const notificationUrl = url(body.notificationUrl, 'notificationUrl');
  const lifecycleUrl = body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null ? null : url(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
  const expires = expiration(ctx, body.expirationDateTime);
  if (body.clientState !== undefined && body.clientState !== null && (typeof body.clientState !== 'string' || body.clientState.length > 128)) {
    throw invalid("The property 'clientState' must be a string of at most 128 characters.");
  }
  if (body.includeResourceData === true) throw invalid('The sandbox does not support rich notifications (includeResourceData).');
  const watched = target(ctx, body.resource);
  await hub.validate(notificationUrl);
  if (lifecycleUrl) await hub.validate(lifecycleUrl);
  const rec: SubscriptionRec = {
    id: hub.newId(), resource: body.resource, changeTypes: types, notificationUrl, lifecycleNotificationUrl: lifecycleUrl,
    expiration: expires, clientState: typeof body.clientState === 'string' ? body.clientState : null, target: watched, paused: false,
  };
  hub.add(rec);
  return { status: 201, json: { '@odata.context': `${ctx.core.url}/v1.0/$metadata#subscriptions/$entity`, ...hub.json(rec) } };
}

/** Managing a subscription needs the same permission as creating it (subscription-get, subscription-update, …). */
function resolve(ctx: RouteContext): SubscriptionRec {
  const rec = subscriptionHub(ctx.core).active(ctx.params.id);
  if (!rec) throw new GraphHttpError(404, 'ResourceNotFound', 'The object was not found.');
  requirePermission(`subscription:${rec.target.kind}`, { app: ctx.appToken, own: true, grants: ctx.grants });
  return rec;
}

function list(ctx: RouteContext): SandboxResponse {
  const hub = subscriptionHub(ctx.core);
  return { status: 200, json: { '@odata.context': `${ctx.core.url}/v1.0/$metadata#subscriptions`, value: hub.all().map((s) => hub.json(s)) } };
}

function get(ctx: RouteContext): SandboxResponse {
  return { status: 200, json: { '@odata.context': `${ctx.core.url}/v1.0/$metadata#subscriptions/$entity`, ...subscriptionHub(ctx.core).json(resolve(ctx)) } };
}

/** Renewal (expirationDateTime) and a new notificationUrl, which is validated again; renewing also reauthorizes. */
async function update(ctx: RouteContext): Promise<SandboxResponse> {
  const hub = subscriptionHub(ctx.core);
  const rec = resolve(ctx);
  const body = ctx.json();
  const other = Object.keys(body).find((k) => !['expirationDateTime', 'notificationUrl'].includes(k) && !k.startsWith('@odata'));
  if (other !== undefined) throw invalid(`The property '${other}' cannot be updated; only expirationDateTime and notificationUrl can.`);
  const expires = body.expirationDateTime === undefined ? rec.expiration : expiration(ctx, body.expirationDateTime);
  if (body.notificationUrl !== undefined) {
    const next = url(body.notificationUrl, 'notificationUrl');
    await hub.validate(next);
    rec.notificationUrl = next;
  }
  rec.expiration = expires;
  rec.paused = false;
  return { status: 200, json: { '@odata.context': `${ctx.core.url}/v1.0/$metadata#subscriptions/$entity`, ...hub.json(rec) } };
}

function reauthorize(ctx: RouteContext): SandboxResponse {
  resolve(ctx).paused = false;
  return { status: 204 };
}

function remove(ctx: RouteContext): SandboxResponse {
  subscriptionHub(ctx.core).remove(resolve(ctx).id);
  return { status: 204 };
}

export const subscriptionRoutes: RouteModule = {
  name: 'subscriptions',
  routes: [
    { name: 'createSubscription', method: 'POST', path: 'subscriptions', scope: 'graph', handler: create },
    { name: 'listSubscriptions', method: 'GET', path: 'subscriptions', scope: 'graph', handler: list },
    { name: 'getSubscription', method: 'GET', path: 'subscriptions/{id}', scope: 'graph', handler: get },
    { name: 'updateSubscription', method: 'PATCH', path: 'subscriptions/{id}', scope: 'graph', handler: update },
    { name: 'deleteSubscription', method: 'DELETE', path: 'subscriptions/{id}', scope: 'graph', handler: remove },
    { name: 'reauthorizeSubscription', method: 'POST', path: 'subscriptions/{id}/reauthorize', scope: 'graph', handler: reauthorize },
  ],
};
