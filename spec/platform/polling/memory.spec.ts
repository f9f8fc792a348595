import { strict as assert } from 'node:assert';
import { VersionCursor } from '../../../lib/platform/polling/cursor';
import { MEMORY_ENTRIES, SNAPSHOT_LIMIT_BYTES, buildSnapshot, loadSnapshot } from '../../../lib/platform/polling/snapshot';
import { REMOVED, ShownMemory, fingerprintOf } from '../../../lib/platform/polling/memory';

describe('shown-state memory (what was last emitted per item)', () => {
  it('fingerprints JSON whatever the order of its keys, and tells any value change', () => {
    assert.equal(fingerprintOf({ a: 1, b: { c: [1, 2], d: 'x' } }), fingerprintOf({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    assert.notEqual(fingerprintOf({ a: 1, b: { c: [1, 2] } }), fingerprintOf({ a: 1, b: { c: [2, 1] } }));
    assert.notEqual(fingerprintOf({ subject: 'a' }), fingerprintOf({ subject: 'a', isCancelled: true }));
    assert.match(fingerprintOf({}), /^[0-9a-f]{8}$/);
  });

  it('knows the last state per id, a removal included, and survives encoding', () => {
    const memory = new ShownMemory();
    memory.remember('event-1', fingerprintOf({ subject: 'a' }));
    memory.remember('event-1', fingerprintOf({ subject: 'b' }));
    memory.remember('event-2', REMOVED);
    const copy = new ShownMemory(memory.encode(10));
    assert.equal(copy.size, 2);
    assert.equal(copy.unchanged('event-1', fingerprintOf({ subject: 'b' })), true);
    assert.equal(copy.unchanged('event-1', fingerprintOf({ subject: 'a' })), false, 'a change back to an earlier state is a change');
    assert.equal(copy.unchanged('event-2', REMOVED), true);
    assert.equal(copy.unchanged('event-3', REMOVED), false);
  });

  it('keeps the most recently used entries when it has to drop some', () => {
    const memory = new ShownMemory();
    for (let i = 0; i < 5; i += 1) memory.remember(`e${i}`, 'aaaaaaaa');
    memory.remember('e0', 'aaaaaaaa');
    const kept = new ShownMemory(memory.encode(2));
    assert.deepEqual([0, 1, 2, 3, 4].filter((i) => kept.unchanged(`e${i}`, 'aaaaaaaa')), [0, 4]);
  });

  it('fits in the 4 KB snapshot beside a full cursor and a long delta link, giving up entries only when it must', () => {
    const cursor = VersionCursor.startingAt('2026-11-23T10:00:00.1234567Z', 5000);
    for (let i = 0; i < 150; i += 1) cursor.record(Date.parse('2026-11-23T10:00:00.123Z'), '2026-11-23T10:00:00.1234567Z', i.toString(16).padStart(16, '0'));
    const memory = new ShownMemory();
    for (let i = 0; i < 400; i += 1) memory.remember(`event-${i}`, fingerprintOf({ i }));
    const small = buildSnapshot({ mode: 'modified', cursor, memory });
    assert.ok(small.bytes <= SNAPSHOT_LIMIT_BYTES);
    assert.equal(new ShownMemory(small.snapshot.shown).size, MEMORY_ENTRIES);
    const link = `https://graph.microsoft.com/v1.0/me/calendar/calendarView/delta?$deltatoken=${'x'.repeat(1500)}`;
    const tight = buildSnapshot({ mode: 'delta', cursor, memory, link, scope: '2026-11-23T00:00:00Z/2026-12-23T00:00:00Z' });
    assert.ok(tight.bytes <= SNAPSHOT_LIMIT_BYTES);
    assert.ok(new ShownMemory(tight.snapshot.shown).size > 0);
    assert.equal(tight.snapshot.scope, '2026-11-23T00:00:00Z/2026-12-23T00:00:00Z');
    const loaded = loadSnapshot(JSON.parse(JSON.stringify(tight.snapshot)), 'delta', '1970-01-01T00:00:00Z').snapshot;
    assert.equal(loaded.shown, tight.snapshot.shown);
    assert.equal(loaded.scope, tight.snapshot.scope);
  });

  it('leaves a snapshot without memory or scope exactly as before', () => {
    const cursor = VersionCursor.startingAt('2026-11-23T10:00:00Z', 5000);
    const built = buildSnapshot({ mode: 'modified', cursor, scope: 'ignored without a link' });
    assert.deepEqual(built.snapshot, { v: 2, mode: 'modified', since: '2026-11-23T10:00:00Z', seen: [] });
  });
});
