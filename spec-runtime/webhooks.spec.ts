/**
 * Webhook triggers through the real sailor over RabbitMQ, with Graph's notifications reaching the step through a
 * stand-in for the platform's webhook gateway (dev/runtime/gateway.ts): the whole life of a subscription, from the
 * container's start to the flow's stop, ends with every change emitted exactly once.
 */
import { strict as assert } from 'node:assert';
import { WebhookGateway } from '../dev/runtime/gateway';
import { COMPONENT_DIR, Step } from '../dev/runtime/harness';
import { readManifest } from '../dev/runtime/manifest';
import type { Subscription } from '../dev/sandbox';
import { GraphWorld, startGraph } from './support/graph';
import { runtime } from './support/hooks';

const WAIT_MS = 30_000;

function dataBodies(step: Step): Array<Record<string, unknown>> {
  return step.queues.outputs.filter((o) => o.kind === 'data').map((o) => ((o.body as { body?: Record<string, unknown> }).body ?? {}));
}

interface Life {
  graph: GraphWorld;
  gateway: WebhookGateway;
  step: Step;
  /** Requests to the URL before the current container started (the new one acknowledges only what came after). */
  base?: number;
}

async function startLife(key: string, fields: (graph: GraphWorld) => Record<string, unknown>, options: { replyChannel?: boolean } = {}): Promise<Life> {
  const graph = await startGraph({ demo: false });
  graph.sandbox.subscriptions().configure({ batchDelayMs: 20, retryDelaysMs: [200, 1_000] });
  const gateway = await WebhookGateway.start({ replyChannel: options.replyChannel });
  const step = await runtime().step({
    function: key, fields: fields(graph), account: graph.account(), start: false, startupRequired: true,
    env: { ...graph.env, ELASTICIO_FLOW_WEBHOOK_URI: gateway.url },
  });
  gateway.attach(step);
  await step.start();
  return { graph, gateway, step };
}

async function endLife(life: Partial<Life>): Promise<void> {
  await life.step?.close();
  await life.gateway?.close();
  await life.graph?.stop();
}

function subscriptions(life: Life): Subscription[] {
  return life.graph.sandbox.subscriptions().list();
}

/** Until the step's subscription exists and the catch-up the keeper asks for after it has been processed. */
async function ready(life: Life, catchUps = 1): Promise<void> {
  await life.step.sailor.until(() => subscriptions(life).length === 1 && (life.step.sailor.logText().match(/asked the step for a catch-up/g) ?? []).length >= catchUps,
    WAIT_MS, 'the subscription and its catch-up request');
  await settled(life);
}

/** Until Graph has nothing more to send and the step has answered everything sent to its URL. */
async function settled(life: Life): Promise<void> {
  await life.graph.sandbox.subscriptions().flush();
  const { step } = life;
  const mine = (): number => life.gateway.requests.length - (life.base ?? 0);
  await step.sailor.until(() => life.gateway.requests.every((r) => r.status !== 0) && step.sailor.acks + step.sailor.rejects >= mine(),
    WAIT_MS, 'every webhook request to be processed');
  await step.queues.fence();
}

async function waitForData(life: Life, count: number): Promise<void> {
  await life.step.queues.waitUntil(() => dataBodies(life.step).length >= count, WAIT_MS, `${count} data messages`);
}

describe('webhook triggers through the real sailor', () => {
  const webhooks = readManifest(COMPONENT_DIR).filter((f) => f.kind === 'trigger' && f.type === 'webhook').map((f) => f.key).sort();

  it('are the four real-time triggers, each with a life below', () => {
    assert.deepEqual(webhooks, ['contactChangedWebhook', 'eventCreatedWebhook', 'eventUpdatedWebhook', 'newMessageWebhook']);
  });

  describe('newMessageWebhook: from the container\'s start to the flow\'s stop', function () {
    this.timeout(60_000);
    const life: Partial<Life> = {};
    const sent: string[] = [];
    const add = (subject: string): void => { sent.push(subject); (life.graph as GraphWorld).sandbox.store.addMessage('inbox', { subject }); };
    let first: Subscription;

    before(async function () {
      this.timeout(60_000);
      Object.assign(life, await startLife('newMessageWebhook', () => ({ folderId: 'inbox' })));
    });
    after(async () => { await endLife(life); });

    it('creates one subscription after the consumer is up, validated through the step\'s httpReply', async () => {
      const l = life as Life;
      await ready(l);
      [first] = subscriptions(l);
      assert.equal(first.notificationUrl, l.gateway.url);
      const validations = l.gateway.requests.filter((r) => r.query.validationToken !== undefined);
      assert.deepEqual(validations.map((r) => r.status), [200, 200]);
      assert.ok(l.graph.sandbox.subscriptions().deliveries().filter((d) => d.kind === 'validation').every((d) => d.outcome === 'delivered'));
      // The hook ran before the consumer: init returned before the validation request was answered.
      assert.ok(l.step.sailor.logText().indexOf('Fully initialized') < l.step.sailor.logText().indexOf('answered Graph\'s validation request'));
    });

    it('emits each new message once on its notification', async () => {
      const l = life as Life;
      for (const s of ['Order 1', 'Order 2', 'Order 3']) add(s);
      await waitForData(l, 3);
      await settled(l);
      assert.deepEqual(dataBodies(l.step).map((b) => b.subject), sent);
    });

    it('drops a notification with a forged clientState: a warning, nothing emitted', async () => {
      const l = life as Life;
      const before = dataBodies(l.step).length;
      const forged = { value: [{ subscriptionId: first.id, clientState: 'forged', changeType: 'created', resource: 'x', resourceData: { id: 'x' } }] };
      const answer = await fetch(l.gateway.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(forged) });
      assert.equal(answer.status, 202);
      await settled(l);
      assert.equal(dataBodies(l.step).length, before);
      assert.match(l.step.sailor.logText(), /clientState that is not this step's was dropped/);
    });

    it('re-creates the subscription Graph removed and emits what changed meanwhile', async () => {
      const l = life as Life;
      await l.graph.sandbox.subscriptions().lifecycle(String(first.id), 'subscriptionRemoved');
      add('while removed');
      await l.step.sailor.until(() => subscriptions(l).length === 1 && subscriptions(l)[0].id !== first.id, WAIT_MS, 'a new subscription');
      await waitForData(l, sent.length);
      await settled(l);
      assert.deepEqual(dataBodies(l.step).map((b) => b.subject), sent);
    });

    it('catches up on notifications Graph never sent, when Graph reports them missed', async () => {
      const l = life as Life;
      l.graph.sandbox.subscriptions().configure({ dropRate: 1 });
      add('missed 1');
      add('missed 2');
      await settled(l);
      l.graph.sandbox.subscriptions().configure({ dropRate: 0 });
      await l.graph.sandbox.subscriptions().lifecycle(String(subscriptions(l)[0].id), 'missed');
      await waitForData(l, sent.length);
      await settled(l);
      assert.deepEqual(dataBodies(l.step).map((b) => b.subject), sent);
    });

    it('emits once what Graph notifies twice', async () => {
      const l = life as Life;
      l.graph.sandbox.subscriptions().configure({ duplicateRate: 1 });
      add('twice notified');
      await settled(l);
      l.graph.sandbox.subscriptions().configure({ duplicateRate: 0 });
      assert.ok(l.graph.sandbox.subscriptions().faults().duplicated >= 1);
      assert.deepEqual(dataBodies(l.step).map((b) => b.subject), sent);
    });

    it('after a container restart, keeps the same subscription and emits what arrived while it was down', async () => {
      const l = life as Life;
      const [current] = subscriptions(l);
      await l.step.stop();
      l.base = l.gateway.requests.length;
      add('while down');
      await l.graph.sandbox.subscriptions().flush();
      await l.step.start();
      await ready(l);
      await waitForData(l, sent.length);
      await settled(l);
      assert.deepEqual(subscriptions(l).map((s) => s.id), [current.id]);
      assert.match(l.step.sailor.logText(), new RegExp(`using subscription ${current.id}`));
      assert.deepEqual(dataBodies(l.step).map((b) => b.subject), sent);
    });

    it('deletes the subscription when the flow stops (the shutdown hook)', async () => {
      const l = life as Life;
      await l.step.stop();
      const hook = await l.step.runShutdownHook();
      assert.deepEqual(subscriptions(l), [], hook.tail(20));
    });

    it('ends with every change emitted exactly once', () => {
      const l = life as Life;
      const subjects = dataBodies(l.step).map((b) => b.subject);
      assert.equal(new Set(subjects).size, subjects.length);
      assert.deepEqual(subjects, sent);
      assert.deepEqual(l.step.queues.outputs.filter((o) => o.kind === 'error'), []);
    });
  });

  describe('without a reply channel', function () {
    this.timeout(60_000);
    const life: Partial<Life> = {};
    after(async () => { await endLife(life); });

    it('says in the step\'s errors and in the log why Graph refuses the subscription', async () => {
      Object.assign(life, await startLife('newMessageWebhook', () => ({ folderId: 'inbox' }), { replyChannel: false }));
      const l = life as Life;
      await l.step.queues.waitUntil(() => l.step.queues.outputs.some((o) => o.kind === 'error'), WAIT_MS, 'the step\'s error');
      const error = l.step.queues.outputs.find((o) => o.kind === 'error')?.body as { error?: { message?: string } };
      assert.match(String(error.error?.message), /without a reply channel \(no reply_to\)/);
      await l.step.sailor.until(() => /could not validate the flow's webhook URL/.test(l.step.sailor.logText()), WAIT_MS, 'the keeper\'s error');
      assert.deepEqual(subscriptions(l), []);
    });
  });

  const SHORT_LIVES: Record<string, { fields(graph: GraphWorld): Record<string, unknown>; change(graph: GraphWorld): string; label(body: Record<string, unknown>): string }> = {
    eventCreatedWebhook: {
      fields: () => ({}),
      change: (graph) => String(graph.sandbox.store.addEvent({ subject: 'Kick-off', start: { dateTime: '2026-12-20T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-20T10:00:00', timeZone: 'UTC' } }).subject),
      label: (body) => String(body.subject),
    },
    eventUpdatedWebhook: {
      fields: () => ({}),
      change(graph) {
        const event = graph.sandbox.store.addEvent({ subject: 'Review', start: { dateTime: '2026-12-21T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-21T10:00:00', timeZone: 'UTC' } });
        graph.sandbox.clock.advance(1500);
        return String(graph.sandbox.store.updateEvent(event.id as string, { subject: 'Review (moved)' }).subject);
      },
      label: (body) => String(body.subject),
    },
    contactChangedWebhook: {
      fields: () => ({}),
      change: (graph) => String(graph.sandbox.store.addContact({ displayName: 'Nestor Wilke' }).displayName),
      label: (body) => String(body.displayName),
    },
  };

  for (const [key, life] of Object.entries(SHORT_LIVES)) {
    describe(`${key}: subscribe, notify, emit, stop`, function () {
      this.timeout(60_000);
      const l: Partial<Life> = {};
      after(async () => { await endLife(l); });

      it('emits the change once and deletes its subscription at the flow\'s stop', async () => {
        Object.assign(l, await startLife(key, life.fields));
        const current = l as Life;
        await ready(current);
        const label = life.change(current.graph);
        await waitForData(current, 1);
        await settled(current);
        assert.deepEqual(dataBodies(current.step).map(life.label), [label]);
        await current.step.stop();
        await current.step.runShutdownHook();
        assert.deepEqual(subscriptions(current), []);
      });
    });
  }
});
