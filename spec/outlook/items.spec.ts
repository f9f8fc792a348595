/** Graph items as the component emits them. */
import { strict as assert } from 'node:assert';
import { visibleState, withoutODataKeys } from '../../lib/outlook/items';

describe('withoutODataKeys', () => {
  it('leaves out the etag and keeps every other property in order, the item itself untouched', () => {
    const item = { '@odata.etag': 'W/"x"', id: 'AAMk', subject: 'Hi', from: { emailAddress: { address: 'a@b.c' } } };
    const out = withoutODataKeys(item);
    assert.deepEqual(Object.keys(out), ['id', 'subject', 'from']);
    assert.equal(out.from, item.from);
    assert.equal(item['@odata.etag'], 'W/"x"');
  });

  it('leaves out every other annotation too, wherever it is', () => {
    const out = withoutODataKeys({ id: '1', '@odata.type': '#microsoft.graph.eventMessage', subject: 's', '@removed': { reason: 'deleted' } });
    assert.deepEqual(out, { id: '1', subject: 's' });
  });

  it('keeps a property named __proto__ as data, without changing the copy\'s prototype', () => {
    for (const text of ['{"@odata.etag":"e","id":"1","__proto__":{"polluted":true}}', '{"@odata.etag":"e","@odata.type":"t","id":"1","__proto__":{"polluted":true}}']) {
      const out = withoutODataKeys(JSON.parse(text) as Record<string, unknown>);
      assert.equal(Object.getPrototypeOf(out), Object.prototype, text);
      assert.equal((out as { polluted?: unknown }).polluted, undefined, text);
      assert.equal(JSON.stringify(out), '{"id":"1","__proto__":{"polluted":true}}', text);
    }
  });
});

describe('visibleState', () => {
  it('is what the user sees: no annotations, changeKey or lastModifiedDateTime', () => {
    assert.deepEqual(visibleState({ '@odata.etag': 'e', id: '1', changeKey: 'k', lastModifiedDateTime: '2026-01-01T00:00:00Z', subject: 's' }), { id: '1', subject: 's' });
  });
});
