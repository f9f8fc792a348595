/** Error taxonomy of the transport. Callers branch on class and `code`, never on message text. */

export interface GraphErrorInit {
  status: number;
  code: string;
  message: string;
  method: string;
  path: string;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
  retryAfterMs?: number;
  innerError?: unknown;
}

export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly graphMessage: string;
  readonly method: string;
  readonly path: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly date?: string;
  readonly retryAfterMs?: number;
  readonly innerError?: unknown;
  /** What the error was built from, so a more specific class can be made of it. */
  readonly init: GraphErrorInit;

  constructor(init: GraphErrorInit) {
    super(describe(init));
    this.name = 'GraphError';
    this.init = init;
    this.status = init.status;
    this.code = init.code;
    this.graphMessage = init.message;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.date = init.date;
    this.retryAfterMs = init.retryAfterMs;
    this.innerError = init.innerError;
  }
}

const HINTS: Record<string, string> = {
  ErrorItemNotFound: 'the item does not exist in this mailbox (deleted, moved to another mailbox, or a wrong id)',
  itemNotFound: 'the item does not exist in this mailbox (deleted, or a wrong id)',
  ErrorInvalidIdMalformed: 'the id is not a valid Outlook id',
  ErrorAccessDenied: 'the signed-in account lacks the permission (scope) or mailbox access this needs',
  InvalidAuthenticationToken: 'the access token was refused; re-authenticate the credential',
  InefficientFilter: 'Graph refused the combination of filter and sort order',
  MailboxNotEnabledForRESTAPI: 'this mailbox is not hosted in Exchange Online',
  ErrorInvalidUser: 'the mailbox (user id or UPN) does not exist',
  TooManyRequests: 'Microsoft Graph is throttling this mailbox; try again later',
  ApplicationThrottled: 'Microsoft Graph is throttling this application; try again later',
};

function describe(init: GraphErrorInit): string {
  const hint = HINTS[init.code];
  const parts = [`Microsoft Graph answered ${init.status} ${init.code} to ${init.method} ${init.path}: ${init.message}`];
  if (hint) parts.push(`(${hint})`);
  if (init.requestId) parts.push(`[request-id ${init.requestId}]`);
  return parts.join(' ');
}

/**
 * Graph kept refusing for load (429, or 503 with Retry-After on a call that may be repeated) longer than this
 * execution may wait. Nothing was processed, so the whole call can be made again later.
 */
export class ThrottledError extends GraphError {
  constructor(init: GraphErrorInit) {
    super(init);
    this.name = 'ThrottledError';
  }
}

/**
 * A request the transport refuses to build: a path segment or a query literal that could address another resource.
 * Input is validated before (naming its field); reaching this means a value slipped through.
 */
export class InvalidPathError extends Error {
  readonly what: string;
  constructor(what: string, problem: string) {
    super(`${what}: ${problem}`);
    this.name = 'InvalidPathError';
    this.what = what;
  }
}

/** The token endpoint refused to issue a token. Never carries secrets or tokens. */
export class AuthError extends Error {
  readonly error: string;
  readonly aadsts: number[];
  readonly needsReauth: boolean;
  readonly status?: number;
  constructor(init: { error: string; aadsts: number[]; status?: number; detail?: string; what?: string }) {
    super(authMessage(init));
    this.name = 'AuthError';
    this.error = init.error;
    this.aadsts = init.aadsts;
    this.status = init.status;
    this.needsReauth = init.error === 'invalid_grant' || init.error === 'interaction_required'
      || init.error === 'consent_required';
  }
}

const AADSTS_ADVICE: Array<[number[], string]> = [
  [[70008, 700082, 50173, 70043, 50076, 50079], 'the refresh token expired or was revoked: re-authenticate the credential in elastic.io'],
  [[65001], 'consent is missing: a user or an administrator must consent to the app\'s permissions, then re-authenticate'],
  [[70011], 'a requested scope is invalid: check the scopes of the app registration'],
  [[7000215, 7000222, 7000218], 'the client secret is wrong or expired: create a new client secret in Entra and update MSAPP_CLIENT_SECRET (use the secret value, not its id)'],
  [[700016, 90002, 50194, 50020], 'the tenant does not match the app or the user: check the AD Tenant ID field (use "common" if unsure) and that the app registration allows accounts from that directory'],
  [[90038], 'the tenant lives in a national cloud: set MSAPP_AUTHORITY_HOST and MSGRAPH_BASE_URL for that cloud'],
];

/** Advice by the OAuth `error` value, when no AADSTS code says more. */
const ERROR_ADVICE: Record<string, string> = {
  invalid_client: 'the client id or secret was refused: check MSAPP_CLIENT_ID and MSAPP_CLIENT_SECRET (a secret expires and must be renewed in Entra)',
  invalid_grant: 'the refresh token is no longer valid: re-authenticate the credential in elastic.io',
  temporarily_unavailable: 'the identity platform is temporarily unavailable: try again later',
  token_endpoint_timeout: 'the identity platform did not answer in time: try again later',
  token_endpoint_unreachable: 'the identity platform could not be reached: try again later',
  secrets_unavailable: 'the platform could not give the credential\'s token: try again later',
  secret_refused: 'the platform holds no valid token for this credential',
};

function authMessage(init: { error: string; aadsts: number[]; detail?: string; what?: string }): string {
  const { error, aadsts: codes, detail } = init;
  const advice = AADSTS_ADVICE.find(([known]) => codes.some((c) => known.includes(c)))?.[1]
    ?? ERROR_ADVICE[error] ?? 'see the AADSTS code in the Microsoft identity platform error reference';
  const codeText = codes.length ? ` (AADSTS${codes.join(', AADSTS')})` : '';
  const detailText = detail ? ` Details: ${detail}` : '';
  const verb = error.startsWith('token_endpoint_') || error === 'secrets_unavailable' ? 'failed' : 'refused';
  return `${init.what ?? 'Token refresh'} ${verb}: ${error}${codeText}; ${advice}.${detailText}`;
}

/** The request took too long. For a non-idempotent call the outcome is unknown. */
export class TimeoutError extends Error {
  readonly method: string;
  readonly path: string;
  readonly outcomeUnknown: boolean;
  constructor(init: { method: string; path: string; timeoutMs: number; outcomeUnknown: boolean }) {
    super(`${init.method} ${init.path} timed out after ${init.timeoutMs} ms`
      + (init.outcomeUnknown ? '; it may or may not have taken effect, so it was not repeated' : ''));
    this.name = 'TimeoutError';
    this.method = init.method;
    this.path = init.path;
    this.outcomeUnknown = init.outcomeUnknown;
  }
}

/** The connection failed. `reachedServer` is false only when the request provably never left. */
export class NetworkError extends Error {
  readonly method: string;
  readonly path: string;
  readonly code: string;
  readonly outcomeUnknown: boolean;
  constructor(init: { method: string; path: string; code: string; outcomeUnknown: boolean }) {
    super(`${init.method} ${init.path} failed: connection error ${init.code}`
      + (init.outcomeUnknown ? '; it may or may not have taken effect, so it was not repeated' : ''));
    this.name = 'NetworkError';
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
    this.outcomeUnknown = init.outcomeUnknown;
  }
}

/** A delta token is no longer known to Graph (410 SyncStateNotFound and friends): resync required. */
export class SyncStateLostError extends Error {
  readonly code: string;
  constructor(code: string, what: string) {
    super(`Delta sync state of ${what} was lost (${code}); a full resync is required`);
    this.name = 'SyncStateLostError';
    this.code = code;
  }
}

/** A URL handed to the transport points outside the configured Graph host. */
export class ForeignUrlError extends Error {
  constructor(host: string, expected: string) {
    super(`Refusing to send the access token to ${host}: only ${expected} may receive it`);
    this.name = 'ForeignUrlError';
  }
}
