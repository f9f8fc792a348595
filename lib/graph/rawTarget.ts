/**
 * What a user may ask of Graph directly (Make Raw Request, Batch): a path below the API root of the configured Graph
 * host, query options, headers. Everything that could leave that root or that host, smuggle a header or replace the
 * transport's credentials is refused before anything is sent, with the problem in words.
 */
import type { ApiVersion } from './types';

export class RawTargetError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'RawTargetError';
  }
}

/** A request target: a path below `/{version}` (segments as given, already percent-encoded where needed) and options. */
export interface RawTarget {
  version: ApiVersion;
  path: string;
  query: Record<string, string>;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const MAX_PATH = 4096;

/** Percent-decodes up to three times (so `%252e` is seen as `.`); a malformed escape stays as it is. */
function decodedForms(text: string): string[] {
  const forms = [text];
  let current = text;
  for (let i = 0; i < 3; i += 1) {
    let next: string;
    try { next = decodeURIComponent(current); } catch { break; }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

function checkSegments(path: string): void {
  for (const segment of path.split('/')) {
    for (const form of decodedForms(segment)) {
      if (CONTROL.test(form)) throw new RawTargetError('must not contain control characters (CR, LF, NUL…), also not percent-encoded');
      if (form.includes('\\')) throw new RawTargetError('must not contain backslashes, also not percent-encoded');
      // Any dot segment, encoded or not: Graph's paths have none, and one could climb out of the API root.
      if (form.split('/').some((part) => part === '.' || part === '..')) {
        throw new RawTargetError('must not contain "." or ".." segments (also not percent-encoded): give the path below the API root');
      }
    }
  }
}

/**
 * Splits what the user gave as a path into version, path and query. Accepted: `/me/messages`, `me/messages`,
 * `/v1.0/me/messages` (the version must agree with `version`), a query after `?`, and a full URL on `origin` itself.
 */
export function rawTarget(input: string, version: ApiVersion, origin: string): RawTarget {
  if (input.length === 0) throw new RawTargetError('must not be empty');
  if (input.length > MAX_PATH) throw new RawTargetError(`must be at most ${MAX_PATH} characters`);
  if (CONTROL.test(input)) throw new RawTargetError('must not contain control characters (CR, LF, NUL…)');
  if (input.includes('\\')) throw new RawTargetError('must not contain backslashes');
  if (input.startsWith('//')) throw new RawTargetError('must be a path below the API root; a URL without scheme ("//host/…") is refused');
  let text = input.trim();
  if (SCHEME.test(text)) {
    let url: URL;
    try { url = new URL(text); } catch { throw new RawTargetError('is not a valid URL'); }
    if (url.username || url.password) throw new RawTargetError('must not carry user information (user:password@) in a URL');
    if (url.origin !== origin) {
      throw new RawTargetError(`may only address the configured Microsoft Graph host ${origin}, not ${url.protocol}//${url.host}: give a path such as /me/messages`);
    }
    if (url.hash) throw new RawTargetError('must not contain a fragment (#)');
    // The raw text after the authority, so that encoded dots are checked as given (URL() has resolved plain ones).
    const slash = text.indexOf('/', text.indexOf('//') + 2);
    text = slash < 0 ? '/' : text.slice(slash);
  }
  if (text.includes('#')) throw new RawTargetError('must not contain a fragment (#); query options go after ? or in Query');
  const mark = text.indexOf('?');
  let path = mark < 0 ? text : text.slice(0, mark);
  const search = mark < 0 ? '' : text.slice(mark + 1);
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.startsWith('//')) throw new RawTargetError('must be a path below the API root; a URL without scheme ("//host/…") is refused');
  const named = /^\/(v1\.0|beta)(?=\/|$)/i.exec(path);
  if (named) {
    if (named[1].toLowerCase() !== version) {
      throw new RawTargetError(`names the API version ${named[1]}, but API Version is ${version}: choose one`);
    }
    path = path.slice(named[0].length) || '/';
  }
  if (path === '/' || path === '') throw new RawTargetError('must name a resource below the API root, e.g. /me/messages');
  checkSegments(path);
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    if (CONTROL.test(key) || CONTROL.test(value)) throw new RawTargetError('must not contain control characters in its query');
    if (key in query) throw new RawTargetError(`names the query option ${key} twice`);
    query[key] = value;
  }
  return { version, path, query };
}

/** Headers a user may not set: the transport's credentials, and those that frame the HTTP message itself. */
const FORBIDDEN_HEADERS = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive',
  'upgrade', 'te', 'trailer', 'expect', 'proxy-connection', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto',
  // A method override would let a request declared as GET (and so repeated freely) act as another method.
  'x-http-method-override', 'x-http-method', 'x-method-override',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header name → value: names are HTTP tokens, values single lines; credentials and message framing are refused. */
export function rawHeaders(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, raw] of Object.entries(input)) {
    if (!TOKEN.test(name)) throw new RawTargetError(`has a header name that is not an HTTP token: ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      throw new RawTargetError(`must not set ${name}: the component signs every request with the credential's token itself`);
    }
    if (lower.includes('method')) throw new RawTargetError(`must not set ${name}: the method is chosen in Method, and an override would make the request act as another`);
    if (FORBIDDEN_HEADERS.has(lower)) throw new RawTargetError(`must not set ${name}: the transport sets it`);
    if (seen.has(lower)) throw new RawTargetError(`names the header ${name} twice`);
    seen.add(lower);
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw new RawTargetError(`header ${name} must be text, not ${raw === null ? 'null' : typeof raw}`);
    }
    const value = String(raw);
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new RawTargetError(`header ${name} must not contain control characters (CR, LF, NUL…)`);
    out[name] = value;
  }
  return out;
}

/** Query options given as an object: names without control characters, values text, numbers or booleans. */
export function rawQuery(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (key === '' || CONTROL.test(key)) throw new RawTargetError(`has an invalid query option name ${JSON.stringify(key)}`);
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw new RawTargetError(`option ${key} must be text, a number or a boolean, not ${raw === null ? 'null' : typeof raw}`);
    }
    const value = String(raw);
    if (CONTROL.test(value)) throw new RawTargetError(`option ${key} must not contain control characters`);
    out[key] = value;
  }
  return out;
}
