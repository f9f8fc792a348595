import { strict as assert } from 'node:assert';
import { CursorState, secondLiteral, SEEN_LIMIT, timeOf, VersionCursor, versionHash } from '../../../lib/platform/polling/cursor';

interface Item { id: string; changeKey: string; lastModifiedDateTime: string }

const T = '2026-11-23T12:00:00Z';
function at(offsetSeconds: number): string {
  return secondLiteral(Date.parse(T) + offsetSeconds * 1000);
}
function item(id: string, offsetSeconds: number, changeKey = `${id}-v1`): Item {
  return { id, changeKey, lastModifiedDateTime: at(offsetSeconds) };
}

/** One cursor step per item, as the drain loop applies it in lastModifiedDateTime mode. */
function pass(cursor: VersionCursor, items: Item[]): string[] {
  const emitted: string[] = [];
  for (const it of items) {
    const ms = timeOf(it.lastModifiedDateTime) as number;
    const hash = versionHash(it) as string;
    if (cursor.verdict(ms, hash) !== 'new') continue;
    emitted.push(`${it.id}@${it.changeKey}`);
    cursor.record(ms, it.lastModifiedDateTime, hash);
  }
  return emitted;
}

/** Reloads a cursor from its serialised state, as the next execution does. */
function reload(cursor: VersionCursor, maxHashes = 190): VersionCursor {
  return new VersionCursor(JSON.parse(JSON.stringify(cursor.toState(maxHashes).state)) as CursorState, cursor.lookbackMs);
}

describe('lastModifiedDateTime cursor', () => {
  describe('versionHash', () => {
    it('is 16 hex characters that change with the changeKey', () => {
      const a = versionHash(item('AAMkAD=/x+y-1', 0, 'CQAAABYAAA1'));
      const b = versionHash(item('AAMkAD=/x+y-1', 0, 'CQAAABYAAA2'));
      assert.match(a as string, /^[0-9a-f]{16}$/);
      assert.notEqual(a, b);
    });

    it('is the first 16 hex digits of SHA-256 over id|changeKey, as stored snapshots hold it', () => {
      // A different digest would make the versions a stored snapshot remembers unknown, so they would be emitted again.
      assert.equal(versionHash(item('AAMkAD=/x+y-1', 0, 'CQAAABYAAA1')), 'f64fb537b64113be');
    });

    it('is undefined for an item without id', () => {
      assert.equal(versionHash({ changeKey: 'x' }), undefined);
    });
  });

  describe('verdicts', () => {
    const cases: Array<{ name: string; state: CursorState; lookback: number; probe: Item; expected: string }> = [
      { name: 'an item older than the start is old', state: { since: at(0), seen: [] }, lookback: 5000, probe: item('a', -1), expected: 'old' },
      { name: 'an item at exactly the start is new', state: { since: at(0), seen: [] }, lookback: 5000, probe: item('a', 0), expected: 'new' },
      { name: 'a version remembered at W is known', state: { since: at(0), seen: [versionHash(item('a', 0)) as string] }, lookback: 5000, probe: item('a', 0), expected: 'known' },
      { name: 'another version at W is new', state: { since: at(0), seen: [versionHash(item('a', 0)) as string] }, lookback: 5000, probe: item('a', 0, 'a-v2'), expected: 'new' },
      { name: 'a version remembered in the look-back window is known', state: { since: at(0), seen: [], earlier: { 2000: [versionHash(item('b', -2)) as string] }, from: at(-5) }, lookback: 5000, probe: item('b', -2), expected: 'known' },
      { name: 'an unknown version inside the look-back window is new (late-visible)', state: { since: at(0), seen: [], from: at(-5) }, lookback: 5000, probe: item('c', -3), expected: 'new' },
      { name: 'an item before the look-back horizon is old', state: { since: at(0), seen: [], from: at(-5) }, lookback: 5000, probe: item('c', -6), expected: 'old' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const cursor = new VersionCursor(c.state, c.lookback);
        assert.equal(cursor.verdict(timeOf(c.probe.lastModifiedDateTime) as number, versionHash(c.probe) as string), c.expected);
      });
    }
  });

  describe('exactness across executions', () => {
    it('emits the second of two messages modified in the same second', () => {
      const first = VersionCursor.startingAt(at(0), 5000);
      assert.deepEqual(pass(first, [item('a', 3)]), ['a@a-v1']);
      const second = reload(first);
      assert.equal(second.lowerBound(), at(0), 'the query starts at the look-back horizon');
      assert.deepEqual(pass(second, [item('a', 3), item('b', 3)]), ['b@b-v1']);
    });

    it('emits both versions of an item modified twice in one second, and each once', () => {
      const cursor = VersionCursor.startingAt(at(0), 0);
      assert.deepEqual(pass(cursor, [item('a', 1)]), ['a@a-v1']);
      const next = reload(cursor);
      assert.deepEqual(pass(next, [item('a', 1, 'a-v2')]), ['a@a-v2']);
      assert.deepEqual(pass(reload(next), [item('a', 1, 'a-v2')]), []);
    });

    it('emits an item that became visible late, within the look-back window, exactly once', () => {
      const cursor = VersionCursor.startingAt(at(0), 5000);
      pass(cursor, [item('a', 1), item('b', 4)]);
      const next = reload(cursor);
      assert.equal(next.lowerBound(), at(0), 'W=4 s, look-back 5 s, but nothing before the start');
      assert.deepEqual(pass(next, [item('a', 1), item('late', 2), item('b', 4)]), ['late@late-v1']);
      assert.deepEqual(pass(reload(next), [item('a', 1), item('late', 2), item('b', 4)]), []);
    });

    it('does not emit an item later than the look-back window allows (the documented limit)', () => {
      const cursor = VersionCursor.startingAt(at(0), 5000);
      pass(cursor, [item('a', 10)]);
      assert.deepEqual(pass(reload(cursor), [item('very-late', 4), item('a', 10)]), []);
    });
  });

  describe('bounded state', () => {
    it('keeps at most SEEN_LIMIT versions at W and reports the rest as truncated', () => {
      const cursor = VersionCursor.startingAt(at(0), 5000);
      pass(cursor, Array.from({ length: SEEN_LIMIT + 7 }, (_, i) => item(`m${i}`, 1)));
      assert.equal(cursor.exact(), false);
      const { state, truncated } = cursor.toState(190);
      assert.equal(state.seen.length, SEEN_LIMIT);
      assert.equal(truncated, 7);
      assert.equal(state.from, undefined, 'no look-back memory can be claimed complete');
    });

    it('shrinks the look-back window by whole seconds rather than forget part of one', () => {
      const cursor = VersionCursor.startingAt(at(0), 5000);
      pass(cursor, [item('a', 1), item('b', 1), item('c', 2), item('d', 3)]);
      const { state, truncated } = cursor.toState(2);
      assert.equal(truncated, 0);
      assert.deepEqual(state.seen.length, 1);
      assert.deepEqual(Object.keys(state.earlier ?? {}), ['1000']);
      // Second 1 (two versions) no longer fits: the horizon moves just past it.
      assert.equal(state.from, new Date(Date.parse(at(1)) + 1).toISOString());
      const next = new VersionCursor(state, 5000);
      assert.equal(next.verdict(Date.parse(at(1)), versionHash(item('a', 1)) as string), 'old');
      assert.equal(next.verdict(Date.parse(at(2)), versionHash(item('c', 2)) as string), 'known');
    });

    it('closes an over-full second when the drain started after it was over, and not otherwise', () => {
      const cursor = VersionCursor.startingAt(at(0), 5000);
      pass(cursor, Array.from({ length: SEEN_LIMIT + 1 }, (_, i) => item(`m${i}`, 1)));
      assert.equal(cursor.seal(Date.parse(at(1)) + 500, 2000), false, 'the second was still running');
      assert.equal(cursor.seal(Date.parse(at(3)) + 999, 2000), false, 'within the clock-skew margin');
      assert.equal(cursor.seal(Date.parse(at(4)), 2000), true);
      assert.equal(cursor.since, at(2));
      assert.equal(cursor.exact(), true);
    });

    it('does not close a second it can still remember exactly', () => {
      const cursor = VersionCursor.startingAt(at(0), 5000);
      pass(cursor, [item('a', 1)]);
      assert.equal(cursor.seal(Date.parse(at(3600)), 2000), false);
      assert.equal(cursor.since, at(1));
    });
  });
});
