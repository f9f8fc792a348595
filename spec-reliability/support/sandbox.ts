/** A sandbox per suite with the component's environment pointed at it, and every credential it hands out learned as a secret. */
import { startSandbox } from '../../dev/sandbox';
import type { OAuthTokenResponse, Sandbox, SandboxOptions } from '../../dev/sandbox/types';
import { forgetRefreshedTokens } from '../../lib/platform/credentials';
import { addSecret, addTokenSecrets, recordOutput } from './secrets';

const ENV_KEYS = [
  'MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET',
  'ELASTICIO_OBJECT_STORAGE_URI', 'ELASTICIO_OBJECT_STORAGE_TOKEN', 'ELASTICIO_FLOW_TYPE',
] as const;

export interface Harness {
  sb: Sandbox;
  /** A step configuration with a freshly consented credential. */
  cfg(fields?: Record<string, unknown>): Record<string, unknown>;
  /** Points Graph (not the token endpoint) at another base URL, e.g. a proxy in front of the sandbox. */
  useGraphUrl(url: string): void;
  stop(): Promise<void>;
}

export async function openSandbox(options: SandboxOptions = {}): Promise<Harness> {
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  const sb = await startSandbox(options);
  addSecret(sb.clientSecret, sb.objectStorageToken);
  const env: Record<string, string> = {
    MSGRAPH_BASE_URL: sb.url, MSAPP_AUTHORITY_HOST: sb.url, MSAPP_CLIENT_ID: sb.clientId, MSAPP_CLIENT_SECRET: sb.clientSecret,
    ELASTICIO_OBJECT_STORAGE_URI: sb.url, ELASTICIO_OBJECT_STORAGE_TOKEN: sb.objectStorageToken,
  };
  for (const key of ENV_KEYS) {
    if (env[key] === undefined) delete process.env[key]; else process.env[key] = env[key];
  }
  forgetRefreshedTokens();
  return {
    sb,
    cfg(fields = {}) {
      const oauth: OAuthTokenResponse = sb.issueToken();
      addTokenSecrets(oauth);
      return { tenantId: sb.tenantId, oauth, ...fields };
    },
    useGraphUrl(url: string) { process.env.MSGRAPH_BASE_URL = url; },
    async stop() {
      // Tokens in a request target would end up in every proxy and server log on the way.
      for (const r of sb.requests) recordOutput('request target', `${r.method} ${r.path} ${JSON.stringify(r.query)}`);
      await sb.stop();
      forgetRefreshedTokens();
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
      }
    },
  };
}
