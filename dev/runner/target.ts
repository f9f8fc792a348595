/** Where the runner points the component: the in-process Graph sandbox (default) or real Microsoft Graph. */
import * as fs from 'fs';
import { startSandbox, Sandbox } from '../sandbox';
import { realClock } from '../sandbox/clock';

/**
 * `run` starts a fresh sandbox each time; anchoring its clock makes the seeded mailbox identical from run to run,
 * so a snapshot kept in a file between runs sees only what the run itself changes.
 */
const RUNNER_EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface Target {
  name: 'sandbox' | 'live';
  description: string;
  credentials(): { tenantId: string; oauth: unknown };
  updateKeys(keys: unknown): void;
  close(): Promise<void>;
  sandbox?: Sandbox;
}

export async function sandboxTarget(options: { anchored?: boolean } = {}): Promise<Target> {
  const clock = realClock();
  if (options.anchored) clock.set(RUNNER_EPOCH);
  const sb = await startSandbox({ seed: 1, clock });
  process.env.MSGRAPH_BASE_URL = sb.url;
  process.env.MSAPP_AUTHORITY_HOST = sb.url;
  process.env.MSAPP_CLIENT_ID = sb.clientId;
  process.env.MSAPP_CLIENT_SECRET = sb.clientSecret;
  process.env.ELASTICIO_OBJECT_STORAGE_URI = sb.url;
  process.env.ELASTICIO_OBJECT_STORAGE_TOKEN = sb.objectStorageToken;
  let oauth: unknown = sb.issueToken();
  return {
    name: 'sandbox',
    description: `the Graph sandbox at ${sb.url} (mailbox ${sb.user.userPrincipalName})`,
    credentials: () => ({ tenantId: sb.tenantId, oauth }),
    updateKeys: (keys) => { oauth = (keys as { oauth?: unknown }).oauth ?? oauth; },
    close: () => sb.stop(),
    sandbox: sb,
  };
}

/** Live Graph: MSAPP_CLIENT_ID/SECRET from the environment, the token response from a file written by `login`. */
export async function liveTarget(tokenFile: string, tenantId: string): Promise<Target> {
  if (!process.env.MSAPP_CLIENT_ID || !process.env.MSAPP_CLIENT_SECRET) {
    throw new Error('live runs need MSAPP_CLIENT_ID and MSAPP_CLIENT_SECRET in the environment');
  }
  let oauth = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as unknown;
  return {
    name: 'live',
    description: `Microsoft Graph at ${process.env.MSGRAPH_BASE_URL || 'https://graph.microsoft.com'} (tenant ${tenantId})`,
    credentials: () => ({ tenantId, oauth }),
    updateKeys: (keys) => {
      // Refresh tokens rotate: keep the newest one for the next run.
      oauth = (keys as { oauth?: unknown }).oauth ?? oauth;
      fs.writeFileSync(tokenFile, JSON.stringify(oauth, null, 2), { mode: 0o600 });
    },
    close: async () => undefined,
  };
}
