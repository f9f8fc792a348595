import { strict as assert } from 'node:assert';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { SEEN_LIMIT, VersionCursor, versionHash } from '../../../lib/platform/polling/cursor';
import { buildSnapshot, legacyCursor, loadSnapshot, SNAPSHOT_LIMIT_BYTES } from '../../../lib/platform/polling/snapshot';

const START = '1970-01-01T00:00:00.000Z';

describe('polling snapshot', () => {
  describe('loadSnapshot', () => {
    it('starts a first execution at the configured start time', () => {
      assert.deepEqual(loadSnapshot({}, 'modified', '2026-01-01T00:00:00Z').snapshot, { v: 2, mode: 'modified', since: '2026-01-01T00:00:00Z', seen: [] });
      assert.deepEqual(loadSnapshot(undefined, 'delta', START).snapshot, { v: 2, mode: 'delta', since: START, seen: [] });
    });

    it('reads a v2 snapshot back unchanged', () => {
      const stored = { v: 2, mode: 'delta', since: '2026-11-23T12:00:01Z', seen: ['0123456789abcdef'], earlier: { 1000: ['fedcba9876543210'] }, from: '2026-11-23T11:59:56.000Z', link: 'https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=abc' };
      assert.deepEqual(loadSnapshot(stored, 'delta', START), { snapshot: stored });
    });

    const legacy: Array<[string, string]> = [
      ['2020-07-20T11:44:53.999Z', '2020-07-20T11:44:54Z'],
      ['2020-07-20T11:44:53.000Z', '2020-07-20T11:44:54Z'],
      ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:01Z'],
    ];
    for (const [old, since] of legacy) {
      it(`takes over the old component's "gt ${old}" as "ge ${since}"`, () => {
        const loaded = loadSnapshot({ lastModifiedDateTime: old }, 'modified', START);
        assert.deepEqual(loaded.snapshot, { v: 2, mode: 'modified', since, seen: [] });
        assert.match(loaded.note as string, /took over/);
        assert.equal(legacyCursor(old), since);
      });
    }

    const link = 'https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages/delta?$skiptoken=abc';
    const base = { since: '2026-11-23T11:00:00Z', seen: ['aaaaaaaaaaaaaaaa'] };

    it('reads the memory of an earlier version\'s unfinished sync round (`resync`) as the base of that round', () => {
      const loaded = loadSnapshot({ v: 2, mode: 'delta', since: '2026-11-23T12:00:00Z', seen: [], link, resync: base }, 'delta', START);
      assert.deepEqual(loaded.snapshot, { v: 2, mode: 'delta', since: '2026-11-23T12:00:00Z', seen: [], link, base, sync: true });
    });

    it('leaving delta mode mid-round, continues from the cursor of the round\'s start', () => {
      const loaded = loadSnapshot({ v: 2, mode: 'delta', since: '2026-11-23T12:00:00Z', seen: [], link, base }, 'modified', START);
      assert.deepEqual(loaded.snapshot, { v: 2, mode: 'modified', ...base });
      assert.match(loaded.note as string, /switched from delta mode; continuing from the cursor 2026-11-23T11:00:00Z/);
    });

    it('entering delta mode keeps the lastModifiedDateTime cursor and nothing else', () => {
      const loaded = loadSnapshot({ v: 2, mode: 'modified', since: '2026-11-23T12:00:00Z', seen: ['bbbbbbbbbbbbbbbb'], link }, 'delta', START);
      assert.deepEqual(loaded.snapshot, { v: 2, mode: 'delta', since: '2026-11-23T12:00:00Z', seen: ['bbbbbbbbbbbbbbbb'] });
    });

    it('refuses a snapshot it does not understand instead of starting over', () => {
      assert.throws(() => loadSnapshot({ v: 3, cursor: 'x' }, 'modified', START), ConfigurationError);
      assert.throws(() => loadSnapshot({ v: 2, mode: 'modified', since: 'yesterday', seen: [] }, 'modified', START), ConfigurationError);
    });
  });

  describe('buildSnapshot', () => {
    function busyCursor(): VersionCursor {
      const cursor = VersionCursor.startingAt('2026-11-23T12:00:00Z', 10_000);
      for (let s = 0; s < 10; s += 1) {
        for (let i = 0; i < 40; i += 1) {
          const it = { id: `m${s}-${i}`, changeKey: 'k', lastModifiedDateTime: `2026-11-23T12:00:0${s}Z` };
          cursor.record(Date.parse(it.lastModifiedDateTime), it.lastModifiedDateTime, versionHash(it) as string);
        }
      }
      return cursor;
    }

    it(`stays within ${SNAPSHOT_LIMIT_BYTES} bytes however much there is to remember`, () => {
      const built = buildSnapshot({ mode: 'modified', cursor: busyCursor() });
      assert.ok(built.bytes <= SNAPSHOT_LIMIT_BYTES, `${built.bytes} bytes`);
      assert.equal(built.bytes, Buffer.byteLength(JSON.stringify(built.snapshot)));
      assert.equal(built.snapshot.seen.length, 40);
      assert.equal(built.truncated, 0);
    });

    it('makes room for a long delta link and the cursor of the round\'s start', () => {
      const link = `https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages/delta?$skiptoken=${'x'.repeat(1500)}`;
      const built = buildSnapshot({ mode: 'delta', cursor: busyCursor(), link, base: busyCursor(), sync: true });
      assert.ok(built.bytes <= SNAPSHOT_LIMIT_BYTES, `${built.bytes} bytes`);
      assert.equal(built.snapshot.link, link);
      assert.ok(built.snapshot.base);
      assert.equal(built.snapshot.sync, true);
    });

    it('reports versions at W it had to leave out', () => {
      const cursor = VersionCursor.startingAt('2026-11-23T12:00:00Z', 5000);
      for (let i = 0; i < SEEN_LIMIT + 3; i += 1) cursor.record(Date.parse('2026-11-23T12:00:01Z'), '2026-11-23T12:00:01Z', versionHash({ id: `m${i}`, changeKey: 'k' }) as string);
      assert.equal(buildSnapshot({ mode: 'modified', cursor }).truncated, 3);
    });

    it('fails loudly when even the link alone does not fit', () => {
      const link = `https://graph.microsoft.com/v1.0/x?$deltatoken=${'x'.repeat(5000)}`;
      assert.throws(() => buildSnapshot({ mode: 'delta', cursor: VersionCursor.startingAt(START, 0), link }), /does not fit/);
    });
  });
});
