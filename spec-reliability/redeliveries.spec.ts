/**
 * 1,000 redeliveries under injected faults: 200 input messages to Send Mail, Reply, Forward and Send Draft, each
 * delivered six times with the same message id, as the platform does after a crash or a lost acknowledgement.
 * Connections drop after Graph processed a request, requests are throttled or refused, and executions die at their
 * emit (the mail went out, the platform never heard of it). No mail may go out twice; every delivery that emits
 * must emit the same result as every other delivery of its input; a redelivery after a send must find that send.
 */
import { strict as assert } from 'node:assert';
import * as forwardMessage from '../lib/functions/mail/forwardMessage';
import * as replyToMessage from '../lib/functions/mail/replyToMessage';
import * as sendDraft from '../lib/functions/mail/sendDraft';
import * as sendMail from '../lib/functions/mail/sendMail';
import type { ActionModule } from './support/action';
import { KilledError, reliableContext } from './support/context';
import { Harness, openSandbox } from './support/sandbox';

const INPUTS = 200;
const DELIVERIES = 6;
const CONCURRENCY = 16;
const COLLEAGUE = 'alex.wilber@contoso.onmicrosoft.com';
const ROUTES = ['listMessages', 'sendMail', 'sendDraft', 'createReply', 'createForward', 'updateMessage', 'deleteMessage', 'getMessage', 'createMessage'];

type Kind = 'sendMail' | 'replyToMessage' | 'forwardMessage' | 'sendDraft';
const MODULES: Record<Kind, ActionModule> = { sendMail, replyToMessage, forwardMessage, sendDraft };
const KINDS: Kind[] = ['sendMail', 'replyToMessage', 'forwardMessage', 'sendDraft'];

interface Input { kind: Kind; id: string; body: Record<string, unknown>; subject: string }

interface Delivery { data?: unknown; error?: Error; killed: boolean; recognised: boolean }

/** A small seeded PRNG (mulberry32), so a failing run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The inputs, with what they answer or send already in the mailbox; `subject` names the one mail each may send. */
function inputs(h: Harness): Input[] {
  return Array.from({ length: INPUTS }, (_, i) => {
    const kind = KINDS[i % KINDS.length];
    const id = `redelivered-${i}`;
    const from = { emailAddress: { address: 'lee@fabrikam.example' } };
    switch (kind) {
      case 'sendMail': return { kind, id, subject: `redelivery mail ${i}`, body: { to: COLLEAGUE, subject: `redelivery mail ${i}`, body: `mail ${i}` } };
      case 'replyToMessage': {
        const original = h.sb.store.addMessage('inbox', { subject: `redelivery question ${i}`, from });
        return { kind, id, subject: `RE: redelivery question ${i}`, body: { messageId: original.id, comment: `answer ${i}` } };
      }
      case 'forwardMessage': {
        const original = h.sb.store.addMessage('inbox', { subject: `redelivery report ${i}`, from });
        return { kind, id, subject: `FW: redelivery report ${i}`, body: { messageId: original.id, to: COLLEAGUE, comment: `fyi ${i}` } };
      }
      default: {
        const draft = h.sb.store.addMessage('drafts', { subject: `redelivery draft ${i}`, isDraft: true, toRecipients: [{ emailAddress: { address: COLLEAGUE } }] });
        return { kind, id, subject: `redelivery draft ${i}`, body: { messageId: draft.id } };
      }
    }
  });
}

/** One delivery of an input, as the sailor runs it; with `kill` the execution dies at its first emit. */
async function deliver(input: Input, cfg: Record<string, unknown>, kill: boolean): Promise<Delivery> {
  const data: unknown[] = [];
  const ctx = reliableContext({ label: `redelivery ${input.kind}`, killAtEmit: kill ? 1 : undefined, onData: (m) => { data.push(m.body); } });
  // Which emit the kill hit: only a death at the data emit means the mail went out unannounced (not at a rebound).
  const attempted: string[] = [];
  const emit = ctx.emit.bind(ctx);
  ctx.emit = (event, payload) => { attempted.push(event); return emit(event, payload); };
  try {
    await MODULES[input.kind].process.call(ctx, { id: input.id, body: input.body, headers: {}, attachments: {} }, structuredClone(cfg), {});
  } catch (err) {
    if (!(err instanceof KilledError)) return { error: err as Error, killed: false, recognised: false };
  }
  const recognised = ctx.logs.some((line) => /An earlier delivery of this message already/.test(line));
  return { data: data[0], killed: ctx.killed && attempted[0] === 'data', recognised };
}

describe('Reliability: 1,000 redeliveries of Send Mail, Reply, Forward and Send Draft under faults', function () {
  it('sends no mail twice, emits the same result on every delivery that emits, and recognises every earlier send', async function () {
    const h = await openSandbox({ seed: 53, demo: false });
    try {
      h.sb.faults.configure({
        seed: 53, routes: ROUTES, rateResetAfterProcessing: 0.04, rate429: 0.03, retryAfter: '0.01', rate503: 0.02, rateReset: 0.02,
      });
      const all = inputs(h);
      const cfg = h.cfg();
      const random = prng(53);
      const runs: Delivery[][] = all.map(() => []);
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < all.length; i = next++) {
          for (let d = 0; d < DELIVERIES; d += 1) runs[i].push(await deliver(all[i], cfg, random() < 0.3));
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      const copies = new Map<string, number>();
      for (const m of h.sb.store.sentMail()) copies.set(String(m.subject), (copies.get(String(m.subject)) ?? 0) + 1);
      const twice = [...copies].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], 'mail sent more than once');

      let recognised = 0;
      let afterUnknown = 0;
      all.forEach((input, i) => {
        const sent = copies.get(input.subject) ?? 0;
        const emitted = runs[i].filter((r) => r.data !== undefined);
        for (const r of emitted) assert.deepEqual(r.data, emitted[0].data, `${input.kind} ${i}: deliveries emitted different results`);
        if (emitted.length > 0) assert.equal(sent, 1, `${input.kind} ${i} emitted a result but ${sent} mails went out`);
        runs[i].forEach((r, d) => {
          const sentBefore = runs[i].slice(0, d).some((e) => e.data !== undefined || e.killed || /may or may not have been sent/.test(e.error?.message ?? ''));
          if (r.recognised) recognised += 1;
          if (r.recognised && runs[i].slice(0, d).some((e) => /may or may not have been sent/.test(e.error?.message ?? ''))) afterUnknown += 1;
          // Once a delivery got through (emitted, or died at its emit), every later one must find that mail.
          if (runs[i].slice(0, d).some((e) => e.data !== undefined || e.killed)) {
            assert.ok(r.recognised || r.error, `${input.kind} ${i}, delivery ${d + 1}: did not recognise the earlier send`);
          }
          if (!sentBefore && r.recognised) assert.fail(`${input.kind} ${i}, delivery ${d + 1}: recognised a send that never happened`);
        });
        if (runs[i].some((r) => r.data !== undefined || r.killed)) assert.equal(sent, 1, `${input.kind} ${i}: sent ${sent} times`);
      });
      const redeliveries = INPUTS * (DELIVERIES - 1);
      const injected = h.sb.faults.stats().injected;
      const failed = runs.flat().filter((r) => r.error).length;
      const killed = runs.flat().filter((r) => r.killed).length;
      assert.ok((injected.resetAfterProcessing ?? 0) > 10 && (injected['429'] ?? 0) > 0 && killed > 100, `faults: ${JSON.stringify(injected)}, ${killed} killed`);
      assert.ok(recognised > redeliveries / 2, `only ${recognised} of ${redeliveries} redeliveries recognised an earlier send`);
      assert.ok(afterUnknown > 0, 'no redelivery followed a send whose outcome was unknown');
      const sent = [...copies.values()].reduce((a, b) => a + b, 0);
      console.log(`      ${INPUTS} inputs × ${DELIVERIES} deliveries (${redeliveries} redeliveries): ${killed} died at their emit, ${failed} failed, `
        + `${recognised} recognised an earlier send (${afterUnknown} after an unknown outcome); ${sent} mails sent, none twice; `
        + `faults ${JSON.stringify(injected)}; ${h.sb.store.messageCount('drafts')} drafts left in Drafts`);
    } finally {
      await h.stop();
    }
  });
});
