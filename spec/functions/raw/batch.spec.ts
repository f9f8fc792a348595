import assert from 'node:assert/strict';
import nock from 'nock';
import * as batch from '../../../lib/functions/raw/batch';
import { planBatches } from '../../../lib/graph/batch';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';
import { useSandbox } from '../support/sandbox';

interface Sent { requests: Array<{ id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }> }
const get = (id: string, extra: Record<string, unknown> = {}) => ({ id, method: 'GET', url: `/me/messages/${id}`, ...extra });
/** Answers each request of a $batch call, in reverse order (Graph does not keep the order). */
const answer = (status: (id: string) => number, headers: (id: string) => Record<string, string> = () => ({})) => (_uri: string, body: Sent) => ({
  responses: [...body.requests].reverse().map((r) => ({ id: r.id, status: status(r.id), headers: headers(r.id), body: { id: r.id } })),
});

describe('batch action', () => {
  useNockEnvironment();

  it('sends 25 requests as calls of 20 and 5 and emits the results in input order, immutable ids asked for each', async () => {
    const calls: Sent[] = [];
    nock(GRAPH).post('/v1.0/$batch').times(2).reply(200, (uri, body) => { calls.push(body as Sent); return answer(() => 200)(uri, body as Sent); });
    const { data } = await run(batch, { requests: Array.from({ length: 25 }, (_, i) => get(`m${i}`)) });
    assert.deepEqual(calls.map((c) => c.requests.length), [20, 5]);
    assert.equal(calls[0].requests[0].headers?.Prefer, 'IdType="ImmutableId"');
    assert.deepEqual(data.map((d) => (d as { id: string }).id), Array.from({ length: 25 }, (_, i) => `m${i}`));
  });

  it('keeps a dependency chain in one call and labels JSON bodies', async () => {
    const plan = planBatches([
      ...Array.from({ length: 18 }, (_, i) => ({ id: `a${i}`, method: 'GET' as const, url: '/me' })),
      { id: 'x', method: 'POST' as const, url: '/me/events', body: {} },
      { id: 'y', method: 'GET' as const, url: '/me', dependsOn: ['x'] },
      { id: 'z', method: 'GET' as const, url: '/me', dependsOn: ['y'] },
    ]);
    assert.deepEqual(plan.map((c) => c.map((r) => r.id).filter((id) => !id.startsWith('a'))), [[], ['x', 'y', 'z']]);
    let sent: Sent | undefined;
    nock(GRAPH).post('/v1.0/$batch').reply(200, (uri, body) => { sent = body as Sent; return answer(() => 201)(uri, body as Sent); });
    await run(batch, { requests: [{ id: 'x', method: 'POST', url: 'me/events', body: { subject: 's' } }, { id: 'y', method: 'get', url: '/me/events', dependsOn: 'x' }] });
    assert.equal(sent?.requests[0].headers?.['Content-Type'], 'application/json');
    assert.deepEqual(sent?.requests[1].dependsOn, ['x']);
  });

  it('sends a request throttled inside the batch again alone, with the one that failed on it (424), and nothing else', async () => {
    const calls: Sent[] = [];
    let round = 0;
    nock(GRAPH).post('/v1.0/$batch').times(2).reply(200, (uri, body) => {
      calls.push(body as Sent);
      round += 1;
      return answer((id) => (round === 1 && id === 'b' ? 429 : round === 1 && id === 'c' ? 424 : 200), (id): Record<string, string> => (id === 'b' ? { 'Retry-After': '0' } : {}))(uri, body as Sent);
    });
    const { data } = await run(batch, { requests: [get('a'), get('b'), get('c', { dependsOn: ['b'] }), { id: 'd', method: 'POST', url: '/me/messages', body: {} }] });
    assert.deepEqual(calls[1].requests.map((r) => r.id), ['b', 'c']);
    assert.deepEqual(data.map((d) => (d as { status: number }).status), [200, 200, 200, 200]);
  });

  it('never sends a POST again after a 503 inside the batch, and reports every status as data', async () => {
    nock(GRAPH).post('/v1.0/$batch').reply(200, answer((id) => (id === 'p' ? 503 : 404), () => ({ 'Retry-After': '0' })));
    const { data } = await run(batch, { requests: [{ id: 'p', method: 'POST', url: '/me/sendMail', body: { message: {} } }, get('gone')] });
    assert.deepEqual(data.map((d) => [(d as { id: string }).id, (d as { status: number }).status]), [['p', 503], ['gone', 404]]);
  });

  it('does not repeat a $batch call whose outcome is unknown', async () => {
    const scope = nock(GRAPH).post('/v1.0/$batch').reply(504, graphErrorBody('GatewayTimeout', 'x')).post('/v1.0/$batch').reply(200, { responses: [] });
    const { error } = await runFailing(batch, { requests: [get('a')] });
    assert.match(error.message, /504/);
    assert.equal(scope.isDone(), false);
    nock.cleanAll();
  });

  for (const [what, requests, problem] of [
    ['a url on another host', [{ method: 'GET', url: 'https://evil.example/v1.0/me' }], /only address the configured Microsoft Graph host/],
    ['an encoded .. in a url', [{ method: 'GET', url: '/me/%2e%2e/%2e%2e/x' }], /"\.\." segments/],
    ['an Authorization header', [{ method: 'GET', url: '/me', headers: { Authorization: 'Bearer x' } }], /must not set Authorization/],
    ['CR/LF in a header', [{ method: 'GET', url: '/me', headers: { 'X-A': 'a\r\nB: c' } }], /control characters/],
    ['a duplicate id', [get('a'), get('a')], /used twice/],
    ['an unknown dependency', [get('a', { dependsOn: ['zz'] })], /depends on "zz", which is not in the list/],
    ['a cycle', [get('a', { dependsOn: ['b'] }), get('b', { dependsOn: ['a'] })], /cycle/],
    ['a chain of 21', Array.from({ length: 21 }, (_, i) => get(`c${i}`, i ? { dependsOn: [`c${i - 1}`] } : {})), /chain of 21/],
    ['an unknown method', [{ method: 'TRACE', url: '/me' }], /must be one of/],
    ['a body with GET', [{ method: 'GET', url: '/me', body: { a: 1 } }], /cannot be sent with GET/],
    ['no requests', [], /at least one request/],
  ] as const) {
    it(`refuses ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(batch, { requests });
      assert.ok(error instanceof ConfigurationError, `${error.name}: ${error.message}`);
      assert.match(error.field, /^Requests \(requests/);
      assert.match(error.message, problem);
      assertNothingSent(trap);
    });
  }
});

describe('batch action against the sandbox', function () {
  this.timeout(30_000);
  const w = useSandbox();

  it('gets every result of 45 requests through inner and outer throttling, each request answered once in the end, in input order', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => w.sb.store.addMessage('inbox', { subject: `batch ${i}` }).id as string);
    w.sb.faults.configure({ seed: 5, rate429: 0.2, retryAfter: '0' });
    const { data, error } = await w.run(batch, { requests: ids.map((id, i) => ({ id: `r${i}`, method: 'PATCH', url: `/me/messages/${encodeURIComponent(id)}`, body: { isRead: true } })) });
    assert.equal(error, undefined, error?.message);
    assert.deepEqual(data.map((d) => d.id), ids.map((_, i) => `r${i}`));
    assert.deepEqual(data.filter((d) => d.status !== 200).map((d) => d.id), []);
    assert.ok((w.sb.faults.stats().injected['429'] ?? 0) > 0, `no throttling was injected: ${JSON.stringify(w.sb.faults.stats().injected)}`);
    assert.ok(w.sb.store.messages('inbox').every((m) => m.isRead === true));
  });
});
