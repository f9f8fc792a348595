/**
 * Executions killed at random points: the emit at the kill point and everything after it never reaches the
 * platform, and the next execution starts from the last snapshot that did. Nothing may be lost; a kill may
 * repeat at most what its execution emitted since its last snapshot, which is at most one page.
 */
import { strict as assert } from 'node:assert';
import { Prng } from '../dev/sandbox/random';
import * as readMail from '../lib/functions/mail/readMail';
import { fastClock } from './support/clock';
import { TriggerFlow } from './support/flow';
import { openSandbox } from './support/sandbox';

const MESSAGES = 10_000;
/** The trigger's page size with no maxMessages (Graph's documented maximum $top for messages). */
const PAGE = 1000;

describe('Reliability: executions killed at random points', function () {
  const variants = [
    // Kill points are drawn among the emits an execution makes: one per message plus one snapshot per page…
    { name: 'lastModifiedDateTime, emitIndividually', cfg: { pollingMode: 'lastModifiedDateTime' }, emits: 1200 },
    // …or one batch and one snapshot per page.
    { name: 'lastModifiedDateTime, emitAll', cfg: { pollingMode: 'lastModifiedDateTime', emitBehavior: 'emitAll' }, emits: 3 },
    { name: 'delta', cfg: { pollingMode: 'delta' }, emits: 1200 },
  ];
  for (const variant of variants) {
    it(`loses nothing and repeats at most one page per kill (${variant.name})`, async function () {
      const h = await openSandbox({ seed: 13, demo: false, bulk: { folder: 'inbox', count: MESSAGES } });
      try {
        const prng = new Prng(variant.emits);
        const flow = new TriggerFlow(readMail, h.cfg({ folderId: 'inbox', ...variant.cfg }), 'crashes', fastClock(2));
        let kills = 0;
        let repeatable = 0;
        for (let n = 0; ; n += 1) {
          assert.ok(n < 500, 'the drain makes progress despite the kills');
          const killAtEmit = prng.next() < 0.85 ? 1 + prng.int(variant.emits) : undefined;
          const tick = await flow.tick({ killAtEmit });
          if (tick.killed) {
            kills += 1;
            repeatable += tick.unsaved;
            assert.ok(tick.unsaved <= PAGE, `a kill left ${tick.unsaved} messages unsaved, more than one page`);
          } else if (tick.error) {
            throw tick.error;
          } else if (tick.items === 0) {
            break;
          }
        }
        const expected = h.sb.store.messages('inbox').map((m) => m.id as string);
        const missing = expected.filter((id) => !flow.byId.has(id));
        assert.deepEqual(missing.slice(0, 5), [], `${missing.length} messages were lost`);
        assert.equal(flow.byId.size, MESSAGES);
        const duplicates = flow.duplicates();
        assert.ok(kills >= 5, `enough kills to mean something (${kills})`);
        assert.ok(duplicates <= repeatable, `${duplicates} duplicates, but kills left only ${repeatable} messages unsaved`);
        assert.ok(duplicates <= kills * PAGE);
        console.log(`      ${flow.ticks.length} executions, ${kills} killed; ${duplicates} duplicates `
          + `(${(duplicates / kills).toFixed(0)} per kill on average, bound ${PAGE}); nothing lost`);
      } finally {
        await h.stop();
      }
    });
  }
});
