import assert from 'node:assert/strict';
import nock from 'nock';
import * as getContact from '../../../lib/functions/contacts/getContact';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { GRAPH, STORAGE, STORAGE_TOKEN, assertNothingSent, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('getContact action', () => {
  useNockEnvironment();

  it('reads the contact with its properties, without @odata keys', async () => {
    nock(GRAPH).get('/v1.0/me/contacts/c1').query((q) => typeof q.$select === 'string' && q.$select.includes('emailAddresses'))
      .reply(200, { '@odata.context': 'x', id: 'c1', displayName: 'Ann' });
    const { data } = await run(getContact, { contactId: 'c1' });
    assert.deepEqual(data, [{ id: 'c1', displayName: 'Ann' }]);
  });

  it('stores the photo in object storage (its own token, not Graph\'s)', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    nock(GRAPH).get('/v1.0/me/contacts/c1').query(true).reply(200, { id: 'c1' })
      .get('/v1.0/me/contacts/c1/photo/$value').reply(200, jpeg, { 'Content-Type': 'image/jpeg', 'Content-Length': String(jpeg.length) });
    nock(STORAGE, { reqheaders: { authorization: `Bearer ${STORAGE_TOKEN}`, 'content-type': 'image/jpeg' } }).post('/objects').reply(200, { objectId: 'o1' });
    const { data } = await run(getContact, { contactId: 'c1', includePhoto: true });
    const photo = (data[0] as { photo: { name: string; size: number; url: string } }).photo;
    assert.equal(photo.name, 'photo.jpg');
    assert.equal(photo.size, jpeg.length);
    assert.match(photo.url, /o1/);
  });

  it('emits a contact without photo as it is (Graph answers 404 ImageNotFound)', async () => {
    nock(GRAPH).get('/v1.0/me/contacts/c1').query(true).reply(200, { id: 'c1' })
      .get('/v1.0/me/contacts/c1/photo/$value').reply(404, graphErrorBody('ImageNotFound', "The photo wasn't found."));
    const { data } = await run(getContact, { contactId: 'c1', includePhoto: true });
    assert.deepEqual(data, [{ id: 'c1' }]);
  });

  it('refuses an empty contact id before any request', async () => {
    const trap = graphTrap();
    const { error } = await runFailing(getContact, { contactId: '' });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Contact ID (contactId)');
    assertNothingSent(trap);
  });
});
