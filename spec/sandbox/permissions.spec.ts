import assert from 'node:assert/strict';
import type { OAuthTokenResponse, Sandbox } from '../../dev/sandbox';
import { CHECKED_ELSEWHERE, PERMISSIONS, acceptable } from '../../dev/sandbox/permissions';
import { modules } from '../../dev/sandbox/routes';
import { core } from '../../dev/sandbox/testing';
import { Graph, GraphErrorBody, Reply, call, enc, startTestSandbox } from './helpers';

const DEFAULT_SCOPE = 'Calendars.ReadWrite Calendars.ReadWrite.Shared Contacts.ReadWrite Contacts.ReadWrite.Shared '
  + 'Mail.ReadWrite Mail.ReadWrite.Shared Mail.Send Mail.Send.Shared MailboxSettings.ReadWrite User.Read openid profile email';
const MAIL = { message: { subject: 'Hi', toRecipients: [{ emailAddress: { address: 'someone@fabrikam.example' } }] } };
const ALEX = 'alex.wilber%40contoso.onmicrosoft.com';

function code(reply: Reply): string {
  return reply.json<GraphErrorBody>().error.code;
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('sandbox delegated permissions per endpoint', () => {
  let sb: Sandbox;
  let support: string;

  before(async () => {
    sb = await startTestSandbox();
    support = `/users/${enc(sb.sharedMailbox.userPrincipalName)}`;
  });
  after(() => sb.stop());

  const as = (scope: string): Graph => new Graph(sb, sb.issueToken({ scope }).access_token);

  function token(form: Record<string, string>): Promise<Reply> {
    return call(`${sb.url}/${sb.tenantId}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
    });
  }

  describe('tokens', () => {
    it('grants the component\'s delegated scopes by default and never echoes offline_access', () => {
      const issued = sb.issueToken();
      assert.equal(issued.scope, DEFAULT_SCOPE);
      assert.equal(claims(issued.access_token).scp, DEFAULT_SCOPE.replace(' openid profile email', ''));
    });

    it('issues a narrower token with issueToken({ scope }) and keeps its scope on refresh', async () => {
      const narrow = sb.issueToken({ scope: 'Mail.Read offline_access openid' });
      assert.equal(narrow.scope, 'Mail.Read openid');
      const reply = await token({ grant_type: 'refresh_token', client_id: sb.clientId, client_secret: sb.clientSecret, refresh_token: narrow.refresh_token });
      assert.equal(reply.status, 200);
      const refreshed = reply.json<OAuthTokenResponse>();
      assert.equal(refreshed.scope, 'Mail.Read openid');
      const graph = new Graph(sb, refreshed.access_token);
      assert.equal((await graph.get('/me/messages?$top=1')).status, 200);
      assert.equal((await graph.post('/me/sendMail', MAIL)).status, 403);
    });

    it('gives client-credentials tokens application roles instead of scopes', async () => {
      const reply = await token({ grant_type: 'client_credentials', client_id: sb.clientId, client_secret: sb.clientSecret, scope: 'https://graph.microsoft.com/.default' });
      const app = reply.json<OAuthTokenResponse>();
      assert.deepEqual(claims(app.access_token).roles, ['Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite', 'Contacts.ReadWrite', 'User.Read.All']);
      const graph = new Graph(sb, app.access_token);
      assert.equal((await graph.get(`/users/${enc(sb.user.userPrincipalName)}/mailFolders`)).status, 200);
      assert.equal((await graph.get(`${support}/messages?$top=1`)).status, 200);
      assert.equal((await graph.get(`/users/${ALEX}/messages`)).status, 403, 'no mailbox is modelled for Alex');
    });

    it('refuses an app-only token without the role the route needs, and findMeetingTimes for every app-only token', async () => {
      const readOnly = new Graph(sb, core(sb).tokens.issueApp(['Mail.Read']).access_token);
      assert.equal((await readOnly.get(`${support}/messages?$top=1`)).status, 200);
      const send = await readOnly.post(`${support}/sendMail`, MAIL);
      assert.equal(send.status, 403);
      assert.equal(code(send), 'ErrorAccessDenied');
      const full = new Graph(sb, core(sb).tokens.issueApp().access_token);
      assert.equal((await full.post(`/users/${enc(sb.user.userPrincipalName)}/findMeetingTimes`, {})).status, 403);
    });
  });

  describe('the signed-in user\'s own mailbox', () => {
    const cases: Array<[string, string, string, string[], string[]]> = [
      ['list messages', 'GET', '/me/messages?$top=1', ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite', 'Mail.Read.Shared'], ['Mail.Send', 'Calendars.ReadWrite']],
      ['send mail', 'POST', '/me/sendMail', ['Mail.Send', 'Mail.Send.Shared'], ['Mail.ReadWrite', 'Mail.ReadWrite.Shared']],
      ['list events', 'GET', '/me/events?$top=1', ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite.Shared'], ['Mail.ReadWrite', 'Contacts.ReadWrite']],
      ['create a contact', 'POST', '/me/contacts', ['Contacts.ReadWrite', 'Contacts.ReadWrite.Shared'], ['Contacts.Read', 'Contacts.Read.Shared']],
      ['getSchedule', 'POST', '/me/calendar/getSchedule', ['Calendars.ReadBasic', 'Calendars.Read.Shared'], ['Mail.ReadWrite']],
      ['findMeetingTimes', 'POST', '/me/findMeetingTimes', ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'], ['Calendars.Read', 'Calendars.ReadWrite']],
    ];
    const bodies: Record<string, unknown> = {
      '/me/sendMail': MAIL, '/me/contacts': { displayName: 'Ada' }, '/me/findMeetingTimes': {},
      '/me/calendar/getSchedule': { schedules: ['adele.vance@contoso.onmicrosoft.com'], startTime: { dateTime: '2026-11-23T08:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2026-11-23T12:00:00', timeZone: 'UTC' } },
    };
    for (const [what, method, path, accepted, refused] of cases) {
      it(`${what}: accepts ${accepted.join(', ')}; refuses ${refused.join(', ')} with 403 ErrorAccessDenied`, async () => {
        for (const scope of accepted) {
          const reply = await as(scope).request(method, path, { body: bodies[path] as object | undefined });
          assert.ok(reply.status < 300, `${scope}: ${reply.status} ${reply.text.slice(0, 200)}`);
        }
        for (const scope of refused) {
          const reply = await as(scope).request(method, path, { body: bodies[path] as object | undefined });
          assert.equal(reply.status, 403, scope);
          assert.deepEqual([code(reply), reply.json<GraphErrorBody>().error.message], ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.']);
        }
      });
    }

    it('counts /users/{own UPN or id} as the own mailbox', async () => {
      const graph = as('Mail.Read');
      assert.equal((await graph.get(`/users/${enc(sb.user.userPrincipalName)}/messages?$top=1`)).status, 200);
      assert.equal((await graph.get(`/users/${sb.user.id}/messages?$top=1`)).status, 200);
    });

    it('answers /me without User.Read with 403 Authorization_RequestDenied, and another profile needs User.ReadBasic.All', async () => {
      const denied = await as('Mail.ReadWrite').get('/me');
      assert.equal(denied.status, 403);
      assert.deepEqual([code(denied), denied.json<GraphErrorBody>().error.message], ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.']);
      assert.equal((await as('User.Read').get(`/users/${ALEX}`)).status, 403);
      assert.equal((await as('User.Read').get(`/users/${enc(sb.user.userPrincipalName)}`)).status, 200);
      assert.equal((await as('User.ReadBasic.All').get(`/users/${ALEX}`)).status, 200);
    });
  });

  describe('another user\'s mailbox', () => {
    it('opens the shared mailbox with the .Shared permission the route needs and refuses the plain one', async () => {
      assert.equal((await as('Mail.Read.Shared').get(`${support}/messages?$top=1`)).status, 200);
      const plain = await as('Mail.ReadWrite').get(`${support}/messages?$top=1`);
      assert.equal(plain.status, 403);
      assert.equal(code(plain), 'ErrorAccessDenied');
      assert.equal((await as('Mail.Send Mail.ReadWrite.Shared').post(`${support}/sendMail`, MAIL)).status, 403);
      assert.equal((await as('Mail.Send.Shared').post(`${support}/sendMail`, MAIL)).status, 202);
      assert.equal((await as('Calendars.ReadWrite').get(`${support}/events`)).status, 403);
      assert.equal((await as('Calendars.Read.Shared').get(`${support}/events`)).status, 200);
      assert.equal((await as('Contacts.Read').get(`${support}/contacts`)).status, 403);
      assert.equal((await as('Contacts.Read.Shared').get(`${support}/contacts`)).status, 200);
    });

    it("keeps answering 403 for Alex's mailbox, shared permissions or not", async () => {
      const reply = await new Graph(sb).get(`/users/${ALEX}/messages`);
      assert.equal(reply.status, 403);
      assert.equal(code(reply), 'ErrorAccessDenied');
    });

    it('checks each $batch item with the outer token', async () => {
      const graph = as('Mail.Read');
      const reply = await graph.post('/$batch', { requests: [
        { id: '1', method: 'GET', url: '/me/messages?$top=1' },
        { id: '2', method: 'POST', url: '/me/sendMail', headers: { 'Content-Type': 'application/json' }, body: MAIL },
        { id: '3', method: 'GET', url: `${support}/messages?$top=1` },
      ] });
      const statuses = Object.fromEntries(reply.json<{ responses: Array<{ id: string; status: number }> }>().responses.map((r) => [r.id, r.status]));
      assert.deepEqual(statuses, { 1: 200, 2: 403, 3: 403 });
    });

    it('refuses a subscription to a resource the token cannot read, and any delegated subscription on the shared mailbox', async () => {
      const body = { changeType: 'created', notificationUrl: 'https://127.0.0.1:1/hook', expirationDateTime: new Date(sb.clock.now() + 3_600_000).toISOString() };
      const events = await as('Mail.Read').post('/subscriptions', { ...body, resource: 'me/events' });
      assert.equal(events.status, 403);
      assert.equal(code(events), 'ErrorAccessDenied');
      const shared = await new Graph(sb).post('/subscriptions', { ...body, resource: `users/${sb.sharedMailbox.userPrincipalName}/messages` });
      assert.equal(shared.status, 403);
      assert.equal(code(shared), 'ExtensionError');
    });
  });

  describe('the table', () => {
    it('declares the permissions of every Graph route, each with its docs page', () => {
      const graphRoutes = modules.flatMap((m) => m.routes).filter((r) => (r.scope ?? 'mailbox') !== 'root');
      const missing = graphRoutes.filter((r) => !(r.name in PERMISSIONS) && !(r.name in CHECKED_ELSEWHERE)).map((r) => r.name);
      assert.deepEqual([...new Set(missing)], []);
      for (const [name, row] of Object.entries(PERMISSIONS)) assert.match(row.page, /^[a-z-]+$/, name);
    });

    it('derives the .Shared variants for another mailbox and keeps Calendars.ReadBasic for the own one only', () => {
      assert.deepEqual(acceptable(PERMISSIONS.listEvents, { app: false, own: true }),
        ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite', 'Calendars.Read.Shared', 'Calendars.ReadWrite.Shared']);
      assert.deepEqual(acceptable(PERMISSIONS.listEvents, { app: false, own: false }), ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared']);
      assert.deepEqual(acceptable(PERMISSIONS.findMeetingTimes, { app: true, own: true }), []);
    });
  });
});
