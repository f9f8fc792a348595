/** Batch: many Graph requests in JSON $batch calls of at most 20, results in input order. */
import { BatchRequest, BatchShapeError, checkBatch, sendBatch } from '../../graph/batch';
import { mailboxRoot } from '../../graph/paths';
import { RawTargetError, rawHeaders } from '../../graph/rawTarget';
import type { Method } from '../../graph/types';
import { ConfigurationError } from '../../outlook/errors';
import { isRecord, nested } from '../../outlook/values/text';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { list, num, obj, str } from '../shapes';

const METHODS: readonly Method[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const MAX_REQUESTS = 1000;

/** The user's list: each item `{id?, method, url, headers?, body?, dependsOn?}`, checked before anything is sent. */
function parseRequests(value: unknown, name: string): BatchRequest[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!Array.isArray(value)) throw new ConfigurationError(name, 'must be a list of requests {id, method, url, headers, body, dependsOn}');
  if (value.length === 0) throw new ConfigurationError(name, 'must hold at least one request');
  if (value.length > MAX_REQUESTS) throw new ConfigurationError(name, `holds ${value.length} requests; at most ${MAX_REQUESTS} per message`);
  return value.map((raw, i) => {
    const at = (part: string): string => nested(name, `[${i}]${part}`);
    if (!isRecord(raw)) throw new ConfigurationError(at(''), 'must be an object {method, url, …}');
    const id = raw.id === undefined ? String(i + 1) : raw.id;
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '' || String(id).length > 100) throw new ConfigurationError(at('.id'), 'must be text or a number');
    const method = String(raw.method ?? 'GET').toUpperCase() as Method;
    if (!METHODS.includes(method)) throw new ConfigurationError(at('.method'), `must be one of ${METHODS.join(', ')}`);
    if (typeof raw.url !== 'string') throw new ConfigurationError(at('.url'), 'must be a path below the API root, e.g. /me/messages');
    let headers: Record<string, string> | undefined;
    if (raw.headers !== undefined && raw.headers !== null) {
      if (!isRecord(raw.headers)) throw new ConfigurationError(at('.headers'), 'must be an object of names and values');
      try { headers = rawHeaders(raw.headers); } catch (err) {
        if (err instanceof RawTargetError) throw new ConfigurationError(at('.headers'), err.problem);
        throw err;
      }
    }
    const deps = raw.dependsOn === undefined || raw.dependsOn === null ? [] : Array.isArray(raw.dependsOn) ? raw.dependsOn : [raw.dependsOn];
    if (deps.some((d) => typeof d !== 'string' && typeof d !== 'number')) throw new ConfigurationError(at('.dependsOn'), 'must be a list of request ids');
    if ((method === 'GET' || method === 'DELETE') && raw.body !== undefined && raw.body !== null) throw new ConfigurationError(at('.body'), `cannot be sent with ${method}`);
    return { id: String(id), method, url: raw.url, headers, body: raw.body ?? undefined, dependsOn: deps.map(String) };
  });
}

const definition = defineAction({
  key: 'batch',
  title: 'Batch',
  description: 'Sends many Graph requests as JSON batches of at most 20, with dependencies, and emits each result in input order',
  help: 'Each request is {id, method, url, headers, body, dependsOn}; url is below the API root (/me/messages/{id}), id defaults to the position. '
    + 'Requests are sent in $batch calls of at most 20; a request and those it depends on always share a call (a chain longer than 20 is '
    + 'refused). A request Graph throttles inside a batch (429, or 503 for a request that may be repeated) is sent again alone after its '
    + 'Retry-After, with those that failed only because they depended on it; the others are never repeated, and a $batch call whose outcome '
    + 'is unknown is reported, not repeated. Each result {id, status, headers, body} is emitted in input order (or all in one with Emit All); '
    + 'a failed request is a result with its status, not an error of the step',
  docs: ['https://learn.microsoft.com/graph/json-batching'],
  permissions: [],
  params: {
    requests: place(f.shaped('Requests', { type: 'array', items: { type: 'object', title: 'Request' } }, parseRequests, {
      help: '[{"id": "1", "method": "GET", "url": "/me/messages?$top=5"}, {"id": "2", "method": "PATCH", "url": "/me/messages/{id}", "body": {"isRead": true}}]',
      invalid: [{ method: 'TRACE', url: '/me' }],
    }), 'input').required(),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    mailbox: place(f.mailbox, 'both').as({ help: 'Urls starting with /me then address this user\'s mailbox (/users/{mailbox}); empty: the signed-in user' }),
  },
  output: obj('Result', {
    id: str('Request id', { required: true }), status: num('HTTP status'), headers: { type: 'object', title: 'Headers' }, body: { title: 'Body' },
    results: list('Results (Emit All)', obj('Result', { id: str('Request id'), status: num('HTTP status'), headers: { type: 'object', title: 'Headers' }, body: { title: 'Body' } })),
    count: num('Number of results (Emit All)'),
  }),
  batch: { shape: (results) => ({ results, count: results.length }), emitEmpty: false },
  example: {
    input: { requests: [{ id: 'inbox', method: 'GET', url: '/me/mailFolders/inbox?$select=displayName,unreadItemCount' }, { id: 'me', method: 'GET', url: '/me?$select=displayName,mail' }] },
    output: { id: 'inbox', status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 'AAMkAGI2TAAEMAAA=', displayName: 'Inbox', unreadItemCount: 4 } },
  },
  async run({ values: v, client, log, out, field }) {
    let requests: BatchRequest[];
    try {
      requests = checkBatch(v.requests, client.origin);
    } catch (err) {
      if (err instanceof BatchShapeError) throw new ConfigurationError(field('requests'), err.problem);
      throw err;
    }
    if (v.mailbox !== undefined) {
      const root = mailboxRoot(v.mailbox);
      for (const r of requests) if (/^\/me(\/|\?|$)/i.test(r.url)) r.url = `${root}${r.url.slice(3)}`;
    }
    let results;
    try {
      results = await sendBatch(client, requests, { log });
    } catch (err) {
      if (err instanceof BatchShapeError) throw new ConfigurationError(field('requests'), err.problem);
      throw err;
    }
    const failed = results.filter((r) => r.status < 200 || r.status >= 300).length;
    log.info(`${results.length} results; ${failed} with an error status`);
    for (const r of results) await out.item(r);
  },
});

export = functionModule(definition, PICKERS);
