/** `/subscriptions`: create (with the validation handshake), list, get, renew, reauthorize, delete. */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { SubscriptionRec, Target, notificationUrlAllowed, subscriptionHub } from '../notifications';

/** Outlook message, event and contact subscriptions live at most 10,080 minutes (graph-behaviour.md §5). */
const MAX_MINUTES = 10_080;
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
  if (ms > now + MAX_MINUTES * 60_000) throw badRequest(`Subscription expiration can only be ${MAX_MINUTES} minutes in the future.`, 'ExtensionError');
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

function mailboxOf(ctx: RouteContext, parts: string[]): string[] {
  const head = parts[0]?.toLowerCase();
  if (head === 'me') {
    if (ctx.appToken) throw badRequest('/me request is only valid with delegated authentication flow.');
    return parts.slice(1);
  }
  if (head !== 'users' || parts.length < 2) return [];
  const user = ctx.core.findUser(parts[1]);
  if (!user) throw new GraphHttpError(404, 'ErrorInvalidUser', `The requested user '${parts[1]}' is invalid.`);
  if (user !== ctx.core.me) throw extensionError(403, 'Access is denied. Check credentials and try again.');
  return parts.slice(2);
}

function target(ctx: RouteContext, resource: string): Target {
  if (resource.includes('?')) throw invalid('The sandbox does not support query options ($filter) in subscription resources.');
  const { store } = ctx.core;
  const parts = mailboxOf(ctx, tokens(resource.replace(/^\/?(v1\.0\/)?/i, '')));
  const shape = parts.map((p, i) => (i % 2 === 1 && parts.length === 3 ? '{}' : p.toLowerCase())).join('/');
  const need = <T>(found: T | undefined): T => {
    if (found === undefined) throw extensionError(404, 'The specified object was not found in the store.');
    return found;
  };
  switch (shape) {
    case 'messages': return { kind: 'message' };
    case 'mailfolders/{}/messages': return { kind: 'message', container: store.idOf('folder', need(store.tryFolder(parts[1]))) };
    case 'events': case 'calendar/events': return { kind: 'event', container: store.idOf('calendar', store.defaultCalendar) };
    case 'calendars/{}/events': return { kind: 'event', container: store.idOf('calendar', need(store.tryCalendar(parts[1]))) };
    case 'contacts': return { kind: 'contact', container: store.idOf('contactFolder', store.defaultContactFolder) };
    case 'contactfolders/{}/contacts': return { kind: 'contact', container: store.idOf('contactFolder', need(store.tryContactFolder(parts[1]))) };
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

function resolve(ctx: RouteContext): SubscriptionRec {
  const rec = subscriptionHub(ctx.core).active(ctx.params.id);
  if (!rec) throw new GraphHttpError(404, 'ResourceNotFound', 'The object was not found.');
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
