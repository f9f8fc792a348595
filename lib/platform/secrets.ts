/**
 * Credentials made with an auth client (the platform's newer model): the platform keeps and refreshes the OAuth
 * token, the step only knows `cfg.secretId`. The token is read from the secrets API and refreshed through it
 * (elasticio/api-docs, "Secrets"); it never leaves this process.
 */
import axios from 'axios';
import type { TokenSource } from '../graph/auth';
import { AuthError } from '../graph/errors';
import { isRecord } from '../outlook/values/text';
import type { Settings } from './settings';

const TIMEOUT_MS = 30_000;
const FROM_PLATFORM = 'Getting the token from the platform';

/** The access token inside a secret; the API has been seen to give `data` as an object and, for refresh, as an array. */
function tokenOf(body: unknown): string | undefined {
  const data = isRecord(body) ? body.data : undefined;
  const secret = Array.isArray(data) ? data[0] : data;
  const credentials = isRecord(secret) && isRecord(secret.attributes) ? secret.attributes.credentials : undefined;
  return isRecord(credentials) && typeof credentials.access_token === 'string' && credentials.access_token !== '' ? credentials.access_token : undefined;
}

export class SecretTokenSource implements TokenSource {
  private token?: string;
  private pending?: Promise<string>;

  constructor(private readonly secretId: string, private readonly env: Settings) {}

  async accessToken(): Promise<string> {
    this.token ??= await this.call('GET', '');
    return this.token;
  }

  /** After a 401: the platform refreshes the token with the auth client and answers with the new one. */
  refresh(rejected?: string): Promise<string> {
    if (!this.pending && rejected !== undefined && this.token !== undefined && rejected !== this.token) return Promise.resolve(this.token);
    this.pending ??= this.call('POST', '/refresh').then((t) => { this.token = t; return t; }).finally(() => { this.pending = undefined; });
    return this.pending;
  }

  secrets(): string[] {
    return [this.token, this.env.apiKey].filter((s): s is string => typeof s === 'string' && s.length > 0);
  }

  private async call(method: 'GET' | 'POST', suffix: string): Promise<string> {
    const { apiUri, apiUsername, apiKey, workspaceId } = this.env;
    if (!apiUri || !apiUsername || !apiKey || !workspaceId) {
      throw new AuthError({ error: 'secrets_unavailable', aadsts: [], detail: 'the platform API (ELASTICIO_API_URI, _USERNAME, _KEY, ELASTICIO_WORKSPACE_ID) is not configured', what: FROM_PLATFORM });
    }
    const url = `${apiUri}/v2/workspaces/${encodeURIComponent(workspaceId)}/secrets/${encodeURIComponent(this.secretId)}${suffix}`;
    const response = await axios.request({
      method, url, auth: { username: apiUsername, password: apiKey }, timeout: TIMEOUT_MS, validateStatus: () => true, maxRedirects: 0, proxy: false,
    }).catch((err: unknown) => {
      throw new AuthError({ error: 'secrets_unavailable', aadsts: [], detail: `the platform's secrets API could not be reached (${(err as { code?: string }).code ?? 'error'})`, what: FROM_PLATFORM });
    });
    const token = response.status >= 200 && response.status < 300 ? tokenOf(response.data) : undefined;
    if (token === undefined) {
      throw new AuthError({ error: 'secret_refused', aadsts: [], status: response.status, detail: `the platform's secrets API answered ${response.status} for secret ${this.secretId}${suffix ? ' (refresh)' : ''} without a token; re-authenticate the auth client's credential`, what: FROM_PLATFORM });
    }
    return token;
  }
}
