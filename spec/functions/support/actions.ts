/** Shared set-up for action specs: environment, a recording context, and a way to run process() on a message. */
import assert from 'node:assert/strict';
import nock from 'nock';
import type { ComponentContext, Message } from '../../../lib/platform/context';
import { RecordingContext, recordingContext } from '../../support/context';

export const GRAPH = 'https://graph.microsoft.com';
export const STORAGE = 'https://maester.example.io';
export const ACCESS_TOKEN = 'eyJ0eXAi.GRAPH-ACCESS-TOKEN.secret';
export const STORAGE_TOKEN = 'storage-token-secret-42';
export const CFG = { tenantId: 'common', oauth: { access_token: ACCESS_TOKEN, token_type: 'Bearer' } };
/** A realistic immutable message id: long, with `-`, `_` and `=`. */
export const MESSAGE_ID = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AWSoz7hTfk0e2-AwVp0zyBQAAAh_ZEQAA-x==';

type ProcessFn = (this: ComponentContext, msg: Message, cfg: unknown) => Promise<unknown>;

const ENV_KEYS = ['MSGRAPH_BASE_URL', 'ELASTICIO_OBJECT_STORAGE_URI', 'ELASTICIO_OBJECT_STORAGE_TOKEN'] as const;

/** Points the component at the nock'ed hosts for each test and restores the environment afterwards. */
export function useNockEnvironment(): void {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    process.env.MSGRAPH_BASE_URL = GRAPH;
    process.env.ELASTICIO_OBJECT_STORAGE_URI = STORAGE;
    process.env.ELASTICIO_OBJECT_STORAGE_TOKEN = STORAGE_TOKEN;
  });
  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
}

export interface Run {
  ctx: RecordingContext;
  /** Bodies of the emitted data messages. */
  data: unknown[];
  result: unknown;
}

export async function run(action: { process: ProcessFn }, body: Record<string, unknown>, cfg: Record<string, unknown> = {}): Promise<Run> {
  const ctx = recordingContext();
  const result = await action.process.call(ctx, { id: 'in-1', body, headers: {}, attachments: {} }, { ...CFG, ...cfg });
  const data = ctx.emittedOf('data').map((m) => (m as { body: unknown }).body);
  assert.ok(!ctx.logText().includes(ACCESS_TOKEN), 'the access token leaked into a log line');
  return { ctx, data, result };
}

/** Runs the action expecting a rejection; returns the error and the context for further checks. */
export async function runFailing(action: { process: ProcessFn }, body: Record<string, unknown>, cfg: Record<string, unknown> = {}): Promise<{ error: Error; ctx: RecordingContext }> {
  const ctx = recordingContext();
  let error: unknown;
  await action.process.call(ctx, { id: 'in-1', body, headers: {}, attachments: {} }, { ...CFG, ...cfg }).then(
    () => assert.fail('the action should have failed'),
    (err: unknown) => { error = err; },
  );
  assert.ok(error instanceof Error, 'the action rejected with a non-Error');
  assert.ok(!error.message.includes(ACCESS_TOKEN) && !ctx.logText().includes(ACCESS_TOKEN), 'the access token leaked');
  assert.equal(ctx.emittedOf('data').length, 0, 'a failed action emitted data');
  return { error, ctx };
}

/** Records every request to the Graph host; used with assertNothingSent to prove validation stopped first. */
export interface Trap { hits: string[] }

export function graphTrap(): Trap {
  const hits: string[] = [];
  const scope = nock(GRAPH).persist();
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']) {
    scope.intercept(/.*/, method).reply(function (uri: string): nock.ReplyFnResult {
      hits.push(`${method} ${uri}`);
      return [500, { error: { code: 'ShouldNotBeCalled', message: 'unexpected' } }];
    });
  }
  return { hits };
}

/** Asserts that an interceptor (or the trap) was never used, then removes interceptors so the root hook stays quiet. */
export function assertNothingSent(target: nock.Scope | Trap): void {
  if ('hits' in target) assert.deepEqual(target.hits, [], 'a request was sent although validation should have stopped it');
  else assert.equal(target.isDone(), false, 'a request was sent although it should not have been');
  nock.cleanAll();
}

export function graphErrorBody(code: string, message: string, requestId = 'req-0f0e-1234'): Record<string, unknown> {
  return { error: { code, message, innerError: { date: '2026-11-23T12:00:00', 'request-id': requestId, 'client-request-id': 'c-1' } } };
}

/** A socket-level failure for replyWithError; nock 14 only propagates real Error instances (a plain object hangs). */
export function netError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** An unsigned id_token with the given claims (the component reads `tid` from it; nothing verifies signatures here). */
export function idToken(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part(claims)}.signature`;
}

/** The credential of a personal Microsoft account (Outlook.com): its id_token names the consumer tenant. */
export const PERSONAL_CFG = {
  tenantId: 'common',
  oauth: { access_token: ACCESS_TOKEN, token_type: 'Bearer', id_token: idToken({ tid: '9188040d-6c67-4c5b-b112-36a304b66dad', oid: '00000000-0000-0000-0003-00000000abcd' }) },
};

/** Whether a request's query is the redelivery look-up (lib/outlook/mail/sendOnce.ts). */
export function isMarkLookup(query: Record<string, unknown>): boolean {
  return typeof query.$filter === 'string' && query.$filter.startsWith('singleValueExtendedProperties/any(ep: ep/id eq ');
}

/**
 * The redelivery look-up finding nothing, as for an input message seen for the first time: answered whenever it
 * comes (persisted), not required to come (optional), for the mailbox at `root`.
 */
export function firstDelivery(root = '/v1.0/me'): nock.Scope {
  return nock(GRAPH).persist().get(`${root}/messages`).query(isMarkLookup).optionally().reply(200, { value: [] });
}

/** The look-up finding what an earlier delivery of the same input left: `found` messages (id, isDraft, …). */
export function earlierDelivery(found: Array<Record<string, unknown>>, root = '/v1.0/me'): nock.Scope {
  return nock(GRAPH).get(`${root}/messages`).query(isMarkLookup).reply(200, { value: found });
}
