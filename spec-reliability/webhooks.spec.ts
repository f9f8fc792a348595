/**
 * Webhook triggers under a lossy, repeating notification channel: 1,000 changes at 50 a second, 10 % of Graph's
 * notifications dropped and 10 % sent twice (later, in another POST). The notification is only a hint, so the
 * step must end with every change emitted exactly once; the last changes, whose notifications may all have been
 * dropped, are read by the safety tick.
 */
import assert from 'node:assert/strict';
import contactChangedWebhook = require('../lib/functions/contacts/contactChangedWebhook');
import newMessageWebhook = require('../lib/functions/mail/newMessageWebhook');
import { clientStateFor } from '../lib/platform/webhook/step';
import { tickBody } from '../lib/platform/webhook/poke';
import { useWebhookSandbox } from '../spec/functions/support/webhooks';

const CHANGES = 1_000;
const PER_SECOND = 50;

async function paced(count: number, perSecond: number, make: (i: number) => void): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    make(i);
  }
}

async function safetyTick(url: string): Promise<void> {
  const answer = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tickBody(clientStateFor(url), 'safety tick', Date.now())) });
  assert.equal(answer.status, 202);
}

describe('webhook triggers: 1,000 changes at 50/s, 10 % of notifications dropped and 10 % duplicated', () => {
  const world = useWebhookSandbox();

  it('New Message: every message emitted once, none lost', async function () {
    this.timeout(120_000);
    const step = await world.start(newMessageWebhook, { folderId: 'inbox' });
    world.sb.subscriptions().configure({ dropRate: 0.1, duplicateRate: 0.1 });
    const sent: string[] = [];
    const started = Date.now();
    await paced(CHANGES, PER_SECOND, (i) => { const subject = `order ${String(i).padStart(4, '0')}`; sent.push(subject); world.sb.store.addMessage('inbox', { subject }); });
    await world.settle(step);
    await safetyTick(step.url);
    await step.idle();
    const subjects = step.data.map((b) => String((b as { subject?: unknown }).subject));
    const faults = world.sb.subscriptions().faults();
    const posts = world.sb.subscriptions().deliveries().filter((d) => d.kind === 'notification').length;
    console.log(`      ${CHANGES} messages in ${((Date.now() - started) / 1000).toFixed(1)} s: ${faults.dropped} notifications dropped, `
      + `${faults.duplicated} duplicated, ${posts} POSTs, ${step.contexts.length} executions; emitted ${subjects.length}, distinct ${new Set(subjects).size}`);
    assert.ok(faults.dropped >= CHANGES * 0.07 && faults.duplicated >= CHANGES * 0.07, JSON.stringify(faults));
    assert.equal(new Set(subjects).size, subjects.length, 'duplicates');
    assert.deepEqual([...subjects].sort(), [...sent].sort(), 'lost');
    assert.deepEqual(step.errors, []);
  });

  it('Contact Changed: every version emitted once, none lost', async function () {
    this.timeout(120_000);
    const step = await world.start(contactChangedWebhook, {});
    world.sb.subscriptions().configure({ dropRate: 0.1, duplicateRate: 0.1 });
    const ids: string[] = [];
    const versions: string[] = [];
    // A quarter new contacts, the rest new versions of earlier ones (each a new visible name).
    await paced(CHANGES, PER_SECOND, (i) => {
      const name = `contact ${i}`;
      versions.push(name);
      if (i % 4 === 0 || ids.length === 0) ids.push(world.sb.store.addContact({ displayName: name }).id as string);
      else world.sb.store.updateContact(ids[i % ids.length], { displayName: name });
    });
    await world.settle(step);
    await safetyTick(step.url);
    await step.idle();
    const names = step.data.map((b) => String((b as { displayName?: unknown }).displayName));
    // A contact changed twice between two catch-ups shows only its last version: each emitted version is one that was
    // made, none twice, and every contact's last version is there.
    assert.equal(new Set(names).size, names.length, 'duplicates');
    assert.deepEqual(names.filter((n) => !versions.includes(n)), []);
    const last = new Map<string, string>();
    for (const c of world.sb.store.contacts()) last.set(String(c.id), String(c.displayName));
    assert.deepEqual([...last.values()].filter((n) => !names.includes(n)), [], 'a final version was lost');
    console.log(`      ${CHANGES} contact changes: ${names.length} versions emitted (the rest superseded before a catch-up read them)`);
  });
});
