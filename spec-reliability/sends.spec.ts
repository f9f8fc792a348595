/**
 * 1,000 "Send Mail" executions while connections drop and requests hang after the sandbox has processed them:
 * no mail may be delivered twice, and every execution that did not succeed must say so.
 */
import { strict as assert } from 'node:assert';
import * as sendMail from '../lib/functions/mail/sendMail';
import { ActionRun, runAction } from './support/action';
import { openSandbox } from './support/sandbox';

const SENDS = 1000;
/**
 * The transport's timeout cannot be shortened from outside an action (graphClientFor takes no timeout option),
 * so the hung requests wait the real 100 s default: they are queued first and run side by side.
 */
const HANGS = 6;
const CONCURRENCY = 24;

describe('Reliability: 1,000 sends while the connection fails after the request arrived', function () {
  it('delivers no mail twice and reports every failure, through resets and timeouts after processing, 429s, 503s and resets before processing', async function () {
    const h = await openSandbox({ seed: 41, demo: false });
    try {
      h.sb.faults.next({ route: 'sendMail', hang: true, times: HANGS });
      h.sb.faults.configure({
        seed: 41, routes: ['sendMail'], rateResetAfterProcessing: 0.05, rate429: 0.03, retryAfter: '0.01', rate503: 0.02, rateReset: 0.02,
      });
      const cfg = h.cfg();
      const runs: ActionRun[] = new Array(SENDS);
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < SENDS; i = next++) {
          runs[i] = await runAction(sendMail, { to: 'alex.wilber@contoso.onmicrosoft.com', subject: `reliability send ${i}`, body: `mail ${i}` }, cfg, 'sends');
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      const delivered = new Map<string, number>();
      for (const m of h.sb.store.sentMail()) delivered.set(m.subject as string, (delivered.get(m.subject as string) ?? 0) + 1);
      const twice = [...delivered].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], 'mail delivered more than once');

      let ok = 0;
      let unknown = 0;
      let refused = 0;
      runs.forEach((run, i) => {
        const copies = delivered.get(`reliability send ${i}`) ?? 0;
        if (!run.error) {
          ok += 1;
          assert.equal(run.data.length, 1, `send ${i} succeeded without saying so`);
          assert.equal(copies, 1, `send ${i} reported success but ${copies} copies were delivered`);
          return;
        }
        assert.equal(run.ctx.events.error, 1, `send ${i} failed without an error event`);
        assert.equal(run.data.length, 0, `send ${i} failed but also emitted a result`);
        if (/may or may not have been sent/.test(run.error.message)) unknown += 1;
        else refused += 1;
        // A failure whose outcome is known must not have delivered anything.
        if (!/may or may not have been sent/.test(run.error.message)) assert.equal(copies, 0, `send ${i}: "${run.error.message}" yet delivered`);
      });
      const injected = h.sb.faults.stats().injected;
      const afterProcessing = (injected.resetAfterProcessing ?? 0) + HANGS;
      assert.ok(afterProcessing > 10 && (injected['429'] ?? 0) > 0, `faults injected: ${JSON.stringify(injected)}`);
      // Every request that was processed and then lost its answer is an execution that reported an unknown outcome.
      assert.ok(unknown >= afterProcessing, `${unknown} unknown-outcome reports for ${afterProcessing} lost answers`);
      assert.equal(ok + unknown + refused, SENDS);
      const sendRequests = h.sb.requests.filter((r) => r.route === 'sendMail').length;
      console.log(`      ${SENDS} sends, ${sendRequests} sendMail requests; faults ${JSON.stringify(injected)} plus ${HANGS} hangs; `
        + `${ok} succeeded, ${unknown} reported "may or may not have been sent", ${refused} reported refused; `
        + `${h.sb.store.sentMail().length} mails delivered, none twice`);
    } finally {
      await h.stop();
    }
  });
});
