import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { Graph, GraphErrorBody, GraphItem, T0, enc, q, startTestSandbox } from './helpers';

describe('sandbox contacts', () => {
  let sb: Sandbox;
  let graph: Graph;

  before(async () => {
    sb = await startTestSandbox();
    graph = new Graph(sb);
  });
  afterEach(() => sb.clock.set(T0));
  after(() => sb.stop());

  it('lists the default folder\'s contacts under /contacts and the others under their folder', async () => {
    const all = await graph.all('/me/contacts');
    assert.equal(all.items.length, sb.store.contacts('contacts').length);
    const folders = await graph.ok('/me/contactFolders');
    assert.deepEqual(folders.value.map((f) => f.displayName), ['Suppliers']);
    const suppliers = await graph.all(`/me/contactFolders/${enc(folders.value[0].id)}/contacts`);
    assert.equal(suppliers.items.length, sb.store.contacts('Suppliers').length);
    assert.ok(suppliers.items.length > 0);
  });

  it('creates (201), updates within the same second with a new changeKey, and deletes (204) a contact', async () => {
    sb.clock.set(T0 + 500);
    const created = await graph.post('/me/contacts', { givenName: 'Ola', surname: "D'Arcy", emailAddresses: [{ address: 'ola@fabrikam.example', name: 'Ola' }] });
    assert.equal(created.status, 201);
    const contact = created.json<GraphItem>();
    assert.equal(contact.displayName, "Ola D'Arcy");
    assert.equal(contact.createdDateTime, '2026-11-23T09:00:00Z');
    const updated = (await graph.patch(`/me/contacts/${enc(contact.id)}`, { jobTitle: 'Buyer' })).json<GraphItem>();
    assert.equal(updated.lastModifiedDateTime, contact.lastModifiedDateTime);
    assert.notEqual(updated.changeKey, contact.changeKey);
    assert.equal((await graph.delete(`/me/contacts/${enc(contact.id)}`)).status, 204);
    assert.equal((await graph.get(`/me/contacts/${enc(contact.id)}`)).status, 404);
  });

  it('filters contacts with quoted strings and nested collections, and orders them', async () => {
    sb.store.addContact({ givenName: 'Zoë', surname: "O'Neil", emailAddresses: [{ address: 'zoe@tailspin.example' }] });
    const byName = await graph.ok(`/me/contacts?$filter=${q("surname eq 'O''Neil'")}`);
    assert.equal(byName.value.length, 1);
    const byMail = await graph.ok(`/me/contacts?$filter=${q("emailAddresses/any(a:a/address eq 'zoe@tailspin.example')")}`);
    assert.equal(byMail.value.length, 1);
    const ordered = await graph.ok('/me/contacts?$orderby=displayName desc&$top=5&$select=displayName');
    const names = ordered.value.map((c) => String(c.displayName).toLowerCase());
    assert.deepEqual(names, [...names].sort().reverse());
  });

  it('refuses an unknown contact property with 400 RequestBodyRead', async () => {
    const reply = await graph.post('/me/contacts', { givenName: 'X', nickname2: 'y' });
    assert.equal(reply.status, 400);
    assert.equal(reply.json<GraphErrorBody>().error.code, 'RequestBodyRead');
  });

  it('creates a contact folder and a contact in it', async () => {
    const folder = (await graph.post('/me/contactFolders', { displayName: 'Partners' })).json<GraphItem>();
    const created = await graph.post(`/me/contactFolders/${enc(String(folder.id))}/contacts`, { givenName: 'Pia' });
    assert.equal(created.status, 201);
    assert.equal(created.json<GraphItem>().parentFolderId, folder.id);
  });

  it('finds contacts by any of their addresses, whatever the case (user-list-contacts: emailAddresses/any)', async () => {
    const made = sb.store.addContact({ givenName: 'Vera', emailAddresses: [{ address: 'vera@fabrikam.example' }, { address: 'V.Second@fabrikam.example' }] });
    const found = await graph.ok(`/me/contacts?$filter=${encodeURIComponent("emailAddresses/any(a:a/address eq 'v.second@FABRIKAM.example')")}`);
    assert.deepEqual(found.value.map((c) => c.id), [made.id]);
    sb.store.deleteContact(String(made.id));
  });

  it('keeps a photo per contact: 404 ImageNotFound without one, the bytes and type after PUT (profilephoto-get/-update)', async () => {
    const made = sb.store.addContact({ givenName: 'Photo' });
    const path = `/me/contacts/${enc(String(made.id))}/photo/$value`;
    const none = await graph.get(path);
    assert.equal(none.status, 404);
    assert.equal(none.json<GraphErrorBody>().error.code, 'ImageNotFound');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2]);
    // Not an image: refused before the handler, as a body of a media type the endpoint does not take.
    assert.equal((await graph.request('PUT', path, { body: png, headers: { 'Content-Type': 'text/plain' } })).status, 415);
    assert.equal((await graph.request('PUT', path, { body: png, headers: { 'Content-Type': 'image/png' } })).status, 200);
    const got = await graph.get(path);
    assert.equal(got.status, 200);
    assert.equal(got.headers['content-type'], 'image/png');
    assert.deepEqual(got.body, png);
    sb.store.deleteContact(String(made.id));
  });

  it('deletes a contact folder with its contacts (204), never the default one (contactfolder-delete)', async () => {
    const folder = sb.store.createContactFolder(null, 'To delete');
    const child = await graph.post(`/me/contactFolders/${enc(String(folder.id))}/childFolders`, { displayName: 'Inner' });
    assert.equal(child.status, 201);
    const twice = await graph.post(`/me/contactFolders/${enc(String(folder.id))}/childFolders`, { displayName: 'inner' });
    assert.equal(twice.status, 409);
    const inner = sb.store.addContact({ givenName: 'Inside' }, child.json<GraphItem>().id);
    assert.equal((await graph.delete(`/me/contactFolders/${enc(String(folder.id))}`)).status, 204);
    assert.equal((await graph.get(`/me/contactFolders/${enc(String(folder.id))}`)).status, 404);
    assert.equal((await graph.get(`/me/contacts/${enc(String(inner.id))}`)).status, 404);
    const root = sb.store.contactFolders().find((f) => f.parentFolderId === f.id);
    assert.ok(root, 'the default folder is its own parent in the store');
    const refused = await graph.delete(`/me/contactFolders/${enc(String(root.id))}`);
    assert.equal(refused.status, 400);
    assert.equal(refused.json<GraphErrorBody>().error.code, 'ErrorDeleteDistinguishedFolder');
  });
});
