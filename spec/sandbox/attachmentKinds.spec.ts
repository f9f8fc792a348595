/** Conformance of the sandbox for the three kinds of attachment (attachment-get) and their raw contents. */
import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphItem, GraphPage, enc, startTestSandbox } from './helpers';

describe('sandbox: file, item and reference attachments (attachment-get)', () => {
  let sb: Sandbox;
  let graph: Graph;
  let base = '';
  const ids: Record<string, string> = {};

  before(async () => {
    sb = await startTestSandbox({ demo: false });
    graph = new Graph(sb);
    const m = sb.store.addMessage('inbox', {
      subject: 'With everything',
      attachments: [
        { name: 'a.csv', contentType: 'text/csv', content: Buffer.from('a,b\n') },
        { name: 'Lunch?', contentType: '', content: Buffer.alloc(0), kind: 'item', item: { '@odata.type': '#microsoft.graph.message', subject: 'Lunch?', body: { contentType: 'text', content: 'Noon?' }, sentDateTime: '2026-11-20T12:00:00Z' } },
        { name: 'Review', contentType: '', content: Buffer.alloc(0), kind: 'item', item: { '@odata.type': '#microsoft.graph.event', subject: 'Review', start: { dateTime: '2026-12-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T10:00:00', timeZone: 'UTC' } } },
        { name: 'Ann Lee', contentType: '', content: Buffer.alloc(0), kind: 'item', item: { '@odata.type': '#microsoft.graph.contact', displayName: 'Ann Lee', givenName: 'Ann', surname: 'Lee', emailAddresses: [{ address: 'ann@fabrikam.example' }] } },
        { name: 'Budget.xlsx', contentType: 'application/vnd.ms-excel', content: Buffer.alloc(0), kind: 'reference', sourceUrl: 'https://contoso.sharepoint.com/Budget.xlsx' },
      ],
    });
    base = `/me/messages/${enc(m.id as string)}/attachments`;
    for (const a of (await graph.ok<GraphPage>(base)).value) ids[String(a.name)] = a.id;
  });
  after(() => sb.stop());

  it('lists each with its @odata.type; an item has a null contentType and no contentBytes', async () => {
    const list = (await graph.ok<GraphPage>(`${base}?$select=id,name,contentType,size,isInline`)).value;
    assert.deepEqual(list.map((a) => [a.name, a['@odata.type']]), [
      ['a.csv', '#microsoft.graph.fileAttachment'], ['Lunch?', '#microsoft.graph.itemAttachment'], ['Review', '#microsoft.graph.itemAttachment'],
      ['Ann Lee', '#microsoft.graph.itemAttachment'], ['Budget.xlsx', '#microsoft.graph.referenceAttachment'],
    ]);
    const item = await graph.ok<GraphItem>(`${base}/${enc(ids['Lunch?'])}`);
    assert.equal(item.contentType, null);
    assert.equal('contentBytes' in item, false);
    assert.equal('sourceUrl' in await graph.ok<GraphItem>(`${base}/${enc(ids['Budget.xlsx'])}`), false, 'v1.0 has no sourceUrl');
  });

  it('expands an item attachment\'s item with $expand=microsoft.graph.itemattachment/item', async () => {
    const got = await graph.ok<GraphItem>(`${base}/${enc(ids['Lunch?'])}?$expand=microsoft.graph.itemattachment/item`);
    assert.deepEqual([(got.item as GraphItem)['@odata.type'], (got.item as GraphItem).subject], ['#microsoft.graph.message', 'Lunch?']);
  });

  it('answers $value as MIME for a message, iCalendar for an event, vCard for a contact', async () => {
    const value = async (name: string): Promise<string> => (await graph.get(`${base}/${enc(ids[name])}/$value`)).text;
    assert.match(await value('Lunch?'), /^Subject: Lunch\?\r\nDate: Fri, 20 Nov 2026 12:00:00 \+0000\r\n[\s\S]*Content-Type: text\/plain/);
    assert.match(await value('Review'), /^BEGIN:VCALENDAR\r\n[\s\S]*SUMMARY:Review\r\nDTSTART;TZID=UTC:20261201T090000\r\n/);
    assert.match(await value('Ann Lee'), /^BEGIN:VCARD\r\nVERSION:3\.0\r\nFN:Ann Lee\r\n[\s\S]*EMAIL;TYPE=INTERNET:ann@fabrikam\.example/);
    assert.equal(await value('a.csv'), 'a,b\n');
  });

  it('answers 405 to $value of a reference attachment', async () => {
    const reply = await graph.get(`${base}/${enc(ids['Budget.xlsx'])}/$value`);
    assert.equal(reply.status, 405);
    assert.equal(reply.json<GraphErrorBody>().error.code, 'ErrorInvalidRequest');
  });

  it('embeds an attached message in the MIME of its message as message/rfc822', async () => {
    const m = sb.store.messages('inbox').find((x) => x.subject === 'With everything');
    const text = (await graph.get(`/me/messages/${enc(String(m?.id))}/$value`)).text;
    assert.match(text, /Content-Type: message\/rfc822\r\nContent-Disposition: attachment; filename="Lunch\?"\r\n\r\nSubject: Lunch\?/);
    assert.match(text, /Content-Type: text\/calendar; name="Review"/);
    assert.doesNotMatch(text, /Budget\.xlsx/);
  });
});
