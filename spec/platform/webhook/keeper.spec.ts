import assert from 'node:assert/strict';
import nock from 'nock';
import { GraphClient } from '../../../lib/graph/GraphClient';
import { StaticTokenSource } from '../../../lib/graph/auth';
import { GraphError } from '../../../lib/graph/errors';
import { SubscriptionKeeper, Timers } from '../../../lib/platform/webhook/keeper';
import { grantedMinutes, keeperOf } from '../../../lib/platform/webhook/subscriptions';

const GRAPH = 'https://graph.example.test';
const URL_ = 'https://in.elastic.example/hook/flow-1';
const PLAN = { resource: 'me/mailFolders/inbox/messages', changeType: 'created', notificationUrl: URL_, clientState: 'state-1' };
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const DAY = 86_400_000;

function sub(id: string, expiresIn = 7 * DAY, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, resource: PLAN.resource, changeType: 'created', notificationUrl: URL_, expirationDateTime: new Date(NOW + expiresIn).toISOString(), clientState: null, ...extra };
}

describe('webhook subscription keeper (Graph answers from nock)', () => {
  let timers: Array<{ fn: () => void; ms: number }>;
  let logs: string[];
  let pokes: string[];
  let now: number;

  function keeper(): SubscriptionKeeper {
    const fake: Timers = {
      setTimeout: (fn, ms) => { const t = { fn, ms }; timers.push(t); return t; },
      clearTimeout: (h) => { timers = timers.filter((t) => t !== h); },
    };
    const logger = { debug: () => undefined, info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
    return new SubscriptionKeeper({
      plan: PLAN, logger, title: 'T', tickMs: 15 * 60_000, now: () => now, timers: fake,
      client: () => new GraphClient({ baseUrl: GRAPH, tokens: new StaticTokenSource('token-1'), retryPolicy: { maxRetries: 0 } }),
      poke: async (reason) => { pokes.push(reason); },
    });
  }

  /** Runs the due timers and waits until the round they started has scheduled the next one. */
  async function fire(): Promise<void> {
    const due = timers.splice(0);
    for (const t of due) t.fn();
    const started = Date.now();
    while (timers.length === 0 && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  beforeEach(() => { timers = []; logs = []; pokes = []; now = NOW; });

  it('adopts the subscription that posts to the flow\'s URL, deletes the extras, and asks for a catch-up', async () => {
    nock(GRAPH).get('/v1.0/subscriptions').reply(200, { value: [sub('b'), sub('a'), { ...sub('z'), notificationUrl: 'https://elsewhere.example/x' }] })
      .delete('/v1.0/subscriptions/b').reply(204);
    const k = keeper();
    k.start();
    await fire();
    assert.equal(k.subscription?.id, 'a');
    assert.deepEqual(pokes, ['container started']);
    assert.deepEqual(timers.map((t) => t.ms), [15 * 60_000]);
  });

  it('renews within the last day, and creates a new one when the renewal answers 404', async () => {
    nock(GRAPH).get('/v1.0/subscriptions').reply(200, { value: [sub('a', 20 * 3_600_000)] })
      .patch('/v1.0/subscriptions/a', (b: { expirationDateTime?: string }) => Date.parse(String(b.expirationDateTime)) > NOW + 6 * DAY).reply(404, { error: { code: 'ResourceNotFound', message: 'gone' } })
      .post('/v1.0/subscriptions', (b: Record<string, unknown>) => b.notificationUrl === URL_ && b.lifecycleNotificationUrl === URL_ && b.clientState === 'state-1' && b.resource === PLAN.resource)
      .reply(201, sub('c'))
      .get('/v1.0/subscriptions').reply(200, { value: [sub('c')] });
    const k = keeper();
    k.start();
    await fire();
    assert.equal(k.subscription?.id, 'c');
    assert.ok(logs.some((l) => /no longer exists \(404 on renewal\)/.test(l)));
    assert.deepEqual(pokes, ['subscription created']);
  });

  it('backs off after a failure, doubling the wait up to the safety tick, and says why', async () => {
    nock(GRAPH).get('/v1.0/subscriptions').reply(200, { value: [] })
      .post('/v1.0/subscriptions').reply(400, { error: { code: 'ValidationError', message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.' } })
      .get('/v1.0/subscriptions').reply(200, { value: [] })
      .post('/v1.0/subscriptions').reply(400, { error: { code: 'ValidationError', message: 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.' } });
    const k = keeper();
    k.start();
    await fire();
    assert.deepEqual(timers.map((t) => t.ms), [5_000]);
    await fire();
    assert.deepEqual(timers.map((t) => t.ms), [10_000]);
    assert.ok(logs.some((l) => /could not validate the flow's webhook URL/.test(l)));
    assert.deepEqual(pokes, []);
    k.stop();
  });

  it('reads the maximum lifetime out of Graph\'s refusal, and every container keeps the same one of several', () => {
    assert.equal(keeperOf([sub('m'), sub('c'), sub('x')] as never)?.id, 'c');
    const refusal = (message: string, status = 400): GraphError => new GraphError({ status, code: 'ExtensionError', message, method: 'POST', path: '/v1.0/subscriptions' });
    assert.equal(grantedMinutes(refusal('Subscription expiration can only be 4230 minutes in the future.')), 4230);
    assert.equal(grantedMinutes(refusal('Subscription expiration can only be 4230 minutes in the future.', 403)), undefined);
    assert.equal(grantedMinutes(refusal('Operation: Create; Exception: [Status Code: Forbidden]')), undefined);
    assert.equal(grantedMinutes(new Error('can only be 4230 minutes in the future')), undefined);
  });
});
