import assert from 'node:assert/strict';
import { GraphErrorBody, Reply, enc, sandboxPerTest } from './helpers';

const FORM = 'application/x-www-form-urlencoded';

describe('sandbox request media types', () => {
  const t = sandboxPerTest();

  function draft(): string {
    return t.sb.store.addMessage('drafts', { subject: 'd', isDraft: true, toRecipients: [{ emailAddress: { address: 'lee@fabrikam.example' } }] }).id as string;
  }

  function assert415(reply: Reply, type: string): void {
    assert.equal(reply.status, 415);
    const { error } = reply.json<GraphErrorBody>();
    assert.equal(error.code, 'RequestBodyRead');
    assert.match(error.message, new RegExp(`matches the content type '${type.replace('+', '\\+')}'`));
  }

  it('answers 415 RequestBodyRead to a body-less POST sent as application/x-www-form-urlencoded (axios\'s default) and sends nothing', async () => {
    const id = draft();
    const reply = await t.graph.request('POST', `/me/messages/${enc(id)}/send`, { headers: { 'Content-Type': FORM } });
    assert415(reply, FORM);
    assert.equal(t.sb.store.sentMail().length, 0);
  });

  it('answers 415 to a form-encoded or text body on JSON endpoints (POST and PATCH)', async () => {
    assert415(await t.graph.request('POST', '/me/messages', { headers: { 'Content-Type': FORM }, body: 'subject=hi' }), FORM);
    assert415(await t.graph.request('PATCH', `/me/messages/${enc(draft())}`, { headers: { 'Content-Type': 'text/plain' }, body: '{"subject":"x"}' }), 'text/plain');
    assert.equal((await t.graph.request('PATCH', `/me/messages/${enc(draft())}`, { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"subject":"x"}' })).status, 200);
  });

  it('accepts body-less actions with an empty application/json body or without Content-Type', async () => {
    assert.equal((await t.graph.request('POST', `/me/messages/${enc(draft())}/send`, { headers: { 'Content-Type': 'application/json' } })).status, 202);
    assert.equal((await t.graph.request('POST', `/me/messages/${enc(draft())}/send`)).status, 202);
    assert.equal(t.sb.store.sentMail().length, 2);
  });

  it('keeps the raw routes\' own rules: MIME sendMail as text/plain', async () => {
    const mime = Buffer.from('To: lee@fabrikam.example\r\nSubject: MIME\r\n\r\nHi').toString('base64');
    assert.equal((await t.graph.request('POST', '/me/sendMail', { headers: { 'Content-Type': 'text/plain' }, body: mime })).status, 202);
  });

  it('answers 415 inside $batch for an item sent form-encoded', async () => {
    const reply = await t.graph.post('/$batch', { requests: [
      { id: '1', method: 'POST', url: `/me/messages/${enc(draft())}/send`, headers: { 'Content-Type': FORM } },
    ] });
    assert.equal(reply.json<{ responses: Array<{ status: number }> }>().responses[0].status, 415);
  });
});
