/** Make Raw Request: any Microsoft Graph endpoint of the configured host, through the component's own transport. */
import { RawTargetError, rawHeaders, rawQuery, rawTarget } from '../../graph/rawTarget';
import type { GraphClient, GraphResponse, Method } from '../../graph/GraphClient';
import { mailboxRoot } from '../../graph/paths';
import type { ApiVersion } from '../../graph/types';
import { ConfigurationError } from '../../outlook/errors';
import { isRecord } from '../../outlook/values/text';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { list, num, obj } from '../shapes';

const METHODS = { GET: 'GET', POST: 'POST', PATCH: 'PATCH', PUT: 'PUT', DELETE: 'DELETE', HEAD: 'HEAD' } as const;
const VERSIONS = { 'v1.0': 'v1.0', beta: 'beta (may change without notice)' } as const;

/** A user's value parsed by one of rawTarget's checks; its problem becomes a ConfigurationError naming the field. */
function checked<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof RawTargetError) throw new ConfigurationError(name, err.problem);
    throw err;
  }
}

const objectField = (label: string, help: string, parse: (v: Record<string, unknown>) => Record<string, string>, invalid: unknown) =>
  f.shaped(label, { type: 'object' }, (v, name) => {
    if (v === undefined || v === null || v === '') return undefined;
    if (!isRecord(v)) throw new ConfigurationError(name, `must be an object of names and values, not ${Array.isArray(v) ? 'a list' : typeof v}`);
    return checked(name, () => parse(v));
  }, { help, invalid });

const params = {
  method: place(f.choice('Method', METHODS, { prompt: 'GET (default)' }), 'both').withDefault('GET'),
  path: place(f.text('Path', {
    max: 4096, placeholder: '/me/messages', help: 'Below the API root, e.g. /me/mailFolders/inbox/messages or /users/{id}/events; a query after ? is '
      + 'allowed. Only the configured Graph host is reachable: other hosts, "//", backslashes and ".." segments are refused',
  }), 'both').required(),
  apiVersion: place(f.choice('API Version', VERSIONS, { prompt: 'v1.0 (default)' }), 'both').withDefault('v1.0'),
  query: place(objectField('Query', 'Query options, e.g. {"$select": "subject,from", "$top": 50}', rawQuery, { $top: { n: 1 } }), 'input'),
  headers: place(objectField('Headers', 'Extra request headers, e.g. {"Prefer": "outlook.body-content-type=\\"text\\""}; Authorization, Host, Cookie '
    + 'and the framing headers are refused', rawHeaders, { Authorization: 'Bearer x' }), 'input'),
  body: place(f.shaped('Body', { type: 'object' }, (v, name) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || isRecord(v) || Array.isArray(v)) return v as unknown;
    throw new ConfigurationError(name, `must be JSON (an object or a list) or text, not ${typeof v}`);
  }, { help: 'JSON (an object or a list), sent as application/json; or text, sent as it is (set Content-Type in Headers)', invalid: 42 }), 'input'),
  followNextLinks: place(f.checkbox('Follow Next Links', { help: 'Read the following pages (@odata.nextLink) of a GET, up to Maximum Pages' }), 'both').withDefault(false),
  maxPages: place(f.integer('Maximum Pages', { min: 1, max: 1000, placeholder: '10' }), 'both').withDefault(10),
  errorsAsData: place(f.checkbox('Non-2xx as Data', {
    help: 'Emit an answer with an error status as {status, headers, body} instead of failing (after the usual retries of throttling and server errors)',
  }), 'both').withDefault(false),
  emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
  mailbox: place(f.mailbox, 'both').as({ help: 'A path starting with /me then addresses this user\'s mailbox (/users/{mailbox}); empty: the signed-in user' }),
};

export interface RawResponse { status: number; headers: Record<string, string>; body: unknown }

const definition = defineAction({
  key: 'rawRequest',
  title: 'Make Raw Request',
  description: 'Calls any Microsoft Graph endpoint of the configured host with the credential: method, path, query, headers and body',
  help: 'For what no other function wraps. The request goes through the component\'s own transport: the credential\'s token (refreshed when '
    + 'needed), immutable ids, retries of throttling and server errors, and no blind repeat of a POST whose outcome is unknown. Only paths '
    + 'below the API root of the configured Graph host are reachable. With Follow Next Links, each page of a GET is one message (or all pages '
    + 'in one with Emit All). The permissions needed are those of the endpoint; request them in the app registration',
  docs: ['https://learn.microsoft.com/graph/use-the-api', 'https://learn.microsoft.com/graph/paging'],
  permissions: [],
  params,
  output: obj('Response', {
    status: num('HTTP status'), headers: { type: 'object', title: 'Response headers' }, body: { title: 'Body (JSON, or text)' },
    pages: list('Pages (Emit All)', obj('Page', { status: num('HTTP status'), headers: { type: 'object', title: 'Headers' }, body: { title: 'Body' } })),
    count: num('Number of pages (Emit All)'),
  }),
  batch: { shape: (pages) => ({ pages, count: pages.length }), emitEmpty: false },
  example: {
    input: { method: 'GET', path: '/me/mailFolders/inbox/messages', query: { $select: 'subject,from', $top: 2 } },
    output: {
      status: 200, headers: { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8', 'request-id': '7e5a1f9c-2b77-4f0e-9d5e-5a0c1d3b8e21' },
      body: { value: [{ id: 'AAMkAGI2TG93AAA=', subject: 'Quarterly numbers', from: { emailAddress: { name: 'Lynne Robbins', address: 'lynne.robbins@contoso.onmicrosoft.com' } } }] },
    },
  },
  async run({ values: v, client, log, out, field }) {
    const target = checked(field('path'), () => rawTarget(v.path, v.apiVersion, client.origin));
    if (v.mailbox !== undefined) {
      if (!/^\/me(\/|$)/i.test(target.path)) {
        throw new ConfigurationError(`${field('mailbox')}, ${field('path')}`, 'a mailbox applies to paths starting with /me; give /users/… in the path instead, or no mailbox');
      }
      target.path = `${mailboxRoot(v.mailbox)}${target.path.slice(3)}`;
    }
    const query = { ...target.query };
    for (const [key, value] of Object.entries(v.query ?? {})) {
      if (key in query) throw new ConfigurationError(`${field('path')}, ${field('query')}`, `both give the query option ${key}; give it once`);
      query[key] = value;
    }
    const method = v.method;
    if ((method === 'GET' || method === 'HEAD') && v.body !== undefined) {
      throw new ConfigurationError(field('body'), `cannot be sent with ${method}; use POST, PATCH or PUT`);
    }
    if (v.followNextLinks && method !== 'GET') throw new ConfigurationError(field('followNextLinks'), `applies to GET only, not ${method}`);
    // The URL as the transport will build it: on the Graph host, below the chosen version (checked again, not assumed).
    const url = client.resolve({ path: target.path, query, apiVersion: target.version });
    if (url.origin !== client.origin || !url.pathname.startsWith(`/${target.version}/`)) {
      throw new ConfigurationError(field('path'), 'leaves the API root of the Graph host');
    }
    log.info(`${method} /${target.version}${target.path}${v.followNextLinks ? ` (up to ${v.maxPages} pages)` : ''}`);
    let response = await send(client, { method, path: target.path, query, version: target.version, headers: v.headers, body: v.body, errorsAsData: v.errorsAsData });
    let pages = 1;
    for (;;) {
      const next = v.followNextLinks && response.status >= 200 && response.status < 300 && isRecord(response.body) ? response.body['@odata.nextLink'] : undefined;
      const more = typeof next === 'string' && pages < v.maxPages;
      // The transport refuses a nextLink to another host or outside the version (so the token cannot follow it
      // there); checked before the page is emitted, so such an answer emits nothing.
      if (more) client.resolve({ url: next, apiVersion: target.version });
      await out.item(response);
      if (!more) {
        if (typeof next === 'string') log.info(`Stopped after ${pages} pages (Maximum Pages); more are available`);
        break;
      }
      response = await send(client, { method: 'GET', url: next, version: target.version, headers: v.headers, errorsAsData: v.errorsAsData });
      pages += 1;
      log.info(`Page ${pages}: status ${response.status}`);
    }
    log.info(`${pages} ${pages === 1 ? 'response' : 'pages'}; last status ${response.status}`);
  },
});

interface Send {
  method: Method; path?: string; url?: string; query?: Record<string, string>; version: ApiVersion;
  headers?: Record<string, string>; body?: unknown; errorsAsData: boolean;
}

async function send(client: GraphClient, s: Send): Promise<RawResponse> {
  // Text goes out as text unless the user labels it; the transport would call it application/octet-stream.
  const labelled = Object.keys(s.headers ?? {}).some((name) => name.toLowerCase() === 'content-type');
  const headers = typeof s.body === 'string' && !labelled ? { ...s.headers, 'Content-Type': 'text/plain; charset=utf-8' } : s.headers;
  const res: GraphResponse<string> = await client.request<string>({
    method: s.method, path: s.path, url: s.url, query: s.query, apiVersion: s.version, headers, body: s.body,
    responseType: 'text', statusAsData: s.errorsAsData,
  });
  const answered = Object.fromEntries(Object.entries(res.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'set-cookie'));
  return { status: res.status, headers: answered, body: parseBody(res.data, answered['content-type']) };
}

/** JSON answers as data, anything else as text; no body as null. */
function parseBody(text: string | undefined, contentType: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  if (contentType && /json/i.test(contentType)) {
    try { return JSON.parse(text) as unknown; } catch { return text; }
  }
  return text;
}

export = functionModule(definition, PICKERS);
