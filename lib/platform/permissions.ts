/**
 * The delegated permissions each function needs, and the explanation of a 403 that one of them is missing.
 * Graph answers a missing scope and a missing mailbox permission with the same 403 ErrorAccessDenied, so the
 * scopes granted to the credential (the `scope` of its token response) are what tells the two apart.
 */
import { GraphError } from '../graph/errors';
import { OutlookError } from '../outlook/errors';
import { isRecord } from '../outlook/values/text';

/** Any one scope of a list is enough (…ReadWrite includes …Read). */
export interface Permission {
  /** On the signed-in user's own mailbox (`/me`). */
  own: readonly string[];
  /** On another user's mailbox (`/users/{id}`): the `.Shared` variants (learn.microsoft.com/graph/outlook-share-messages-folders). */
  shared: readonly string[];
}

// Graph's Permissions table of each API page, least privileged first.
export const MAIL_READ: Permission = { own: ['Mail.Read', 'Mail.ReadWrite'], shared: ['Mail.Read.Shared', 'Mail.ReadWrite.Shared'] };
export const MAIL_WRITE: Permission = { own: ['Mail.ReadWrite'], shared: ['Mail.ReadWrite.Shared'] };
export const MAIL_SEND: Permission = { own: ['Mail.Send'], shared: ['Mail.Send.Shared'] };
export const CONTACTS_READ: Permission = { own: ['Contacts.Read', 'Contacts.ReadWrite'], shared: ['Contacts.Read.Shared', 'Contacts.ReadWrite.Shared'] };
export const CONTACTS_WRITE: Permission = { own: ['Contacts.ReadWrite'], shared: ['Contacts.ReadWrite.Shared'] };
export const CALENDARS_READ: Permission = { own: ['Calendars.Read', 'Calendars.ReadWrite'], shared: ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'] };
export const CALENDARS_WRITE: Permission = { own: ['Calendars.ReadWrite'], shared: ['Calendars.ReadWrite.Shared'] };
/** getSchedule reads free/busy, which Calendars.ReadBasic already allows (calendar-getschedule). */
export const FREE_BUSY: Permission = { own: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'], shared: ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'] };
/** findMeetingTimes needs a .Shared scope even on one's own mailbox (user-findmeetingtimes). */
export const MEETING_TIMES: Permission = { own: ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'], shared: ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'] };
export const USER_READ: Permission = { own: ['User.Read'], shared: ['User.Read'] };
/**
 * Mailbox settings and the category list: there is no `.Shared` variant, so a delegated token reaches only the
 * signed-in user's own (office-js#6057; the functions explain the 403 on another mailbox themselves).
 */
export const MAILBOX_SETTINGS_READ: Permission = { own: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'], shared: [] };
export const MAILBOX_SETTINGS_WRITE: Permission = { own: ['MailboxSettings.ReadWrite'], shared: [] };

/**
 * The delegated scopes the credential asks for at sign-in (component.json's oauth2 scopes): one of each
 * function's permissions, the broadest, so that one consent covers every function on every mailbox.
 */
export const REQUESTED_SCOPES: readonly string[] = [
  'openid', 'offline_access', 'User.Read',
  'Mail.ReadWrite', 'Mail.ReadWrite.Shared', 'Mail.Send', 'Mail.Send.Shared',
  'Calendars.ReadWrite', 'Calendars.ReadWrite.Shared', 'Contacts.ReadWrite', 'Contacts.ReadWrite.Shared',
  'MailboxSettings.ReadWrite',
];

/** The scopes of the credential's token, when the token response said (it always does from the v2.0 endpoint). */
export function grantedScopes(cfg: unknown): string[] | undefined {
  const oauth = isRecord(cfg) && isRecord(cfg.oauth) ? cfg.oauth : undefined;
  if (typeof oauth?.scope !== 'string' || oauth.scope.trim() === '') return undefined;
  return oauth.scope.trim().split(/\s+/);
}

/** Whether one of `scopes` is among `granted`; scope names compare case-insensitively, a resource prefix aside. */
export function grants(granted: readonly string[], scopes: readonly string[]): boolean {
  const names = new Set(granted.map((s) => s.replace(/^https:\/\/[^/]+\//, '').toLowerCase()));
  return scopes.some((s) => names.has(s.toLowerCase()));
}

const DENIED_CODES = new Set(['ErrorAccessDenied', 'AccessDenied', 'Authorization_RequestDenied', 'ErrorAccessDeniedException']);

/** The requested scopes (sign-in scopes aside) that the credential's token does not have; empty when unknown. */
export function missingScopes(cfg: unknown): string[] {
  const granted = grantedScopes(cfg);
  if (!granted) return [];
  return REQUESTED_SCOPES.filter((s) => s !== 'openid' && s !== 'offline_access' && !grants(granted, [s]));
}

/** The mailbox a failed request addressed, from its path: `/v1.0/users/{mailbox}/…`. */
function mailboxOfPath(path: string): string | undefined {
  const m = /^\/v1\.0\/users\/([^/]+)/.exec(path);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/**
 * A 403 in the words of a flow designer: which permission is missing and that the credential must be consented
 * again, or, when the permission is there, that the user lacks access to the mailbox. Any other error is returned
 * unchanged.
 */
export function explainAccessDenied(err: unknown, what: { title: string; permissions: readonly Permission[]; cfg: unknown }): unknown {
  if (!(err instanceof GraphError) || err.status !== 403 || !DENIED_CODES.has(err.code) || what.permissions.length === 0) return err;
  const mailbox = mailboxOfPath(err.path);
  const granted = grantedScopes(what.cfg);
  const lists = what.permissions.map((p) => (mailbox === undefined ? p.own : p.shared));
  const needed = lists.find((list) => granted && !grants(granted, list)) ?? lists[0];
  // No delegated permission reaches this on another mailbox: nothing to ask for (the function says so itself).
  if (needed.length === 0) return err;
  const where = mailbox === undefined ? 'the signed-in user\'s mailbox' : `the mailbox "${mailbox}"`;
  const ids = `(${err.status} ${err.code}${err.requestId ? `, request-id ${err.requestId}` : ''})`;
  if (isApplicationCfg(what.cfg)) return new OutlookError(applicationDenied(what.title, where, what.permissions, ids), { cause: err });
  const scopes = needed.join(' or ');
  let message: string;
  if (granted && !grants(granted, needed)) {
    message = `${what.title} needs the delegated permission ${scopes} on ${where}, and the credential was not granted it `
      + `(its token has: ${granted.join(' ')}). Add the permission to the app registration in Entra (API permissions → `
      + 'Microsoft Graph → Delegated), grant admin consent where your tenant requires it, then re-authenticate the credential '
      + `in elastic.io so that it is consented again ${ids}`;
  } else if (granted) {
    message = `${what.title} was refused access to ${where}: the credential has the permission ${scopes}, so the signed-in user `
      + `lacks access to that mailbox or folder. Ask its owner or an Exchange administrator for Full Access (or for permission `
      + `on the folder) ${ids}`;
  } else {
    message = `${what.title} was refused access to ${where}: either the credential lacks the delegated permission ${scopes} `
      + `(add it in Entra and re-authenticate the credential) or the signed-in user lacks access to that mailbox ${ids}`;
  }
  return new OutlookError(message, { cause: err });
}

function isApplicationCfg(cfg: unknown): boolean {
  return isRecord(cfg) && cfg.authType === 'application';
}

/** An app-only token holds application permissions; Exchange can also fence an app off with an access policy. */
function applicationDenied(title: string, where: string, permissions: readonly Permission[], ids: string): string {
  const needed = permissions.map((p) => p.own.filter((s) => !s.endsWith('.Shared')).join(' or ')).join(', and ');
  return `${title} was refused access to ${where}: the app needs the application permission ${needed} (Entra: API permissions → `
    + 'Microsoft Graph → Application permissions, with admin consent), and an Exchange application access policy may limit it to '
    + `other mailboxes (Get-ApplicationAccessPolicy / Test-ApplicationAccessPolicy in Exchange Online PowerShell) ${ids}`;
}
