/**
 * "Poll for New Mail" against the sandbox behaving as Graph does where the component's first version assumed
 * otherwise: 504s on large pages, read toggles that keep lastModifiedDateTime, partial delta items, gzip, scopes.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Sandbox, manualClock, startSandbox } from '../../../dev/sandbox';
import * as readMail from '../../../lib/functions/mail/readMail';
import { OutlookError } from '../../../lib/outlook/errors';
import { FakeClock, fakeClock } from '../../support/clock';
import { Flow, TriggerModule } from '../support/run';

const START = Date.parse('2026-11-23T12:00:00.250Z');
const trigger = readMail as unknown as TriggerModule;
const ENV_KEYS = ['MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'ELASTICIO_OBJECT_STORAGE_URI', 'ELASTICIO_OBJECT_STORAGE_TOKEN', 'ELASTICIO_FLOW_TYPE'];
const MB = 1024 * 1024;

interface Mail { id?: string; subject?: string; isRead?: boolean; changeKey?: string; body?: { content?: string }; attachments?: Array<{ size: number; url: string }> }

describe('"Poll for New Mail" against Graph behaviours the sandbox reproduces', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let clock: FakeClock;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    delete process.env.ELASTICIO_FLOW_TYPE;
    sb = await startSandbox({ seed: 3, demo: false, clock: manualClock(START) });
    clock = fakeClock({ start: START });
    Object.assign(process.env, {
      MSGRAPH_BASE_URL: sb.url, MSAPP_AUTHORITY_HOST: sb.url, MSAPP_CLIENT_ID: sb.clientId, MSAPP_CLIENT_SECRET: sb.clientSecret,
      ELASTICIO_OBJECT_STORAGE_URI: sb.url, ELASTICIO_OBJECT_STORAGE_TOKEN: sb.objectStorageToken,
    });
  });

  afterEach(async () => {
    await sb.stop();
    for (const key of ENV_KEYS) if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
  });

  function advance(ms: number): void { sb.clock.advance(ms); clock.advance(ms); }
  function flow(fields: Record<string, unknown> = {}, scope?: string): Flow {
    return new Flow(trigger, { tenantId: sb.tenantId, oauth: sb.issueToken(scope ? { scope } : {}), folderId: 'inbox', ...fields }, clock);
  }
  const emitted = (f: Flow): Mail[] => f.emitted;

  describe('pages that time out at the gateway (504)', () => {
    it('drains a folder of 2 MB mails completely, each once, with pages that shrink to what Graph can return', async () => {
      for (let i = 0; i < 24; i += 1) {
        sb.store.addMessage('inbox', { subject: `big ${i}`, body: { contentType: 'html', content: `<p>${'x'.repeat(2 * MB)}</p>` } });
        if (i % 3 === 0) advance(1000);
      }
      sb.graphBehaviour.configure({ maxResponseBytes: 9 * MB });
      const f = flow();
      const first = await f.tick();
      assert.equal(first.error, undefined);
      assert.deepEqual(emitted(f).map((m) => m.subject).sort(), Array.from({ length: 24 }, (_, i) => `big ${i}`).sort());
      assert.equal(new Set(emitted(f).map((m) => m.id)).size, 24, 'a mail was emitted twice');
      assert.ok(emitted(f).every((m) => (m.body?.content?.length ?? 0) > 2 * MB), 'a body was cut');
      const tops = sb.requests.filter((r) => r.route === 'listMessages').map((r) => Number(r.query.$top));
      assert.equal(tops[0], 1000);
      assert.ok(Math.min(...tops) <= 4, `the page never shrank below what fits: ${tops.join(', ')}`);
      assert.ok((sb.faults.stats().injected.pageTooLarge ?? 0) > 0, 'Graph never answered 504');
      await f.tick();
      assert.equal(f.emitted.length, 24, 'the next execution emits nothing again');
    });

    it('fails the execution, naming the 504, when even one message is too large for the gateway', async () => {
      sb.store.addMessage('inbox', { subject: 'huge', body: { contentType: 'html', content: 'x'.repeat(3 * MB) } });
      sb.graphBehaviour.configure({ maxResponseBytes: 2 * MB });
      const run = await flow().tick();
      assert.match(String(run.error), /504/);
    });
  });

  describe('read toggles', () => {
    for (const readChangesLastModified of [true, false]) {
      it(`emits every new mail once and nothing twice when a read toggle ${readChangesLastModified ? 'moves' : 'keeps'} lastModifiedDateTime`, async () => {
        sb.graphBehaviour.configure({ readChangesLastModified });
        const f = flow();
        const a = sb.store.addMessage('inbox', { subject: 'a', isRead: false });
        await f.tick();
        advance(10_000);
        sb.store.addMessage('inbox', { subject: 'b', isRead: false });
        await f.tick();
        // Later than the look-back window behind b, which would show a new version of a recent message either way.
        advance(10_000);
        sb.store.updateMessage(a.id as string, { isRead: true });
        await f.tick();
        await f.tick();
        const versions = emitted(f).map((m) => `${m.subject}:${String(m.isRead)}`);
        assert.deepEqual(versions, readChangesLastModified ? ['a:false', 'b:false', 'a:true'] : ['a:false', 'b:false']);
      });
    }

    it('reports a read toggle that kept lastModifiedDateTime in delta mode, completed from a partial delta item, once', async () => {
      sb.graphBehaviour.configure({ readChangesLastModified: false, partialDeltaItems: true });
      const f = flow({ pollingMode: 'delta' });
      const a = sb.store.addMessage('inbox', { subject: 'a', isRead: false, body: { contentType: 'text', content: 'full body' } });
      await f.tick();
      advance(60_000);
      sb.store.updateMessage(a.id as string, { isRead: true });
      await f.tick();
      await f.tick();
      const reads = emitted(f).filter((m) => m.subject === 'a');
      assert.deepEqual(reads.map((m) => m.isRead), [false, true]);
      assert.equal(reads[1].body?.content, 'full body', 'the partial item was emitted stripped');
    });
  });

  it('stores an attachment whole when Graph compresses its responses', async () => {
    sb.graphBehaviour.configure({ gzip: true });
    const m = sb.store.addMessage('inbox', { subject: 'with file', hasAttachments: true });
    const content = Buffer.from('compressible '.repeat(5000));
    sb.store.addAttachment(m.id as string, { name: 'notes.txt', contentType: 'text/plain', content });
    const f = flow({ getAttachment: true });
    const run = await f.tick();
    assert.equal(run.error, undefined);
    const stored = emitted(f)[0].attachments?.[0];
    assert.equal(stored?.size, content.length);
    const objectId = decodeURIComponent(new URL(stored?.url ?? '').pathname.split('/').pop() as string);
    assert.deepEqual(sb.objects.get(objectId)?.content, content);
  });

  describe('permissions on one\'s own and on a shared mailbox', () => {
    const shared = (): string => sb.sharedMailbox.userPrincipalName;

    it('reads the shared mailbox with the .Shared permission the credential requests', async () => {
      sb.mailbox(shared()).store.addMessage('inbox', { subject: 'Ticket 1' });
      const f = flow({ mailbox: shared() });
      const run = await f.tick();
      assert.equal(run.error, undefined);
      assert.ok(f.emitted.length > 0, 'nothing read from the shared mailbox');
    });

    it('names Mail.Read.Shared and asks to re-consent when the credential lacks it', async () => {
      const run = await flow({ mailbox: shared() }, 'openid User.Read Mail.ReadWrite').tick();
      assert.ok(run.error instanceof OutlookError, String(run.error));
      assert.match(run.error.message, /needs the delegated permission Mail.Read.Shared or Mail.ReadWrite.Shared on the mailbox "support@contoso.onmicrosoft.com"/);
      assert.match(run.error.message, /re-authenticate the credential/);
      assert.equal(run.error.code, 'ErrorAccessDenied');
    });

    it('names Mail.Read on one\'s own mailbox when the credential has only calendar scopes', async () => {
      sb.store.addMessage('inbox', { subject: 'mine' });
      const run = await flow({}, 'openid User.Read Calendars.ReadWrite').tick();
      assert.match(String(run.error), /needs the delegated permission Mail.Read or Mail.ReadWrite on the signed-in user's mailbox/);
    });

    it('says the user lacks access to a mailbox not shared with them, though the permission is there', async () => {
      const run = await flow({ mailbox: 'alex.wilber@contoso.onmicrosoft.com' }).tick();
      assert.match(String(run.error), /the credential has the permission Mail.Read.Shared or Mail.ReadWrite.Shared, so the signed-in user lacks access/);
    });
  });

  describe('an application (client credentials) instead of a signed-in user', () => {
    const app = (extra: Record<string, unknown>): Flow => new Flow(trigger, {
      authType: 'application', tenantId: sb.tenantId, clientId: sb.clientId, folderId: 'inbox', mailbox: sb.sharedMailbox.userPrincipalName, ...extra,
    }, clock);

    it('reads the shared mailbox with the app\'s secret', async () => {
      sb.mailbox(sb.sharedMailbox.userPrincipalName).store.addMessage('inbox', { subject: 'Ticket for the app' });
      const f = app({ clientSecret: sb.clientSecret });
      const run = await f.tick();
      assert.equal(run.error, undefined);
      assert.ok(emitted(f).some((m) => m.subject === 'Ticket for the app'));
      assert.equal(sb.requests.filter((r) => r.route === 'token').length, 1);
    });

    it('reads it with a certificate registered on the app, sending no secret', async () => {
      const pem = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'test-app-certificate.pem'), 'utf8');
      sb.registerClientCertificate(pem);
      sb.mailbox(sb.sharedMailbox.userPrincipalName).store.addMessage('inbox', { subject: 'Signed' });
      const run = await app({ certificate: pem }).tick();
      assert.equal(run.error, undefined);
      assert.ok(sb.requests.filter((r) => r.route === 'token').every((r) => !JSON.stringify(r.body).includes('client_secret')));
    });
  });
});
