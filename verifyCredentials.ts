/** Called by the platform when a credential is saved: proves the token works (and, app-only, reaches a mailbox). */
import { GraphError } from './lib/graph/errors';
import { mailboxRoot } from './lib/graph/paths';
import { ConfigurationError, OutlookError } from './lib/outlook/errors';
import { isRecord } from './lib/outlook/values/text';
import { ComponentContext, loggerOf } from './lib/platform/context';
import { graphClientFor, isApplication } from './lib/platform/credentials';
import { MAIL_READ, USER_READ, explainAccessDenied, grantedScopes, grants, missingScopes } from './lib/platform/permissions';

/** A 403 on the profile: User.Read missing, or consent that the tenant withholds from the app. */
function profileRefused(err: unknown, cfg: unknown): unknown {
  const granted = grantedScopes(cfg);
  if (!(err instanceof GraphError) || err.status !== 403 || (granted && !grants(granted, ['User.Read']))) {
    return explainAccessDenied(err, { title: 'Verifying the credential', permissions: [USER_READ], cfg });
  }
  return new OutlookError(`Microsoft Graph refused to read the signed-in user's profile (GET /me) although the sign-in asked for `
    + 'User.Read: the tenant may require an administrator to consent to the app (Entra: Enterprise applications → the app → '
    + `Permissions → Grant admin consent); then re-authenticate the credential (${err.status} ${err.code}`
    + `${err.requestId ? `, request-id ${err.requestId}` : ''})`, { cause: err });
}

/** App-only: a token, then the Inbox of the mailbox the credential names (what an access policy would refuse). */
async function verifyApplication(ctx: Partial<ComponentContext> | undefined, cfg: unknown): Promise<void> {
  const mailbox = isRecord(cfg) && typeof cfg.verifyMailbox === 'string' ? cfg.verifyMailbox.trim() : '';
  if (mailbox === '') {
    throw new ConfigurationError('Mailbox to Verify (verifyMailbox)', 'is required with application sign-in: name a mailbox the app should reach');
  }
  try {
    await graphClientFor(ctx, cfg).get(`${mailboxRoot(mailbox)}/mailFolders/inbox`, { $select: 'id' });
  } catch (err) {
    throw explainAccessDenied(err, { title: 'Verifying the credential', permissions: [MAIL_READ], cfg });
  }
  loggerOf(ctx).info(`Credentials verified: the app reaches the mailbox ${mailbox}`);
}

export = async function verifyCredentials(this: Partial<ComponentContext> | undefined, cfg: unknown): Promise<{ verified: true }> {
  const logger = loggerOf(this);
  // Throwing (never returning false) is what makes the sailor report {verified: false, reason}.
  if (isApplication(cfg)) {
    logger.info('Verifying application credentials: an app-only token and one mailbox');
    await verifyApplication(this, cfg);
    return { verified: true };
  }
  logger.info('Verifying credentials with GET /me');
  try {
    const me = await graphClientFor(this, cfg).get<{ userPrincipalName?: string; mail?: string }>('/me', { $select: 'id,userPrincipalName,mail' });
    logger.info(`Credentials verified for ${me?.userPrincipalName ?? me?.mail ?? 'the signed-in user'}`);
  } catch (err) {
    throw profileRefused(err, cfg);
  }
  const missing = missingScopes(cfg);
  if (missing.length > 0) {
    // Not fatal: an administrator may withhold some permissions on purpose; the functions that need them explain it.
    logger.warn(`The credential was not granted ${missing.join(', ')}: functions that need them will fail with access denied `
      + 'until the permissions are consented (add them in Entra if missing, then re-authenticate the credential)');
  }
  return { verified: true };
};
