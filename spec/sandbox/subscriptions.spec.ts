import assert from 'node:assert/strict';
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphItem, T0, startTestSandbox } from './helpers';

interface Received { path: string; validationToken: string | null; contentType: string; body: string }
interface Answer { status: number; type?: string; body?: string; delayMs?: number }
type Notification = Record<string, unknown> & { changeType?: string; resourceData?: Record<string, unknown>; lifecycleEvent?: string };

/** A tiny webhook receiver on 127.0.0.1: echoes validation tokens and accepts notifications unless told otherwise. */
class Receiver {
  readonly received: Received[] = [];
  answer: (r: Received) => Answer = (r) => (r.validationToken !== null ? { status: 200, type: 'text/plain', body: r.validationToken } : { status: 202 });
  private constructor(private readonly server: http.Server, readonly url: string) {}

  static async start(): Promise<Receiver> {
    // The server answers through the receiver, which needs the server's port to be made: one holds the other.
    const holder: { receiver?: Receiver } = {};
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const r: Received = { path: url.pathname, validationToken: url.searchParams.get('validationToken'), contentType: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') };
        const receiver = holder.receiver as Receiver;
        receiver.received.push(r);
        const a = receiver.answer(r);
        setTimeout(() => {
          res.writeHead(a.status, a.type ? { 'Content-Type': a.type } : {});
          res.end(a.body);
        }, a.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.receiver = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.receiver;
  }

  notifications(path = '/hook'): Notification[] {
    return this.received.filter((r) => r.path === path && r.validationToken === null).flatMap((r) => (JSON.parse(r.body) as { value: Notification[] }).value);
  }

  posts(path = '/hook'): Received[] {
    return this.received.filter((r) => r.path === path && r.validationToken === null);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const INBOX = "me/mailFolders('inbox')/messages";

describe('sandbox change-notification subscriptions', () => {
  let sb: Sandbox;
  let graph: Graph;
  let hook: Receiver;

  beforeEach(async () => {
    sb = await startTestSandbox({ demo: false });
    graph = new Graph(sb);
    hook = await Receiver.start();
    sb.subscriptions().configure({ batchDelayMs: 5, retryDelaysMs: [5, 5] });
  });
  afterEach(async () => {
    await sb.stop();
    await hook.close();
  });

  function body(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      changeType: 'created,updated,deleted', notificationUrl: `${hook.url}/hook`, resource: INBOX,
      expirationDateTime: new Date(T0 + 3 * 86_400_000).toISOString(), clientState: 'secret-state', ...extra,
    };
  }

  async function subscribe(extra: Record<string, unknown> = {}): Promise<GraphItem> {
    const reply = await graph.post('/subscriptions', body(extra));
    assert.equal(reply.status, 201, reply.text);
    return reply.json<GraphItem>();
  }

  async function refused(extra: Record<string, unknown>): Promise<[number, string]> {
    const reply = await graph.post('/subscriptions', body(extra));
    return [reply.status, reply.json<GraphErrorBody>().error.code];
  }

  describe('creation', () => {
    it('validates the notificationUrl with the decoded token before answering 201 with the subscription', async () => {
      const sub = await subscribe();
      const [validation] = hook.received;
      assert.match(String(validation.validationToken), /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/);
      assert.match(validation.contentType, /^text\/plain/);
      assert.deepEqual([sub.resource, sub.changeType, sub.clientState, sub.notificationUrl], [INBOX, 'created,updated,deleted', 'secret-state', `${hook.url}/hook`]);
      assert.equal(sub.expirationDateTime, `${new Date(T0 + 3 * 86_400_000).toISOString().slice(0, 23)}0000Z`);
      assert.deepEqual([sub.applicationId, sub.creatorId], [sb.clientId, sb.user.id]);
      assert.deepEqual(sb.subscriptions().list().map((s) => s.id), [sub.id]);
    });

    it('validates the lifecycleNotificationUrl too', async () => {
      await subscribe({ lifecycleNotificationUrl: `${hook.url}/lifecycle` });
      assert.deepEqual(hook.received.map((r) => [r.path, r.validationToken !== null]), [['/hook', true], ['/lifecycle', true]]);
    });

    it('refuses with 400 ValidationError when the endpoint does not echo the token as text/plain', async () => {
      hook.answer = () => ({ status: 200, type: 'text/plain', body: 'not the token' });
      assert.deepEqual(await refused({}), [400, 'ValidationError']);
      hook.answer = (r) => ({ status: 200, type: 'application/json', body: JSON.stringify(r.validationToken) });
      assert.deepEqual(await refused({}), [400, 'ValidationError']);
      hook.answer = () => ({ status: 500 });
      assert.deepEqual(await refused({}), [400, 'ValidationError']);
      assert.deepEqual(sb.subscriptions().list(), []);
    });

    it('refuses with 400 InvalidRequest when the endpoint does not answer within the validation timeout', async () => {
      sb.subscriptions().configure({ validationTimeoutMs: 50 });
      hook.answer = (r) => ({ status: 200, type: 'text/plain', body: String(r.validationToken), delayMs: 300 });
      assert.deepEqual(await refused({}), [400, 'InvalidRequest']);
      assert.equal(sb.subscriptions().deliveries()[0].outcome, 'failed');
    });

    it('requires an HTTPS notificationUrl except on the loopback interface, without calling it', async () => {
      assert.deepEqual(await refused({ notificationUrl: 'http://hooks.fabrikam.example/graph' }), [400, 'InvalidRequest']);
      assert.deepEqual(await refused({ lifecycleNotificationUrl: 'ftp://127.0.0.1/x' }), [400, 'InvalidRequest']);
      assert.equal(hook.received.length, 0);
    });

    it('refuses an expiration beyond 10080 minutes or in the past, and a clientState over 128 characters', async () => {
      assert.deepEqual(await refused({ expirationDateTime: new Date(T0 + 10_081 * 60_000).toISOString() }), [400, 'ExtensionError']);
      assert.deepEqual(await refused({ expirationDateTime: new Date(T0 - 1000).toISOString() }), [400, 'InvalidRequest']);
      assert.deepEqual(await refused({ clientState: 'x'.repeat(129) }), [400, 'InvalidRequest']);
      await subscribe({ expirationDateTime: new Date(T0 + 10_080 * 60_000).toISOString(), clientState: 'x'.repeat(128) });
    });

    it('answers as an older tenant does when told its maximum lifetime is 4,230 minutes', async () => {
      sb.subscriptions().configure({ maxLifetimeMinutes: 4_230 });
      const reply = await graph.post('/subscriptions', body({ expirationDateTime: new Date(T0 + 4_231 * 60_000).toISOString() }));
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.json<GraphErrorBody>().error, { ...reply.json<GraphErrorBody>().error, code: 'ExtensionError', message: 'Subscription expiration can only be 4230 minutes in the future.' });
      await subscribe({ expirationDateTime: new Date(T0 + 4_230 * 60_000).toISOString() });
    });

    it('refuses an unsupported resource, a change type it does not know and a folder that does not exist', async () => {
      assert.deepEqual(await refused({ resource: 'me/drive/root' }), [400, 'InvalidRequest']);
      assert.deepEqual(await refused({ changeType: 'created,moved' }), [400, 'InvalidRequest']);
      assert.deepEqual(await refused({ resource: "me/mailFolders('no-such-folder')/messages" }), [404, 'ExtensionError']);
    });
  });

  describe('notifications', () => {
    it('notifies created, updated and deleted messages of the subscribed folder only', async () => {
      await subscribe();
      const inbox = sb.store.addMessage('inbox', { subject: 'hello' });
      sb.store.addMessage('archive', { subject: 'elsewhere' });
      sb.store.updateMessage(inbox.id as string, { isRead: true });
      sb.store.deleteMessage(inbox.id as string);
      await sb.subscriptions().flush();
      assert.deepEqual(hook.notifications().map((n) => [n.changeType, n.resourceData?.id]), [['created', inbox.id], ['updated', inbox.id], ['deleted', inbox.id]]);
    });

    it('sends the Graph notification shape, several changes in one POST', async () => {
      const sub = await subscribe();
      const a = sb.store.addMessage('inbox', { subject: 'a' });
      const b = sb.store.addMessage('inbox', { subject: 'b' });
      await sb.subscriptions().flush();
      assert.equal(hook.posts().length, 1);
      assert.match(hook.posts()[0].contentType, /^application\/json/);
      const [first, second] = hook.notifications();
      const resource = `Users/${sb.user.id}/Messages/${String(a.id)}`;
      assert.deepEqual({ ...first, id: undefined }, {
        id: undefined, subscriptionId: sub.id, subscriptionExpirationDateTime: sub.expirationDateTime, changeType: 'created', resource,
        resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': resource, '@odata.etag': `W/"${String(a.changeKey)}"`, id: a.id },
        clientState: 'secret-state', tenantId: sb.tenantId,
      });
      assert.equal(second.resourceData?.id, b.id);
      assert.equal(sb.subscriptions().deliveries().filter((d) => d.kind === 'notification')[0].outcome, 'delivered');
    });

    it('sends only the subscribed change types', async () => {
      await subscribe({ changeType: 'updated' });
      const m = sb.store.addMessage('inbox', { subject: 'quiet' });
      sb.store.updateMessage(m.id as string, { isRead: true });
      await sb.subscriptions().flush();
      assert.deepEqual(hook.notifications().map((n) => n.changeType), ['updated']);
    });

    it('watches every folder for me/messages, events for me/events and contacts for me/contacts', async () => {
      await subscribe({ resource: 'me/messages', changeType: 'created' });
      await subscribe({ resource: '/me/events', changeType: 'created' });
      await subscribe({ resource: `users/${sb.user.userPrincipalName}/contacts`, changeType: 'created' });
      sb.store.addMessage('archive', { subject: 'archived' });
      const reply = await graph.post('/me/events', { subject: 'x', start: { dateTime: '2026-11-24T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-11-24T11:00:00', timeZone: 'UTC' } });
      sb.store.addContact({ givenName: 'Ana' });
      await sb.subscriptions().flush();
      assert.deepEqual(hook.notifications().map((n) => n.resourceData?.['@odata.type']).sort(), ['#Microsoft.Graph.Contact', '#Microsoft.Graph.Event', '#Microsoft.Graph.Message']);
      assert.ok(hook.notifications().some((n) => n.resourceData?.id === reply.json<GraphItem>().id));
    });

    it('retries a delivery answered with 503 and gives up after the configured retries', async () => {
      await subscribe();
      let calls = 0;
      hook.answer = (r) => (r.validationToken !== null ? { status: 200, type: 'text/plain', body: r.validationToken } : { status: (calls += 1) === 1 ? 503 : 202 });
      sb.store.addMessage('inbox', { subject: 'once refused' });
      await sb.subscriptions().flush();
      const delivered = sb.subscriptions().deliveries().filter((d) => d.kind === 'notification');
      assert.deepEqual(delivered.map((d) => [d.outcome, d.attempts.map((a) => a.status)]), [['delivered', [503, 202]]]);
      hook.answer = () => ({ status: 503 });
      sb.store.addMessage('inbox', { subject: 'always refused' });
      await sb.subscriptions().flush();
      const failed = sb.subscriptions().deliveries().filter((d) => d.kind === 'notification')[1];
      assert.deepEqual([failed.outcome, failed.attempts.length], ['failed', 3]);
    });

    it('does not retry a delivery answered with 4xx', async () => {
      await subscribe();
      hook.answer = () => ({ status: 400 });
      sb.store.addMessage('inbox', { subject: 'refused' });
      await sb.subscriptions().flush();
      const [delivery] = sb.subscriptions().deliveries().filter((d) => d.kind === 'notification');
      assert.deepEqual([delivery.outcome, delivery.attempts.length], ['failed', 1]);
    });
  });

  describe('lifetime', () => {
    it('renews with PATCH, lists and gets the subscription, and deletes it with 204 and then 404', async () => {
      const sub = await subscribe();
      const later = new Date(T0 + 5 * 86_400_000).toISOString();
      const renewed = await graph.patch(`/subscriptions/${sub.id}`, { expirationDateTime: later });
      assert.equal(renewed.status, 200);
      assert.equal(renewed.json<GraphItem>().expirationDateTime, `${later.slice(0, 23)}0000Z`);
      assert.deepEqual((await graph.ok('/subscriptions')).value.map((s) => s.id), [sub.id]);
      assert.equal((await graph.ok<GraphItem>(`/subscriptions/${sub.id}`)).expirationDateTime, `${later.slice(0, 23)}0000Z`);
      assert.equal((await graph.delete(`/subscriptions/${sub.id}`)).status, 204);
      const gone = await graph.patch(`/subscriptions/${sub.id}`, { expirationDateTime: later });
      assert.equal(gone.status, 404);
      assert.equal((await graph.get(`/subscriptions/${sub.id}`)).status, 404);
    });

    it('stops notifying and answers 404 once the subscription has expired', async () => {
      const sub = await subscribe({ expirationDateTime: new Date(T0 + 1_800_000).toISOString() });
      sb.clock.advance(1_800_000);
      sb.store.addMessage('inbox', { subject: 'too late' });
      await sb.subscriptions().flush();
      assert.equal(hook.notifications().length, 0);
      assert.equal((await graph.get(`/subscriptions/${sub.id}`)).status, 404);
      assert.equal((await graph.patch(`/subscriptions/${sub.id}`, { expirationDateTime: new Date(T0 + 7_200_000).toISOString() })).status, 404);
    });

    it('sends reauthorizationRequired to the lifecycleNotificationUrl and holds notifications until reauthorized', async () => {
      const sub = await subscribe({ lifecycleNotificationUrl: `${hook.url}/lifecycle` });
      const delivery = await sb.subscriptions().lifecycle(sub.id, 'reauthorizationRequired');
      assert.equal(delivery.outcome, 'delivered');
      assert.deepEqual(hook.notifications('/lifecycle'), [{
        subscriptionId: sub.id, subscriptionExpirationDateTime: sub.expirationDateTime, tenantId: sb.tenantId, clientState: 'secret-state', lifecycleEvent: 'reauthorizationRequired',
      }]);
      sb.store.addMessage('inbox', { subject: 'while paused' });
      await sb.subscriptions().flush();
      assert.equal(hook.notifications().length, 0);
      assert.equal((await graph.post(`/subscriptions/${sub.id}/reauthorize`)).status, 204);
      sb.store.addMessage('inbox', { subject: 'after reauthorize' });
      await sb.subscriptions().flush();
      assert.equal(hook.notifications().length, 1);
    });

    it('leaves out a share of notifications (dropRate) and sends a share twice, the copy in a later POST (duplicateRate)', async () => {
      await subscribe();
      sb.subscriptions().configure({ dropRate: 0.3, duplicateRate: 0.3 });
      const ids = Array.from({ length: 60 }, (_, i) => sb.store.addMessage('inbox', { subject: `m${i}` }).id as string);
      await sb.subscriptions().flush();
      const { dropped, duplicated } = sb.subscriptions().faults();
      const seen = hook.notifications().map((n) => String(n.resourceData?.id));
      const counts = new Map<string, number>();
      for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
      assert.ok(dropped > 5 && duplicated > 5, `dropped ${dropped}, duplicated ${duplicated}`);
      assert.equal(ids.filter((id) => !counts.has(id)).length, dropped);
      assert.equal([...counts.values()].filter((c) => c === 2).length, duplicated);
      assert.equal(seen.length, ids.length - dropped + duplicated);
      // A copy never travels in the POST of its original.
      for (const post of hook.posts()) {
        const inPost = (JSON.parse(post.body) as { value: Notification[] }).value.map((n) => String(n.resourceData?.id));
        assert.equal(new Set(inPost).size, inPost.length);
      }
    });

    it('removes the subscription when it sends subscriptionRemoved, and passes missed on', async () => {
      const sub = await subscribe({ lifecycleNotificationUrl: `${hook.url}/lifecycle` });
      await sb.subscriptions().lifecycle(sub.id, 'missed');
      assert.equal((await graph.get(`/subscriptions/${sub.id}`)).status, 200);
      await sb.subscriptions().lifecycle(sub.id, 'subscriptionRemoved');
      assert.deepEqual(hook.notifications('/lifecycle').map((n) => n.lifecycleEvent), ['missed', 'subscriptionRemoved']);
      assert.equal((await graph.get(`/subscriptions/${sub.id}`)).status, 404);
    });
  });
});
