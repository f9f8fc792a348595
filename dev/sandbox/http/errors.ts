/** Error answers: the Graph envelope and the identity platform's token-endpoint shape. */

/** Thrown by handlers; the pipeline turns it into `{"error":{code,message,innerError}}` with request ids. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly inner: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GraphHttpError';
  }
}

/** Thrown by the token endpoint: `{"error","error_description":"AADSTS…","error_codes",…}`. */
export class TokenHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number | undefined,
    readonly description: string,
  ) {
    super(description);
    this.name = 'TokenHttpError';
  }
}

export const notFound = (what = 'The specified object was not found in the store.'): GraphHttpError =>
  new GraphHttpError(404, 'ErrorItemNotFound', what);

export const malformedId = (): GraphHttpError =>
  new GraphHttpError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');

export const badRequest = (message: string, code = 'BadRequest'): GraphHttpError =>
  new GraphHttpError(400, code, message);

export const DEFAULT_CODES: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request is invalid.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
  403: ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.'],
  404: ['ErrorItemNotFound', 'The specified object was not found in the store.'],
  409: ['ErrorIrresolvableConflict', 'The change key passed in the request does not match the current change key for the item.'],
  410: ['SyncStateNotFound', 'The sync state generation is not found; generation=1;[highest=4][4][3][2].'],
  429: ['TooManyRequests', 'Please retry again later.'],
  500: ['InternalServerError', 'An internal server error occurred. The operation failed.'],
  502: ['BadGateway', 'The server received an invalid response from an upstream server.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please try again later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response in time.'],
};

export function errorFor(status: number, code?: string, message?: string, retryAfter?: string): GraphHttpError {
  const [defaultCode, defaultMessage] = DEFAULT_CODES[status] ?? ['UnknownError', `Request failed with status ${status}.`];
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
  const inner: Record<string, unknown> = status === 429 ? { code: '429', message: 'Please retry after' } : {};
  if (status === 401) headers['WWW-Authenticate'] = wwwAuthenticate('invalid_token', message ?? defaultMessage);
  return new GraphHttpError(status, code ?? defaultCode, message ?? defaultMessage, headers, inner);
}

export function wwwAuthenticate(error: string, description: string): string {
  return `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", `
    + `client_id="00000003-0000-0000-c000-000000000000", error="${error}", error_description="${description.replace(/"/g, "'")}"`;
}
