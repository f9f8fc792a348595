import assert from 'node:assert/strict';
import { ConfigurationError } from '../../lib/outlook/errors';
import { toRecurrence } from '../../lib/outlook/calendar/payloads';
import { parseItemBody, toAttachmentRefs, toFileAttachment, toInternetHeaders, withType } from '../../lib/outlook/mail/payloads';
import { splitAddressList, toRecipients } from '../../lib/outlook/values/recipients';
import { compareTimes, toDateTimeTimeZone, toTimeWindow } from '../../lib/outlook/values/times';

function rejects(fn: () => unknown, field: string | RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof ConfigurationError && (typeof field === 'string' ? err.field === field : field.test(err.field)));
}

describe('outlook payloads and values', () => {
  describe('toRecipients', () => {
    it('splits address lists outside quotes and angle brackets', () => {
      assert.deepEqual(splitAddressList('"Doe, Jane" <j@x.com>; b@y.com,\nc@z.com,'), ['"Doe, Jane" <j@x.com>', 'b@y.com', 'c@z.com']);
    });

    it('accepts strings, arrays and objects, and drops duplicates case-insensitively', () => {
      assert.deepEqual(toRecipients(['Ann <ann@x.com>', { address: 'bob@x.com', name: 'Bob' }, { emailAddress: { address: 'ANN@x.com' } }, { email: 'c@x.com' }], 'to'), [
        { emailAddress: { address: 'ann@x.com', name: 'Ann' } },
        { emailAddress: { address: 'bob@x.com', name: 'Bob' } },
        { emailAddress: { address: 'c@x.com' } },
      ]);
      assert.deepEqual(toRecipients(undefined, 'to'), []);
      assert.deepEqual(toRecipients('', 'to'), []);
    });

    it('names the field (and the item) of an invalid address', () => {
      rejects(() => toRecipients('a@x.com, b@', 'cc'), 'cc');
      rejects(() => toRecipients(['a@x.com', 'nope'], 'Bcc (bcc)'), 'Bcc (bcc[1])');
      rejects(() => toRecipients([42], 'to'), 'to');
      rejects(() => toRecipients({ name: 'No address' }, 'To (to)'), 'To (to.address)');
    });
  });

  it('builds item bodies, defaulting to text', () => {
    assert.deepEqual(withType(parseItemBody('hi', 'body')), { contentType: 'text', content: 'hi' });
    assert.deepEqual(withType(parseItemBody({ content: '<p/>', contentType: 'HTML' }, 'body'), 'text'), { contentType: 'html', content: '<p/>' });
    assert.deepEqual(withType(parseItemBody('<p/>', 'body'), 'html'), { contentType: 'html', content: '<p/>' });
    assert.equal(withType(parseItemBody(undefined, 'body'), 'html'), undefined);
    rejects(() => parseItemBody({ content: 'x', contentType: 'markdown' }, 'Body (body)'), 'Body (body.contentType)');
    rejects(() => parseItemBody({ content: 42 }, 'body'), 'body');
  });

  it('accepts only x- internet headers with one-line values', () => {
    assert.deepEqual(toInternetHeaders({ 'x-a': 1, 'X-B': 'two' }, 'headers'), [{ name: 'x-a', value: '1' }, { name: 'X-B', value: 'two' }]);
    assert.deepEqual(toInternetHeaders([{ name: 'X-C', value: 'c' }], 'headers'), [{ name: 'X-C', value: 'c' }]);
    for (const bad of [{ Subject: 'x' }, { 'X-Bad Name': 'x' }, { 'X-A': 'a\nb' }, 'X-A: b']) rejects(() => toInternetHeaders(bad, 'headers'), 'headers');
  });

  it('encodes file attachments as base64 fileAttachment', () => {
    assert.deepEqual(toFileAttachment({ name: 'a.txt', contentType: 'text/plain', content: Buffer.from('hello') }),
      { '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.txt', contentType: 'text/plain', contentBytes: 'aGVsbG8=' });
  });

  it('validates attachment descriptors', () => {
    assert.deepEqual(toAttachmentRefs([{ url: 'https://s.example/objects/1', 'content-type': 'text/csv', size: '10' }], 'attachments'),
      [{ name: 'attachment-1', url: 'https://s.example/objects/1', contentType: 'text/csv', size: 10 }]);
    rejects(() => toAttachmentRefs([{ url: 'file:///etc/passwd' }], 'attachments'), 'attachments[0].url');
    rejects(() => toAttachmentRefs([{ url: 'https://s.example/1', name: '../x' }], 'attachments'), 'attachments[0].name');
    rejects(() => toAttachmentRefs({ url: 'https://s.example/1' }, 'attachments'), 'attachments');
  });

  describe('times', () => {
    const berlin = { name: 'Europe/Berlin', iana: true };
    it('turns an instant into the wall clock of an IANA zone, and of a Windows zone through its CLDR IANA zone', () => {
      assert.deepEqual(toDateTimeTimeZone('2026-12-01T08:00:00Z', berlin, 'start'), { dateTime: '2026-12-01T09:00:00', timeZone: 'Europe/Berlin' });
      const windows = { name: 'W. Europe Standard Time', iana: false };
      assert.deepEqual(toDateTimeTimeZone('2026-07-01T08:00:00Z', windows, 'start'), { dateTime: '2026-07-01T10:00:00', timeZone: 'W. Europe Standard Time' });
      assert.deepEqual(toDateTimeTimeZone('2026-12-01T08:00:00-05:00', { name: 'Tokyo Standard Time', iana: false }, 'start'),
        { dateTime: '2026-12-01T22:00:00', timeZone: 'Tokyo Standard Time' });
      rejects(() => toDateTimeTimeZone('2026-12-01T25:00:00Z', windows, 'start'), 'start');
    });

    it('orders zoned times in IANA and Windows zones alike', () => {
      const t = (dateTime: string, timeZone: string): { dateTime: string; timeZone: string } => ({ dateTime, timeZone });
      assert.equal(compareTimes(t('2026-12-01T10:00:00', 'UTC'), t('2026-12-01T11:00:00', 'UTC')), -1);
      assert.equal(compareTimes(t('2026-12-01T10:00:00', 'Europe/Berlin'), t('2026-12-01T09:00:00', 'Europe/London')), 0);
      assert.equal(compareTimes(t('2026-12-01T10:00:00', 'W. Europe Standard Time'), t('2026-12-01T11:00:00', 'UTC')), -1);
      assert.equal(compareTimes(t('2026-12-01T12:00:00', 'W. Europe Standard Time'), t('2026-12-01T11:00:00', 'UTC')), 0);
      assert.equal(compareTimes(t('2026-12-01T00:30:00', 'Tokyo Standard Time'), t('2026-11-30T07:30:00', 'Pacific Standard Time')), 0);
      assert.equal(compareTimes(t('2026-12-01T00:30:00', 'Tokyo Standard Time'), t('2026-11-30T08:00:00', 'Pacific Standard Time')), -1);
      assert.equal(compareTimes(t('2026-12-03T10:00:00', 'W. Europe Standard Time'), t('2026-12-01T11:00:00', 'UTC')), 1);
    });

    it('builds a window from a start and a default length, in the given zone', () => {
      const fields = { start: 'start', end: 'end' };
      const w = toTimeWindow({ start: { text: '2026-12-01T09:00' }, zone: { name: 'Asia/Tokyo', iana: true }, now: '2026-11-23T12:00:00Z', defaultMinutes: 90, fields });
      assert.deepEqual(w, { start: { dateTime: '2026-12-01T09:00:00', timeZone: 'Asia/Tokyo' }, end: { dateTime: '2026-12-01T10:30:00', timeZone: 'Asia/Tokyo' } });
      const now = toTimeWindow({ zone: { name: 'Tokyo Standard Time', iana: false }, now: '2026-11-23T18:00:00.000Z', defaultMinutes: 5, fields });
      assert.deepEqual(now, { start: { dateTime: '2026-11-24T03:00:00', timeZone: 'Tokyo Standard Time' }, end: { dateTime: '2026-11-24T03:05:00', timeZone: 'Tokyo Standard Time' } });
    });
  });

  describe('toRecurrence', () => {
    const start = { dateTime: '2026-12-15T10:00:00', timeZone: 'Europe/Berlin' };
    const table: Array<[unknown, unknown]> = [
      [{ pattern: 'daily', occurrences: 5 }, { pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-12-15', recurrenceTimeZone: 'Europe/Berlin', numberOfOccurrences: 5 } }],
      [{ pattern: 'weekly', daysOfWeek: 'Monday, friday' }, { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'friday'] }, range: { type: 'noEnd', startDate: '2026-12-15', recurrenceTimeZone: 'Europe/Berlin' } }],
      [{ pattern: 'monthly', interval: 3, endDate: '2027-12-31' }, { pattern: { type: 'absoluteMonthly', interval: 3, dayOfMonth: 15 }, range: { type: 'endDate', startDate: '2026-12-15', recurrenceTimeZone: 'Europe/Berlin', endDate: '2027-12-31' } }],
      [{ type: 'yearly' }, { pattern: { type: 'absoluteYearly', interval: 1, dayOfMonth: 15, month: 12 }, range: { type: 'noEnd', startDate: '2026-12-15', recurrenceTimeZone: 'Europe/Berlin' } }],
    ];
    for (const [input, expected] of table) {
      it(`maps ${JSON.stringify(input)}`, () => assert.deepEqual(toRecurrence(input, start), expected));
    }

    it('passes Graph\'s own shape through and refuses nonsense', () => {
      const graphShape = { pattern: { type: 'relativeMonthly', daysOfWeek: ['thursday'], index: 'last' }, range: { type: 'noEnd', startDate: '2026-12-15' } };
      assert.deepEqual(toRecurrence(graphShape, start), graphShape);
      rejects(() => toRecurrence({ pattern: 'hourly' }, start), 'recurrence.pattern');
      rejects(() => toRecurrence({ pattern: 'weekly', daysOfWeek: 'funday' }, start), 'recurrence.daysOfWeek');
      rejects(() => toRecurrence({ pattern: 'daily', endDate: '2026-12-01' }, start), 'recurrence.endDate');
    });
  });
});
