/** Called by the platform when a credential is saved: proves the token works by reading the profile. */
import { graphClientFor } from './lib/platform/credentials';
import { ComponentContext, loggerOf } from './lib/platform/context';
import { GraphError } from './lib/graph/errors';

export = async function verifyCredentials(this: Partial<ComponentContext> | undefined, cfg: unknown): Promise<{ verified: true }> {
  const logger = loggerOf(this);
  logger.info('Verifying credentials with GET /me');
  try {
    const me = await graphClientFor(this, cfg).get<{ userPrincipalName?: string; mail?: string }>('/me', { $select: 'id,userPrincipalName,mail' });
    logger.info(`Credentials verified for ${me?.userPrincipalName ?? me?.mail ?? 'the signed-in user'}`);
    return { verified: true };
  } catch (err) {
    // Throwing (never returning false) is what makes the sailor report {verified: false, reason}.
    if (err instanceof GraphError && err.status === 403) {
      throw new Error(`Access denied by Microsoft Graph (${err.code}): consent to User.Read and the component's scopes is missing. ${err.message}`);
    }
    throw err;
  }
};
