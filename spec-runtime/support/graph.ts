/** The Graph sandbox as the sailor's child process sees it: environment variables and a credential. */
import { createHash } from 'crypto';
import { startSandbox } from '../../dev/sandbox';
import type { OAuthTokenResponse, RecordedRequest, Sandbox, SandboxOptions } from '../../dev/sandbox';

export interface GraphWorld {
  sandbox: Sandbox;
  /** What the platform would set on the component's containers (envVars), pointed at the sandbox. */
  env: Record<string, string>;
  /** Credential keys as stored after an OAuth consent. */
  account(): { tenantId: string; oauth: OAuthTokenResponse };
  stop(): Promise<void>;
}

export async function startGraph(options: SandboxOptions = {}): Promise<GraphWorld> {
  const sandbox = await startSandbox({ seed: 7, ...options });
  return {
    sandbox,
    env: {
      MSGRAPH_BASE_URL: sandbox.url,
      MSAPP_AUTHORITY_HOST: sandbox.url,
      MSAPP_CLIENT_ID: sandbox.clientId,
      MSAPP_CLIENT_SECRET: sandbox.clientSecret,
      ELASTICIO_OBJECT_STORAGE_URI: sandbox.url,
      ELASTICIO_OBJECT_STORAGE_TOKEN: sandbox.objectStorageToken,
    },
    account: () => ({ tenantId: sandbox.tenantId, oauth: sandbox.issueToken() }),
    stop: () => sandbox.stop(),
  };
}

/** Graph requests (not token or object-storage calls) recorded after index `from`. */
export function graphRequests(sandbox: Sandbox, from = 0): RecordedRequest[] {
  return sandbox.requests.slice(from).filter((r) => r.path.startsWith('/v1.0/'));
}

/** The sandbox records a bearer token as `Bearer sha256:<hex prefix>`; true when `header` stands for `accessToken`. */
export function isBearerOf(header: string | undefined, accessToken: string): boolean {
  const match = /^Bearer (?:sha256:)?([0-9a-f]{8,})$/.exec(header ?? '');
  return match !== null && createHash('sha256').update(accessToken).digest('hex').startsWith(match[1]);
}
