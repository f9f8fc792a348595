import assert from 'node:assert/strict';
import { MESSAGE_BODY_LIMIT, fitBody, newMessage } from '../../lib/platform/emit';

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
