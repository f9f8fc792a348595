import assert from 'node:assert/strict';
import nock from 'nock';
import newMessageWebhook = require('../../../lib/functions/mail/newMessageWebhook');
import readMail = require('../../../lib/functions/mail/readMail');
import { clientStateFor } from '../../../lib/platform/webhook/step';
import { tickBody } from '../../../lib/platform/webhook/poke';
import { until, useWebhookSandbox } from '../support/webhooks';

describe('newMessageWebhook (New Message, real-time)', () => {
  const world = useWebhookSandbox();
  const subjects = (data: unknown[]): string[] => data.map((b) => String((b as { subject?: unknown }).subject));
  const post = async (url: string, body: unknown): Promise<number> => (await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status;

  it('subscribes the folder with the flow\'s URL and its clientState, answering Graph\'s validation through httpReply', async () => {
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' });
    const sub = world.sb.subscriptions().list()[0] as { id: string; resource: string; changeType: string; notificationUrl: string; lifecycleNotificationUrl: string | null; clientState: string | null; expirationDateTime: string };
    assert.deepEqual([sub.resource, sub.changeType, sub.notificationUrl, sub.lifecycleNotificationUrl], ['me/mailFolders/inbox/messages', 'created', step.url, step.url]);
    assert.equal(sub.clientState, clientStateFor(step.url));
    assert.ok(sub.expirationDateTime);
    const validation = world.sb.subscriptions().deliveries().filter((d) => d.kind === 'validation');
    assert.deepEqual(validation.map((d) => d.outcome), ['delivered', 'delivered']);
    // A week, less the margin for clocks: Graph's maximum for messages.
    const lifetime = Date.parse(String(sub.expirationDateTime)) - Date.now();
    assert.ok(lifetime > 10_060 * 60_000 && lifetime <= 10_080 * 60_000, `lifetime ${lifetime} ms`);
  });

  it('asks again for the lifetime a tenant names when it allows less than a week (4,230 minutes on older tenants)', async () => {
    world.sb.subscriptions().configure({ maxLifetimeMinutes: 4_230 });
    await world.start(newMessageWebhook, { folderId: 'inbox' });
    const sub = world.sb.subscriptions().list()[0] as { expirationDateTime: string };
    const minutes = (Date.parse(sub.expirationDateTime) - Date.now()) / 60_000;
    assert.ok(minutes > 4_200 && minutes <= 4_230, `${minutes} minutes`);
    assert.equal(world.sb.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/subscriptions').length, 2);
  });

  it('emits each new message once, with the properties of Poll for New Mail, and not its later changes', async () => {
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' });
    const a = world.sb.store.addMessage('inbox', { subject: 'Order 1' });
    world.sb.store.addMessage('archive', { subject: 'elsewhere' });
    await world.settle(step);
    world.sb.store.addMessage('inbox', { subject: 'Order 2' });
    world.sb.store.updateMessage(a.id as string, { isRead: true, flag: { flagStatus: 'flagged' } });
    await world.settle(step);
    assert.deepEqual(subjects(step.data), ['Order 1', 'Order 2']);
    const polled = world.sb.store.message(a.id as string);
    assert.ok(polled);
    const body = step.data[0] as Record<string, unknown>;
    assert.equal(body.id, a.id);
    assert.equal(Object.keys(body).some((k) => k.startsWith('@odata')), false);
    // What Poll for New Mail emits, but for what only its options add (attachments) or size limits (truncated).
    assert.deepEqual(Object.keys(readMail.definition.output.properties ?? {}).filter((k) => !(k in body) && !['attachments', 'truncated'].includes(k)), []);
    assert.deepEqual(step.errors, []);
  });

  it('loses and repeats nothing when Graph drops, repeats and reorders notifications: the change feed decides', async () => {
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' });
    world.sb.subscriptions().configure({ dropRate: 0.3, duplicateRate: 0.3 });
    const sent = Array.from({ length: 40 }, (_, i) => `m${i}`);
    for (const subject of sent) world.sb.store.addMessage('inbox', { subject });
    await world.settle(step);
    // The last notifications may all have been dropped: the safety tick reads the rest.
    assert.equal(await post(step.url, tickBody(clientStateFor(step.url), 'safety tick', Date.now())), 202);
    await step.idle();
    assert.ok(world.sb.subscriptions().faults().dropped > 0 && world.sb.subscriptions().faults().duplicated > 0);
    assert.deepEqual(subjects(step.data), sent);
  });

  it('starts from Start Time when given, from the container\'s start (less a minute) otherwise, and saves that position at once', async () => {
    world.sb.store.addMessage('inbox', { subject: 'already there' });
    const step = await world.start(newMessageWebhook, { folderId: 'inbox', startTime: '2020-01-01T00:00:00Z' });
    assert.deepEqual(subjects(step.data), ['already there']);
    await step.close();
    world.sb.subscriptions().list().forEach((s) => world.sb.subscriptions().drop(String(s.id)));
    const fresh = await world.start(newMessageWebhook, { folderId: 'inbox' }, { ready: false });
    await until(() => Object.keys(fresh.snapshot as object).length > 0, 'the position of the second step');
    const since = Date.parse(String((fresh.snapshot as { since?: unknown }).since));
    assert.ok(Date.now() - since >= 60_000 && Date.now() - since < 75_000, `position ${JSON.stringify(fresh.snapshot)}`);
  });

  it('only unread messages, or only those with attachments, when asked', async () => {
    const step = await world.start(newMessageWebhook, { folderId: 'inbox', onlyUnread: true, onlyWithAttachments: true });
    world.sb.store.addMessage('inbox', { subject: 'read', isRead: true, attachments: [{ name: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }] });
    world.sb.store.addMessage('inbox', { subject: 'plain' });
    world.sb.store.addMessage('inbox', { subject: 'wanted', attachments: [{ name: 'b.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }] });
    await world.settle(step);
    assert.deepEqual(subjects(step.data), ['wanted']);
    assert.match(String(step.contexts.flatMap((c) => c.logs).find((l) => /started/.test(l.line))?.line), /unread only, with attachments/);
  });

  it('drops a notification whose clientState is not the step\'s, or whose subscription is not the step\'s, and emits nothing', async () => {
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' });
    const sub = world.sb.subscriptions().list()[0] as { id: string; resource: string; changeType: string; notificationUrl: string; lifecycleNotificationUrl: string | null; clientState: string | null; expirationDateTime: string };
    world.sb.subscriptions().configure({ dropRate: 1 });
    world.sb.store.addMessage('inbox', { subject: 'waiting' });
    await world.settle(step);
    const forged = { value: [{ subscriptionId: sub.id, clientState: 'guess', changeType: 'created', resource: 'x' }] };
    const stranger = { value: [{ subscriptionId: '7f1f7f1f-0000-4000-8000-000000000000', clientState: clientStateFor(step.url), changeType: 'created', resource: 'x' }] };
    const badTick = { outlookTick: { at: new Date().toISOString(), reason: 'x', signature: 'forged' } };
    for (const body of [forged, stranger, badTick]) assert.equal(await post(step.url, body), 202);
    await step.idle();
    assert.deepEqual(step.data, []);
    const warnings = step.logs().filter((l) => l.level === 'warn').map((l) => l.line);
    assert.equal(warnings.filter((w) => /clientState that is not this step's/.test(w)).length, 1);
    assert.equal(warnings.filter((w) => /not this step's current one/.test(w)).length, 1);
    assert.equal(warnings.filter((w) => /wrong signature/.test(w)).length, 1);
  });

  it('re-creates the subscription Graph removed and catches up on what happened meanwhile', async () => {
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' });
    const old = world.sb.subscriptions().list()[0] as { id: string };
    await world.sb.subscriptions().lifecycle(old.id, 'subscriptionRemoved');
    world.sb.store.addMessage('inbox', { subject: 'while removed' });
    await until(() => world.sb.subscriptions().list().length === 1 && world.hookLogs.some((l) => /subscription created/.test(l.line)), 'a new subscription');
    await world.settle(step);
    const [fresh] = world.sb.subscriptions().list();
    assert.notEqual(fresh.id, old.id);
    world.sb.store.addMessage('inbox', { subject: 'after' });
    await world.settle(step);
    assert.deepEqual(subjects(step.data), ['while removed', 'after']);
  });

  it('reauthorizes on reauthorizationRequired and catches up on missed', async () => {
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' });
    const sub = world.sb.subscriptions().list()[0] as { id: string; resource: string; changeType: string; notificationUrl: string; lifecycleNotificationUrl: string | null; clientState: string | null; expirationDateTime: string };
    await world.sb.subscriptions().lifecycle(sub.id, 'reauthorizationRequired');
    await world.settle(step);
    assert.ok(world.sb.requests.some((r) => r.method === 'POST' && r.path === `/v1.0/subscriptions/${sub.id}/reauthorize`));
    world.sb.store.addMessage('inbox', { subject: 'after reauthorization' });
    await world.settle(step);
    world.sb.subscriptions().configure({ dropRate: 1 });
    world.sb.store.addMessage('inbox', { subject: 'missed' });
    await world.settle(step);
    await world.sb.subscriptions().lifecycle(sub.id, 'missed');
    await world.settle(step);
    assert.deepEqual(subjects(step.data), ['after reauthorization', 'missed']);
  });

  it('renews the subscription within its last day, and re-creates it once Graph no longer has it', async () => {
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const fire = async (): Promise<void> => { const t = timers.splice(0); for (const { fn } of t) fn(); await new Promise((r) => setTimeout(r, 50)); };
    // The step's clock is the sandbox's, moved forward by days.
    const clock = world.sb.clock;
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' }, {
      ready: false,
      runtime: { now: () => clock.now(), timers: { setTimeout: (fn, ms) => { timers.push({ fn, ms }); return fn; }, clearTimeout: (h) => { const i = timers.findIndex((t) => t.fn === h); if (i >= 0) timers.splice(i, 1); } } },
    });
    await fire();
    await until(() => world.hookLogs.some((l) => /asked the step for a catch-up/.test(l.line)), 'the subscription and a catch-up');
    await world.settle(step);
    const sub = world.sb.subscriptions().list()[0] as { id: string; resource: string; changeType: string; notificationUrl: string; lifecycleNotificationUrl: string | null; clientState: string | null; expirationDateTime: string };
    assert.deepEqual(timers.map((t) => t.ms), [15 * 60_000]);
    // Nothing to do while more than a day is left; within the last day, renewed.
    clock.advance(5 * 86_400_000);
    await fire();
    assert.equal(world.hookLogs.some((l) => /renewed until/.test(l.line)), false);
    clock.advance(1.5 * 86_400_000);
    await fire();
    await until(() => world.hookLogs.some((l) => /renewed until/.test(l.line)), 'the renewal');
    assert.ok(world.sb.requests.some((r) => r.method === 'PATCH' && r.path === `/v1.0/subscriptions/${sub.id}`));
    world.sb.subscriptions().drop(sub.id);
    clock.advance(6.5 * 86_400_000);
    await fire();
    await until(() => world.hookLogs.filter((l) => /subscription \S+ created/.test(l.line)).length === 2, 'a new subscription');
    assert.notEqual(world.sb.subscriptions().list()[0].id, sub.id);
    assert.equal(world.hookLogs.filter((l) => /subscription \S+ created/.test(l.line)).length, 2, world.hookLogs.map((l) => l.line).join("\n"));
    await world.settle(step);
  });

  it('names the missing permission when Graph refuses the subscription for want of Mail.Read', async () => {
    await world.start(newMessageWebhook, { folderId: 'inbox', oauth: world.sb.issueToken({ scope: 'User.Read Calendars.Read' }) }, { ready: false });
    await until(() => world.hookLogs.some((l) => l.level === 'error'), 'the refusal');
    assert.match(String(world.hookLogs.find((l) => l.level === 'error')?.line), /Mail\.Read/);
    assert.deepEqual(world.sb.subscriptions().list(), []);
  });

  it('refuses a missing folder before any request, naming the field', async () => {
    const before = world.sb.requests.length;
    await assert.rejects(world.start(newMessageWebhook, {}, { ready: false }), /Mail Folder \(folderId\)/);
    assert.equal(world.sb.requests.length, before);
  });

  it('keeps a hostile folder id inside one path segment of the subscription\'s resource', async () => {
    await world.start(newMessageWebhook, { folderId: 'inbox/../../users/victim@contoso.example/messages?x=' }, { ready: false });
    await until(() => world.sb.requests.some((r) => r.method === 'POST' && r.path === '/v1.0/subscriptions'), 'the create call');
    await until(() => world.hookLogs.some((l) => l.level === 'error'), 'the refusal');
    const create = world.sb.requests.find((r) => r.method === 'POST' && r.path === '/v1.0/subscriptions');
    assert.match(JSON.stringify(create?.body ?? ''), /me\/mailFolders\/inbox%2F..%2F..%2Fusers%2Fvictim%40contoso.example%2Fmessages%3Fx%3D\/messages/);
    assert.deepEqual(world.sb.subscriptions().list(), []);
  });

  it('names the missing reply channel in the step\'s error, and Graph refuses the subscription', async () => {
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' }, { replyChannel: false, ready: false });
    await until(() => world.hookLogs.some((l) => l.level === 'error' && /could not validate the flow's webhook URL/.test(l.line)), 'the keeper\'s error');
    await step.idle();
    assert.match(String(step.errors[0]?.message), /without a reply channel \(no reply_to\).*real-time flow/);
    assert.deepEqual(world.sb.subscriptions().list(), []);
  });

  it('reuses the subscription a crashed container left, deletes extras, and deletes it on shutdown', async () => {
    const first = await world.start(newMessageWebhook, { folderId: 'inbox' });
    const left = world.sb.subscriptions().list()[0] as { id: string };
    await first.close();
    const second = await world.start(newMessageWebhook, { folderId: 'inbox' }, { port: Number(new URL(first.url).port) });
    assert.deepEqual(world.sb.subscriptions().list().map((s) => s.id), [left.id]);
    await second.shutdown();
    assert.deepEqual(world.sb.subscriptions().list(), []);
    assert.ok(nock.isDone());
  });
});
