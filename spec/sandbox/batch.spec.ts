import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, call, startTestSandbox } from './helpers';

interface Inner { id: string; status: number; headers: Record<string, string>; body?: Record<string, unknown> & { error?: { code: string }; value?: unknown[] } }
type Step = Record<string, unknown>;

const EVENT = {
  subject: 'Batch', start: { dateTime: '2026-11-24T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-11-24T11:00:00', timeZone: 'UTC' },
};

describe('sandbox $batch', () => {
  let sb: Sandbox;
  let graph: Graph;

  beforeEach(async () => {
    sb = await startTestSandbox();
    graph = new Graph(sb);
  });
  afterEach(() => sb.stop());

  async function batch(requests: Step[], g = graph): Promise<Map<string, Inner>> {
    const reply = await g.post('/$batch', { requests });
    assert.equal(reply.status, 200, reply.text);
    const { responses } = reply.json<{ responses: Inner[] }>();
    assert.equal(responses.length, requests.length);
    return new Map(responses.map((r) => [r.id, r]));
  }

  async function refused(requests: unknown): Promise<[number, string]> {
    const reply = await graph.post('/$batch', { requests });
    return [reply.status, reply.json<GraphErrorBody>().error.code];
  }

  it('runs every request through the router and answers 200 with responses matched by id', async () => {
    const before = sb.counters();
    const out = await batch([
      { id: '1', method: 'GET', url: '/me' },
      { id: '2', method: 'GET', url: '/me/messages?$top=1&$select=subject' },
      { id: '3', method: 'POST', url: '/me/events', headers: { 'Content-Type': 'application/json' }, body: EVENT },
    ]);
    assert.equal(out.get('1')?.body?.userPrincipalName, sb.user.userPrincipalName);
    assert.equal(out.get('2')?.body?.value?.length, 1);
    assert.deepEqual([out.get('3')?.status, out.get('3')?.body?.subject], [201, 'Batch']);
    assert.match(String(out.get('3')?.headers['Content-Type']), /^application\/json/);
    const after = sb.counters();
    for (const route of ['batch', 'me', 'listMessages', 'createEvent']) assert.equal(after[route], (before[route] ?? 0) + 1, route);
  });

  it('returns the responses in a shuffled order that the seed makes reproducible', async () => {
    const requests = Array.from({ length: 10 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/me' }));
    const order = async (g: Graph): Promise<string[]> => (await g.post('/$batch', { requests })).json<{ responses: Inner[] }>().responses.map((r) => r.id);
    const first = await order(graph);
    assert.notDeepEqual(first, requests.map((r) => r.id));
    const twin = await startTestSandbox();
    try {
      assert.deepEqual(await order(new Graph(twin)), first);
    } finally {
      await twin.stop();
    }
  });

  it('refuses more than 20 requests and duplicate ids with 400', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' }));
    assert.deepEqual(await refused(many), [400, 'BadRequest']);
    assert.deepEqual(await refused([{ id: '1', method: 'GET', url: '/me' }, { id: '1', method: 'GET', url: '/me' }]), [400, 'BadRequest']);
    assert.equal((await batch(many.slice(0, 20))).size, 20);
  });

  it('refuses a dependsOn naming an unknown id or forming a cycle', async () => {
    assert.deepEqual(await refused([{ id: '1', method: 'GET', url: '/me', dependsOn: ['9'] }]), [400, 'BadRequest']);
    assert.deepEqual(await refused([
      { id: '1', method: 'GET', url: '/me', dependsOn: ['2'] }, { id: '2', method: 'GET', url: '/me', dependsOn: ['1'] },
    ]), [400, 'BadRequest']);
  });

  it('answers 400 to an item with a body but no Content-Type and still runs the others', async () => {
    const before = sb.counters().createEvent ?? 0;
    const out = await batch([
      { id: 'a', method: 'POST', url: '/me/events', body: EVENT },
      { id: 'b', method: 'GET', url: '/me' },
    ]);
    assert.deepEqual([out.get('a')?.status, out.get('a')?.body?.error?.code], [400, 'BadRequest']);
    assert.equal(out.get('b')?.status, 200);
    assert.equal(sb.counters().createEvent ?? 0, before, 'the refused item never reached the route');
  });

  it('runs dependsOn chains in order and answers 424 to the dependants of a failed request', async () => {
    const out = await batch([
      { id: 'find', method: 'GET', url: "/me/events?$filter=subject eq 'Batch'", dependsOn: ['create'] },
      { id: 'create', method: 'POST', url: '/me/events', headers: { 'content-type': 'application/json' }, body: EVENT },
      { id: 'bad', method: 'GET', url: '/me/messages/not-an-id' },
      { id: 'after-bad', method: 'GET', url: '/me', dependsOn: ['bad'] },
      { id: 'after-after', method: 'GET', url: '/me', dependsOn: ['after-bad'] },
    ]);
    assert.equal(out.get('find')?.body?.value?.length, 1, 'the dependant saw the event its dependency created');
    assert.equal(out.get('bad')?.status, 400);
    assert.deepEqual([out.get('after-bad')?.status, out.get('after-after')?.status], [424, 424]);
  });

  it('gives an inner 429 its own decimal Retry-After while the batch answers 200', async () => {
    sb.faults.next({ route: 'listMessages', status: 429, retryAfter: '0.249' });
    const out = await batch([{ id: '1', method: 'GET', url: '/me' }, { id: '2', method: 'GET', url: '/me/messages' }]);
    assert.equal(out.get('1')?.status, 200);
    assert.deepEqual([out.get('2')?.status, out.get('2')?.headers['Retry-After'], out.get('2')?.body?.error?.code], [429, '0.249', 'TooManyRequests']);
  });

  it('answers 401 to a batch without a token, and 401 to its items when the token runs out mid-batch', async () => {
    const anonymous = await call(`${sb.url}/v1.0/$batch`, { method: 'POST', body: { requests: [{ id: '1', method: 'GET', url: '/me' }] } });
    assert.equal(anonymous.status, 401);
    const limited = await startTestSandbox({ tokenMaxRequests: 3 });
    try {
      const g = new Graph(limited);
      const out = await batch([{ id: '1', method: 'GET', url: '/me' }, { id: '2', method: 'GET', url: '/me', dependsOn: ['1'] }, { id: '3', method: 'GET', url: '/me', dependsOn: ['2'] }], g);
      assert.deepEqual(['1', '2', '3'].map((id) => out.get(id)?.status), [200, 200, 401]);
    } finally {
      await limited.stop();
    }
  });

  it('returns a non-JSON inner body base64-encoded', async () => {
    const message = sb.store.addMessage('inbox', { subject: 'file', attachments: [{ name: 'a.txt', contentType: 'text/plain', content: Buffer.from('hello batch') }] });
    const [attachment] = sb.store.attachments(message.id as string);
    const out = await batch([{ id: 'v', method: 'GET', url: `/me/messages/${encodeURIComponent(String(message.id))}/attachments/${encodeURIComponent(String(attachment.id))}/$value` }]);
    assert.equal(out.get('v')?.status, 200);
    assert.equal(Buffer.from(String(out.get('v')?.body), 'base64').toString('utf8'), 'hello batch');
  });

  it('answers 400 to a nested $batch and to an absolute URL', async () => {
    const out = await batch([
      { id: 'nested', method: 'POST', url: '/$batch', headers: { 'Content-Type': 'application/json' }, body: { requests: [] } },
      { id: 'absolute', method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' },
    ]);
    assert.deepEqual([out.get('nested')?.status, out.get('absolute')?.status], [400, 400]);
  });
});
