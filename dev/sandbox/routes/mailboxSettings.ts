/**
 * Mailbox settings (user-get-mailboxsettings, user-update-mailboxsettings): GET the whole set or one setting, PATCH
 * some of them; a PATCH answers the updated properties only. Automatic replies are validated as Graph documents
 * them (resources/automaticrepliessetting).
 */
import { GraphHttpError, badRequest } from '../http/errors';
import type { RouteContext, RouteModule, SandboxResponse } from '../http/router';
import { walk } from '../odata/filter';
import { clone, Props } from '../store/Store';
import { userContext } from './common';

const WRITABLE = ['automaticRepliesSetting', 'dateFormat', 'delegateMeetingMessageDeliveryOptions', 'language', 'timeFormat', 'timeZone', 'workingHours'];
const STATUS = ['disabled', 'alwaysEnabled', 'scheduled'];
const AUDIENCE = ['none', 'contactsOnly', 'all'];

function context(ctx: RouteContext, part = ''): string {
  return `${userContext(ctx)}/mailboxSettings${part}`;
}

function get(ctx: RouteContext): SandboxResponse {
  return { status: 200, json: { '@odata.context': context(ctx), ...clone(ctx.mailbox.store.mailboxSettings) } };
}

function getSetting(ctx: RouteContext): SandboxResponse {
  const name = WRITABLE.concat('archiveFolder', 'userPurpose').find((k) => k.toLowerCase() === ctx.params.setting.toLowerCase());
  if (!name) throw badRequest(`Resource not found for the segment '${ctx.params.setting}'.`, 'BadRequest');
  const value = ctx.mailbox.store.mailboxSettings[name];
  return { status: 200, json: { '@odata.context': context(ctx, `/${name}`), ...(typeof value === 'object' && value !== null ? clone(value) : { value }) } };
}

function enumValue(value: unknown, allowed: string[]): string {
  const found = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  if (!found) throw new GraphHttpError(400, 'RequestBodyRead', `Requested value '${String(value)}' was not found.`);
  return found;
}

function when(value: unknown, name: string): { dateTime: string; timeZone: string } {
  const dateTime = walk(value, ['dateTime']);
  const timeZone = walk(value, ['timeZone']);
  if (typeof dateTime !== 'string' || Number.isNaN(Date.parse(`${dateTime.slice(0, 19)}Z`)) || typeof timeZone !== 'string') {
    throw new GraphHttpError(400, 'RequestBodyRead', `The property '${name}' must be a dateTimeTimeZone.`);
  }
  return { dateTime: `${dateTime.slice(0, 19)}.0000000`, timeZone };
}

/** The automaticRepliesSetting after a PATCH of some of its properties. */
function automaticReplies(current: Props, patch: unknown): Props {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new GraphHttpError(400, 'RequestBodyRead', "The property 'automaticRepliesSetting' must be an object.");
  const next = clone(current);
  for (const [key, value] of Object.entries(patch as Props)) {
    if (key.startsWith('@odata')) continue;
    switch (key) {
      case 'status': next.status = enumValue(value, STATUS); break;
      case 'externalAudience': next.externalAudience = enumValue(value, AUDIENCE); break;
      case 'internalReplyMessage': case 'externalReplyMessage':
        if (typeof value !== 'string') throw new GraphHttpError(400, 'RequestBodyRead', `The property '${key}' must be a string.`);
        next[key] = value;
        break;
      case 'scheduledStartDateTime': case 'scheduledEndDateTime': next[key] = when(value, key); break;
      default: throw new GraphHttpError(400, 'RequestBodyRead', `The property '${key}' does not exist on type 'microsoft.graph.automaticRepliesSetting'.`);
    }
  }
  const start = Date.parse(`${String(walk(next, ['scheduledStartDateTime', 'dateTime'])).slice(0, 19)}Z`);
  const end = Date.parse(`${String(walk(next, ['scheduledEndDateTime', 'dateTime'])).slice(0, 19)}Z`);
  // UNCONFIRMED: the answer to a schedule that ends before it starts (compared as written, zones aside).
  if (next.status === 'scheduled' && !(end > start)) throw badRequest('The scheduled end time must be after the scheduled start time.', 'ErrorInvalidParameter');
  return next;
}

function update(ctx: RouteContext): SandboxResponse {
  const body = ctx.json();
  const settings = ctx.mailbox.store.mailboxSettings;
  const changed: Props = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata')) continue;
    const name = WRITABLE.find((k) => k.toLowerCase() === key.toLowerCase());
    if (!name) throw new GraphHttpError(400, 'RequestBodyRead', `The property '${key}' does not exist on type 'microsoft.graph.mailboxSettings' or cannot be changed.`);
    changed[name] = name === 'automaticRepliesSetting' ? automaticReplies(settings.automaticRepliesSetting as Props, value) : clone(value);
  }
  Object.assign(settings, changed);
  return { status: 200, json: { '@odata.context': context(ctx), ...clone(changed) } };
}

export const mailboxSettingsRoutes: RouteModule = {
  name: 'mailboxSettings',
  routes: [
    { name: 'getMailboxSettings', method: 'GET', path: 'mailboxSettings', handler: get },
    { name: 'getMailboxSetting', method: 'GET', path: 'mailboxSettings/{setting}', handler: getSetting },
    { name: 'updateMailboxSettings', method: 'PATCH', path: 'mailboxSettings', handler: update },
  ],
};
