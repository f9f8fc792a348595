import assert from 'node:assert/strict';
import { GraphError, NetworkError, TimeoutError } from '../../lib/graph/errors';
import type { Method } from '../../lib/graph/types';
import { Readable } from 'node:stream';
import { graph, netError, recorder, testClient } from '../support/graph';
import { recordingContext } from '../support/context';

const THROTTLED = { error: { code: 'TooManyRequests', message: 'Please retry again later.' } };
const UNAVAILABLE = { error: { code: 'ServiceNotAvailable', message: 'Service unavailable.' } };

describe('GraphClient retries', () => {
  describe('status × method (no Retry-After: backoff with random 0.5 → 500 ms)', () => {
    const methods: Method[] = ['GET', 'PATCH', 'PUT', 'DELETE', 'POST'];
    for (const status of [429, 500, 502, 503, 504]) {
      for (const method of methods) {
        const retried = status === 429 || method !== 'POST';
        it(`${status} on ${method} is ${retried ? 'retried' : 'not retried'}`, async () => {
          const { client, clock } = testClient();
          const scope = graph().intercept('/v1.0/me/things/1', method).reply(status, status === 429 ? THROTTLED : UNAVAILABLE);
          if (retried) scope.intercept('/v1.0/me/things/1', method).reply(200, { ok: true });
          const call = client.request({ method, path: '/me/things/1', body: method === 'GET' || method === 'DELETE' ? undefined : { a: 1 } });
          if (retried) {
            assert.deepEqual((await call).data, { ok: true });
            assert.deepEqual(clock.sleeps, [500]);
          } else {
            await assert.rejects(call, (err: unknown) => err instanceof GraphError && err.status === status);
            assert.deepEqual(clock.sleeps, []);
          }
        });
      }
    }
  });

  describe('Retry-After forms', () => {
    const future = 'Mon, 23 Nov 2026 12:00:30 GMT';
    const past = 'Sun, 22 Nov 2026 12:00:00 GMT';
    const table: Array<[string, string | undefined, number | 'refused']> = [
      ['absent', undefined, 500],
      ['integer seconds', '2', 2000],
      ['decimal seconds', '0.249', 249],
      ['HTTP date in the future', future, 30_000],
      ['HTTP date in the past', past, 0],
      ['negative', '-3', 500],
      ['garbage', 'soon-ish', 500],
      ['absurd (a day)', '86400', 'refused'],
    ];
    for (const [status, method] of [[429, 'GET'], [429, 'POST'], [503, 'GET']] as Array<[number, Method]>) {
      for (const [what, header, expected] of table) {
        it(`${status} ${method} with ${what} Retry-After → ${expected === 'refused' ? 'not retried' : `waits ${expected} ms`}`, async () => {
          const { client, clock } = testClient();
          const headers: Record<string, string> = header === undefined ? {} : { 'Retry-After': header };
          const scope = graph().intercept('/v1.0/me/sendMail', method).reply(status, THROTTLED, headers);
          if (expected !== 'refused') scope.intercept('/v1.0/me/sendMail', method).reply(202);
          const call = client.request({ method, path: '/me/sendMail', body: method === 'POST' ? { message: {} } : undefined });
          if (expected === 'refused') {
            await assert.rejects(call, (err: unknown) => err instanceof GraphError && err.status === status && err.retryAfterMs === 86_400_000);
            assert.deepEqual(clock.sleeps, []);
          } else {
            assert.equal((await call).status, 202);
            assert.deepEqual(clock.sleeps, [expected]);
          }
        });
      }
    }
  });

  it('gives up after 3 retries with exponential backoff (500, 1000, 2000 ms)', async () => {
    const { client, clock } = testClient();
    graph().get('/v1.0/me').times(4).reply(503, UNAVAILABLE);
    await assert.rejects(client.get('/me'), (err: unknown) => err instanceof GraphError && err.status === 503 && err.code === 'ServiceNotAvailable');
    assert.deepEqual(clock.sleeps, [500, 1000, 2000]);
    assert.equal(client.stats.requests, 4);
    assert.equal(client.stats.retries, 3);
  });

  it('stops once the total wait would exceed the 120 s budget', async () => {
    const { client, clock } = testClient();
    graph().get('/v1.0/me').times(3).reply(429, THROTTLED, { 'Retry-After': '50' });
    await assert.rejects(client.get('/me'), (err: unknown) => err instanceof GraphError && err.status === 429 && err.retryAfterMs === 50_000);
    assert.deepEqual(clock.sleeps, [50_000, 50_000]);
  });

  it('honours a custom retry policy', async () => {
    const { client, clock } = testClient({ retryPolicy: { maxRetries: 1, baseDelayMs: 10 } });
    graph().get('/v1.0/me').times(2).reply(500, UNAVAILABLE);
    await assert.rejects(client.get('/me'), GraphError);
    assert.deepEqual(clock.sleeps, [50]);
  });

  it('retries a POST marked idempotent on 503', async () => {
    const { client, clock } = testClient();
    graph().post('/v1.0/me/events/1/accept').reply(503, UNAVAILABLE).post('/v1.0/me/events/1/accept').reply(202);
    const res = await client.request({ method: 'POST', path: '/me/events/1/accept', body: { sendResponse: true }, idempotent: true });
    assert.equal(res.status, 202);
    assert.deepEqual(clock.sleeps, [500]);
  });

  it('does not retry a PUT marked not idempotent on 500', async () => {
    const { client } = testClient();
    graph().put('/v1.0/me/x').reply(500, UNAVAILABLE);
    await assert.rejects(client.request({ method: 'PUT', path: '/me/x', body: 'x', idempotent: false }), GraphError);
  });

  it('replays the same body and client-request-id on every attempt', async () => {
    const { client } = testClient();
    const rec = recorder();
    graph().post('/v1.0/me/sendMail').reply(rec.reply(429, THROTTLED, { 'Retry-After': '1' }))
      .post('/v1.0/me/sendMail').reply(rec.reply(202));
    await client.request({ method: 'POST', path: '/me/sendMail', body: { message: { subject: 'hi' } } });
    assert.equal(rec.seen.length, 2);
    assert.equal(rec.seen[0].body, '{"message":{"subject":"hi"}}');
    assert.equal(rec.seen[1].body, rec.seen[0].body);
    assert.match(rec.seen[0].headers['client-request-id'], /^[0-9a-f-]{36}$/);
    assert.equal(rec.seen[1].headers['client-request-id'], rec.seen[0].headers['client-request-id']);
  });

  it('logs each retry as a string at info, with the delay', async () => {
    const ctx = recordingContext();
    const { client } = testClient({ logger: ctx.logger });
    graph().get('/v1.0/me').reply(429, THROTTLED, { 'Retry-After': '1' }).get('/v1.0/me').reply(200, {});
    await client.get('/me');
    const info = ctx.logs.filter((l) => l.level === 'info');
    assert.equal(info.length, 1);
    assert.match(info[0].message, /GET \/v1\.0\/me answered 429 TooManyRequests; retrying in 1000 ms \(retry 1\/3\)/);
    assert.ok(ctx.logs.every((l) => l.wasString));
  });

  describe('timeouts and connection errors', () => {
    it('retries a GET after a timeout', async () => {
      const { client, clock } = testClient();
      graph().get('/v1.0/me').replyWithError(netError('ETIMEDOUT', 'timeout')).get('/v1.0/me').reply(200, { id: 'u' });
      assert.deepEqual(await client.get('/me'), { id: 'u' });
      assert.deepEqual(clock.sleeps, [500]);
    });

    it('does not resend mail when sendMail times out, and says the outcome is unknown', async () => {
      const { client, clock } = testClient();
      graph().post('/v1.0/me/sendMail').replyWithError(netError('ETIMEDOUT', 'timeout'));
      await assert.rejects(client.request({ method: 'POST', path: '/me/sendMail', body: { message: {} } }),
        (err: unknown) => err instanceof TimeoutError && err.outcomeUnknown && /may or may not have taken effect/.test(err.message));
      assert.deepEqual(clock.sleeps, []);
    });

    it('classifies a real axios timeout as a timeout', async () => {
      const { client } = testClient();
      graph().post('/v1.0/me/sendMail').delay(200).reply(202);
      await assert.rejects(client.request({ method: 'POST', path: '/me/sendMail', body: {}, timeoutMs: 10 }),
        (err: unknown) => err instanceof TimeoutError && err.method === 'POST' && err.path === '/v1.0/me/sendMail' && err.outcomeUnknown);
    });

    it('retries a GET after a connection reset', async () => {
      const { client, clock } = testClient();
      graph().get('/v1.0/me').replyWithError(netError('ECONNRESET', 'socket hang up')).get('/v1.0/me').reply(200, {});
      await client.get('/me');
      assert.deepEqual(clock.sleeps, [500]);
    });

    it('does not retry a POST after a connection reset, and says the outcome is unknown', async () => {
      const { client } = testClient();
      graph().post('/v1.0/me/messages/1/reply').replyWithError(netError('ECONNRESET', 'socket hang up'));
      await assert.rejects(client.request({ method: 'POST', path: '/me/messages/1/reply', body: { comment: 'x' } }),
        (err: unknown) => err instanceof NetworkError && err.code === 'ECONNRESET' && err.outcomeUnknown && /may or may not have taken effect/.test(err.message));
    });

    it('retries a POST when the connection was refused (it was never sent)', async () => {
      const { client, clock } = testClient();
      graph().post('/v1.0/me/sendMail').replyWithError(netError('ECONNREFUSED', 'refused')).post('/v1.0/me/sendMail').reply(202);
      assert.equal((await client.request({ method: 'POST', path: '/me/sendMail', body: {} })).status, 202);
      assert.deepEqual(clock.sleeps, [500]);
    });

    it('reports a GET that keeps timing out after the last retry without "outcome unknown"', async () => {
      const { client, clock } = testClient();
      graph().get('/v1.0/me').times(4).replyWithError(netError('ECONNABORTED', 'timeout of 100000ms exceeded'));
      await assert.rejects(client.get('/me'), (err: unknown) => err instanceof TimeoutError && !err.outcomeUnknown);
      assert.deepEqual(clock.sleeps, [500, 1000, 2000]);
    });

    it('never replays a streamed request body', async () => {
      const { client, clock } = testClient();
      graph().put('/v1.0/me/x/$value').reply(503, UNAVAILABLE);
      await assert.rejects(client.request({ method: 'PUT', path: '/me/x/$value', body: Readable.from([Buffer.from('abc')]) }), GraphError);
      assert.deepEqual(clock.sleeps, []);
    });
  });

  describe('DELETE after an ambiguous attempt', () => {
    it('treats a 404 after a timed-out DELETE as deleted', async () => {
      const { client } = testClient();
      graph().delete('/v1.0/me/messages/m1').replyWithError(netError('ETIMEDOUT', 'timeout'))
        .delete('/v1.0/me/messages/m1').reply(404, { error: { code: 'ErrorItemNotFound', message: 'not found' } });
      const res = await client.request({ method: 'DELETE', path: '/me/messages/m1' });
      assert.equal(res.status, 404);
      assert.equal(res.data, undefined);
    });

    it('still fails a DELETE that answers 404 on its first attempt', async () => {
      const { client } = testClient();
      graph().delete('/v1.0/me/messages/m1').reply(404, { error: { code: 'ErrorItemNotFound', message: 'not found' } });
      await assert.rejects(client.request({ method: 'DELETE', path: '/me/messages/m1' }),
        (err: unknown) => err instanceof GraphError && err.code === 'ErrorItemNotFound');
    });

    it('still fails a DELETE that answers 404 after a 429 (the first attempt was not processed)', async () => {
      const { client } = testClient();
      graph().delete('/v1.0/me/messages/m1').reply(429, THROTTLED, { 'Retry-After': '1' })
        .delete('/v1.0/me/messages/m1').reply(404, { error: { code: 'ErrorItemNotFound', message: 'not found' } });
      await assert.rejects(client.request({ method: 'DELETE', path: '/me/messages/m1' }), GraphError);
    });
  });
});
