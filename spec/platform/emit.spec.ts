import assert from 'node:assert/strict';
import { MESSAGE_BODY_LIMIT, Output, fitBody, newMessage } from '../../lib/platform/emit';

describe('platform/emit', () => {
  it('gives every message a fresh id', () => {
    const a = newMessage({ x: 1 });
    const b = newMessage({ x: 1 });
    assert.notEqual(a.id, b.id);
    assert.deepEqual(a.body, { x: 1 });
  });

  it('leaves a body that fits untouched', () => {
    const body = { subject: 's', body: { content: 'x'.repeat(100_000) } };
    assert.deepEqual(fitBody(body), { body, truncated: [] });
  });

  it('empties the long texts of a body above the platform limit and names them', () => {
    const huge = 'x'.repeat(MESSAGE_BODY_LIMIT + 10);
    const { body, truncated } = fitBody({ id: 'm1', subject: 'Huge', body: { contentType: 'html', content: huge }, toRecipients: [{ a: 1 }] });
    assert.deepEqual(truncated, ['body.content']);
    assert.deepEqual(body, { id: 'm1', subject: 'Huge', body: { contentType: 'html', content: '' }, toRecipients: [{ a: 1 }] });
  });

  it('keeps only the top-level scalars when emptying long texts is not enough', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => ({ address: `user${i}@contoso.com`, name: `User ${i}` }));
    const { body, truncated } = fitBody({ id: 'm2', subject: 'Everyone', isRead: false, toRecipients: many });
    assert.deepEqual(truncated, ['*']);
    assert.deepEqual(body, { id: 'm2', subject: 'Everyone', isRead: false });
  });
});

describe('platform/emit Output', () => {
  function sink(): { ctx: { emit(e: string, d: unknown): Promise<void>; logger: { warn(m: string): void } }; bodies: unknown[]; warnings: string[] } {
    const bodies: unknown[] = [];
    const warnings: string[] = [];
    return {
      bodies, warnings,
      ctx: { emit: async (event, data) => { if (event === 'data') bodies.push((data as { body: unknown }).body); }, logger: { warn: (m) => warnings.push(m) } },
    };
  }
  const big = (i: number): Record<string, unknown> => ({ id: `m${i}`, text: 'x'.repeat(1_000_000) });

  it('emits each item as its own message', async () => {
    const s = sink();
    const out = new Output(s.ctx, { behavior: 'emitIndividually' });
    await out.item({ id: 1 });
    await out.item({ id: 2 });
    await out.flush();
    assert.deepEqual(s.bodies, [{ id: 1 }, { id: 2 }]);
    assert.deepEqual([out.items, out.messages], [2, 2]);
  });

  it('batches items (emitAll) in the function\'s shape, split before a batch outgrows one platform message', async () => {
    const s = sink();
    const out = new Output(s.ctx, { behavior: 'emitAll', batch: (items) => ({ results: items, n: items.length }) });
    for (let i = 0; i < 9; i += 1) await out.item(big(i));
    await out.flush();
    assert.deepEqual(s.bodies.map((b) => (b as { n: number }).n), [6, 3]);
    for (const body of s.bodies) assert.ok(Buffer.byteLength(JSON.stringify(body)) < MESSAGE_BODY_LIMIT);
  });

  it('emits an empty batch only when asked to (an action that found nothing), and only once', async () => {
    const quiet = sink();
    await new Output(quiet.ctx, { behavior: 'emitAll' }).flush();
    assert.deepEqual(quiet.bodies, []);
    const s = sink();
    const out = new Output(s.ctx, { behavior: 'emitAll', emitEmpty: true });
    await out.flush();
    await out.flush();
    assert.deepEqual(s.bodies, [{ results: [] }]);
  });

  it('fails instead of splitting when all results were promised in one message', async () => {
    const s = sink();
    const out = new Output(s.ctx, { behavior: 'emitAll', whole: (count) => new Error(`${count} are too many`) });
    let failure: unknown;
    try {
      for (let i = 0; i < 9; i += 1) await out.item(big(i));
    } catch (err) { failure = err; }
    assert.match(String(failure), /7 are too many/);
    assert.deepEqual(s.bodies, []);
  });

  it('emits an item too large for any message cut down and flagged, with a warning', async () => {
    const s = sink();
    await new Output(s.ctx, { behavior: 'emitIndividually' }).item({ id: 'huge', body: 'x'.repeat(MESSAGE_BODY_LIMIT + 1) });
    assert.deepEqual(s.bodies, [{ id: 'huge', body: '', truncated: ['body'] }]);
    assert.match(s.warnings[0], /Item huge is larger than a platform message allows/);
  });

  /** A platform whose publishes each take a while to be confirmed, as the sailor's confirm channel does. */
  function slowPlatform(options: { failAt?: number; reject?: boolean } = {}): {
    ctx: { emit(e: string, d: unknown): Promise<void>; logger: { warn(m: string): void }; errorCount: number };
    events: string[]; confirmed: number[]; maxInFlight: () => number;
  } {
    const events: string[] = [];
    const confirmed: number[] = [];
    let inFlight = 0;
    let peak = 0;
    let n = 0;
    const ctx = {
      errorCount: 0,
      logger: { warn: () => undefined },
      async emit(event: string, data: unknown) {
        if (event !== 'data') { events.push(event); return; }
        const index = (n += 1);
        const body = (data as { body: { i: number } }).body;
        events.push(`data ${body.i}`);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => { setImmediate(resolve); });
        inFlight -= 1;
        if (index === options.failAt) {
          if (options.reject) throw new Error('channel closed');
          // What the sailor does with a failed publish: it reports the error itself and resolves the emit.
          ctx.errorCount += 1;
          return;
        }
        confirmed.push(body.i);
      },
    };
    return { ctx, events, confirmed, maxInFlight: () => peak };
  }

  it('lets up to inFlight messages be published at once, in order, and flush waits for every confirm', async () => {
    const p = slowPlatform();
    const out = new Output(p.ctx, { behavior: 'emitIndividually', inFlight: 10 });
    for (let i = 0; i < 25; i += 1) await out.item({ i });
    await out.flush();
    assert.deepEqual(p.confirmed, Array.from({ length: 25 }, (_, i) => i));
    assert.deepEqual(p.events, Array.from({ length: 25 }, (_, i) => `data ${i}`), 'handed over in order');
    assert.ok(p.maxInFlight() > 1 && p.maxInFlight() <= 10, `at most 10 at once (saw ${p.maxInFlight()})`);
  });

  it('publishes one at a time by default', async () => {
    const p = slowPlatform();
    const out = new Output(p.ctx, { behavior: 'emitIndividually' });
    for (let i = 0; i < 5; i += 1) await out.item({ i });
    assert.equal(p.maxInFlight(), 1);
  });

  for (const [how, reject] of [['the sailor reports a failed publish (errorCount)', false], ['an emit rejects', true]] as const) {
    it(`fails flush, and keeps failing, when ${how}`, async () => {
      const p = slowPlatform({ failAt: 3, reject });
      const out = new Output(p.ctx, { behavior: 'emitIndividually', inFlight: 10 });
      for (let i = 0; i < 5; i += 1) await out.item({ i });
      await assert.rejects(out.flush(), reject ? /channel closed/ : /could not be handed to the platform's queue/);
      await assert.rejects(out.flush(), 'a later flush fails too: nothing may be recorded as sent after it');
      await assert.rejects(out.item({ i: 9 }));
    });
  }
});
