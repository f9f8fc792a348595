import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphPage, T0, startTestSandbox } from './helpers';

const MAIL = { message: { subject: 'fault test', body: { contentType: 'text', content: 'hi' }, toRecipients: [{ emailAddress: { address: 'someone@fabrikam.example' } }] } };

describe('sandbox faults', () => {
  let sb: Sandbox;
  let graph: Graph;

  before(async () => {
    sb = await startTestSandbox();
    graph = new Graph(sb);
  });
  afterEach(() => sb.faults.clear());
  after(() => sb.stop());

  async function statuses(n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i += 1) out.push((await graph.get('/me/mailFolders/inbox')).status);
    return out;
  }

  it('injects 429 with Retry-After, reproducibly from a seed', async () => {
    sb.faults.configure({ seed: 42, rate429: 0.5 });
    const first = await statuses(20);
    sb.faults.configure({ seed: 42, rate429: 0.5 });
    const second = await statuses(20);
    assert.deepEqual(second, first);
    assert.ok(first.includes(429) && first.includes(200));
    sb.faults.configure({ seed: 42, rate429: 1 });
    const reply = await graph.get('/me/mailFolders/inbox');
    assert.equal(reply.headers['retry-after'], '1');
    const { error } = reply.json<GraphErrorBody>();
    assert.equal(error.code, 'TooManyRequests');
    assert.equal(error.innerError.code, '429');
  });

  it('injects 429 without a Retry-After header', async () => {
    sb.faults.configure({ rate429NoRetryAfter: 1 });
    const reply = await graph.get('/me/mailFolders/inbox');
    assert.equal(reply.status, 429);
    assert.equal(reply.headers['retry-after'], undefined);
  });

  it('passes decimal and HTTP-date Retry-After values through', async () => {
    sb.faults.configure({ rate429: 1, retryAfter: '0.25' });
    assert.equal((await graph.get('/me/mailFolders/inbox')).headers['retry-after'], '0.25');
    const date = new Date(T0 + 5000).toUTCString();
    sb.faults.configure({ rate429: 1, retryAfter: date });
    assert.equal((await graph.get('/me/mailFolders/inbox')).headers['retry-after'], date);
  });

  it('injects 503 and 504 with the Graph envelope', async () => {
    sb.faults.configure({ rate503: 1 });
    const unavailable = await graph.get('/me/mailFolders/inbox');
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.json<GraphErrorBody>().error.code, 'ServiceUnavailable');
    sb.faults.configure({ rate504: 1 });
    assert.equal((await graph.get('/me/mailFolders/inbox')).status, 504);
  });

  it('limits random faults to the routes named', async () => {
    sb.faults.configure({ rate503: 1, routes: ['sendMail'] });
    assert.equal((await graph.get('/me/mailFolders/inbox')).status, 200);
    assert.equal((await graph.post('/me/sendMail', MAIL)).status, 503);
  });

  it('resets the connection before processing: the mail is not sent', async () => {
    const sent = sb.store.sentMail().length;
    sb.faults.next({ route: 'sendMail', reset: 'before' });
    await assert.rejects(graph.post('/me/sendMail', MAIL), /socket hang up|ECONNRESET/);
    assert.equal(sb.store.sentMail().length, sent);
    assert.equal(sb.requests[sb.requests.length - 1].status, 0);
  });

  it('resets the connection after processing: the mail is sent although the client saw an error', async () => {
    const sent = sb.store.sentMail().length;
    sb.faults.next({ route: 'sendMail', reset: 'after' });
    await assert.rejects(graph.post('/me/sendMail', MAIL), /socket hang up|ECONNRESET/);
    assert.equal(sb.store.sentMail().length, sent + 1);
  });

  it('processes and then never answers a request that times out after processing', async () => {
    const sent = sb.store.sentMail().length;
    sb.faults.configure({ rateTimeoutAfterProcessing: 1, routes: ['sendMail'] });
    await assert.rejects(graph.request('POST', '/me/sendMail', { body: MAIL, timeoutMs: 150 }), /client timeout/);
    assert.equal(sb.store.sentMail().length, sent + 1);
  });

  it('delays answers by latencyMs', async () => {
    sb.faults.configure({ latencyMs: 60 });
    const started = Date.now();
    assert.equal((await graph.get('/me/mailFolders/inbox')).status, 200);
    assert.ok(Date.now() - started >= 55);
  });

  it('queues a one-shot fault for the next matching request only, `times` times', async () => {
    sb.faults.next({ route: 'getMailFolder', status: 503, retryAfter: '2', times: 2 });
    const replies = [await graph.get('/me/mailFolders/inbox'), await graph.get('/me/mailFolders/inbox'), await graph.get('/me/mailFolders/inbox')];
    assert.deepEqual(replies.map((r) => r.status), [503, 503, 200]);
    assert.equal(replies[0].headers['retry-after'], '2');
  });

  it('answers a one-shot fault with the code asked for', async () => {
    sb.faults.next({ route: '*', status: 401, code: 'InvalidAuthenticationToken' });
    const reply = await graph.get('/me/messages?$top=1');
    assert.equal(reply.status, 401);
    assert.ok(reply.headers['www-authenticate']);
  });

  it('throttles requests above maxConcurrency with 429 ApplicationThrottled', async () => {
    sb.faults.configure({ maxConcurrency: 2, latencyMs: 40 });
    const replies = await Promise.all(Array.from({ length: 5 }, () => graph.get('/me/mailFolders/inbox')));
    const throttled = replies.filter((r) => r.status === 429);
    assert.ok(throttled.length >= 1, `statuses ${replies.map((r) => r.status).join(',')}`);
    assert.equal(throttled[0].json<GraphErrorBody>().error.code, 'ApplicationThrottled');
    assert.ok(replies.some((r) => r.status === 200));
  });

  it('counts what it injected in stats()', async () => {
    const before = sb.faults.stats().injected['504'] ?? 0;
    sb.faults.configure({ rate504: 1 });
    await graph.get('/me/mailFolders/inbox');
    assert.equal(sb.faults.stats().injected['504'], before + 1);
  });

  it('hides a new message from lists and delta until the visibility lag has passed, keeping its timestamp', async () => {
    sb.faults.configure({ visibilityLagMs: 5000 });
    const delta = await graph.all('/me/mailFolders/inbox/messages/delta?$select=subject');
    const created = sb.store.addMessage('inbox', { subject: 'late visible' });
    const list = () => graph.ok<GraphPage>(`/me/mailFolders/inbox/messages?$filter=subject eq 'late visible'`);
    assert.equal((await list()).value.length, 0);
    const hiddenRound = await graph.all(String(delta.deltaLink));
    assert.ok(!hiddenRound.items.some((m) => m.id === created.id));
    sb.clock.advance(5000);
    try {
      const shown = (await list()).value;
      assert.equal(shown.length, 1);
      assert.equal(shown[0].lastModifiedDateTime, new Date(T0).toISOString().replace('.000', ''));
      const laterRound = await graph.all(String(hiddenRound.deltaLink));
      assert.ok(laterRound.items.some((m) => m.id === created.id));
    } finally {
      sb.clock.set(T0);
    }
  });
});
