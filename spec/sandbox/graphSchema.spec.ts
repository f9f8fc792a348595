/**
 * The sandbox and the component against Graph's published v1.0 schema (dev/graph-schema/v1.0.json): what the sandbox
 * serves is declared there, what the schema declares the sandbox does not refuse, and what the component sends (every
 * function, through the npm start tour) names only paths, bound actions, query options and properties the schema has.
 */
import assert from 'node:assert/strict';
import type { Sandbox } from '../../dev/sandbox';
import { GraphConformance, SCHEMA } from '../../dev/graph-schema/conformance';
import { runTour } from '../../dev/runner/tour';
import { ATTACHMENT } from '../../dev/sandbox/routes/attachments';
import { CALENDAR } from '../../dev/sandbox/routes/calendar';
import { CONTACT, CONTACT_FOLDER, EVENT, MAIL_FOLDER, MESSAGE, USER, type EntitySchema } from '../../dev/sandbox/store/schema';
import { Graph, GraphItem, enc, startTestSandbox } from './helpers';

const checker = new GraphConformance();

/** Every violation of the exchanges the sandbox serves from now on, with how often it was seen. */
function watch(sb: Sandbox): Map<string, number> {
  const seen = new Map<string, number>();
  sb.observe((req, res) => {
    if (req.segments[0] !== 'v1.0') return;
    let body: unknown;
    try { body = req.body.length ? JSON.parse(req.body.toString('utf8')) : undefined; } catch { body = undefined; }
    const problems = [...checker.checkRequest(req.method, req.segments, req.query, body), ...checker.checkResponse(req.method, req.segments, res.status, res.json)];
    for (const p of problems) seen.set(p, (seen.get(p) ?? 0) + 1);
  });
  return seen;
}

const report = (seen: Map<string, number>): string[] => [...seen].map(([p, n]) => `${n}× ${p}`);

/** A value of a schema type for a request body: the simplest one the type allows. */
function sample(type: string): unknown {
  if (type.startsWith('Collection(')) return [];
  if (type.startsWith('enum:')) return SCHEMA.enums[type.slice(5)][0];
  const primitive: Record<string, unknown> = {
    string: 'x', boolean: false, number: 1, dateTimeOffset: '2026-11-24T10:00:00Z', date: '2026-11-24', timeOfDay: '10:00:00',
    duration: 'PT1H', guid: '00000000-0000-0000-0000-000000000001', binary: 'AAEC',
  };
  return type in primitive ? primitive[type] : {};
}

describe('Graph v1.0 schema extract (dev/graph-schema)', () => {
  it('names its source: Microsoft\'s generated SDK packages, pinned with their npm integrity', () => {
    assert.ok(SCHEMA.source.packages.length >= 3);
    for (const p of SCHEMA.source.packages) {
      assert.match(p.name, /^@microsoft\/msgraph-sdk/);
      assert.match(p.version, /^\d+\.\d+\.\d+/);
      assert.match(p.integrity, /^sha512-[A-Za-z0-9+/]{80,}={0,2}$/);
    }
  });

  it('holds the types, enums and paths the component and the sandbox use', () => {
    for (const t of ['message', 'event', 'contact', 'mailFolder', 'contactFolder', 'calendar', 'fileAttachment', 'itemAttachment',
      'referenceAttachment', 'subscription', 'scheduleInformation', 'meetingTimeSuggestionsResult', 'uploadSession']) assert.ok(SCHEMA.types[t], t);
    assert.deepEqual(SCHEMA.enums.importance, ['low', 'normal', 'high']);
    for (const p of ['/users/{id}/messages/{id}/move', '/users/{id}/sendMail', '/users/{id}/calendarView/delta()', '/subscriptions']) assert.ok(SCHEMA.paths[p], p);
  });
});

describe('the schema checker', () => {
  const bad = (problems: string[], pattern: RegExp): void => assert.ok(problems.some((p) => pattern.test(p)), `expected ${pattern} in ${JSON.stringify(problems)}`);

  it('flags a property the type does not declare, and accepts one its base or derived type declares', () => {
    bad(checker.checkValue('event', { id: 'a', uid: 'x' }, 'e', 'response'), /event has no property uid/);
    bad(checker.checkValue('mailFolder', { sizeInBytes: 1 }, 'f', 'response'), /mailFolder has no property sizeInBytes/);
    assert.deepEqual(checker.checkValue('event', { id: 'a', changeKey: 'k', cancelledOccurrences: [] }, 'e', 'response'), []);
    assert.deepEqual(checker.checkValue('attachment', { '@odata.type': '#microsoft.graph.fileAttachment', contentBytes: 'AAEC' }, 'a', 'response'), []);
    bad(checker.checkValue('attachment', { '@odata.type': '#microsoft.graph.referenceAttachment', contentBytes: 'AAEC' }, 'a', 'response'), /no property contentBytes/);
    bad(checker.checkValue('attachment', { '@odata.type': '#microsoft.graph.message' }, 'a', 'response'), /is not a attachment/);
  });

  it('flags enum values, types and formats the schema does not allow', () => {
    bad(checker.checkValue('message', { importance: 'urgent' }, 'm', 'response'), /not a member of importance/);
    bad(checker.checkValue('message', { receivedDateTime: '2026-11-24 10:00' }, 'm', 'response'), /expected dateTimeOffset/);
    bad(checker.checkValue('message', { isRead: 'true' }, 'm', 'response'), /expected a boolean/);
    bad(checker.checkValue('message', { conversationIndex: 'not base64!' }, 'm', 'response'), /expected binary/);
    bad(checker.checkValue('message', { toRecipients: { emailAddress: {} } }, 'm', 'response'), /expected a collection/);
    bad(checker.checkValue('users/item/findMeetingTimes#FindMeetingTimesPostRequestBody', { meetingDuration: '1h' }, 'b', 'request'), /expected duration/);
  });

  it('flags unknown paths, methods and bound actions, and accepts the documented extras', () => {
    bad(checker.checkRequest('GET', ['v1.0', 'me', 'messagez'], {}, undefined), /no such path/);
    bad(checker.checkRequest('POST', ['v1.0', 'me', 'messages', 'AAMk=', 'archive'], {}, {}), /no such path/);
    bad(checker.checkRequest('PUT', ['v1.0', 'me', 'messages', 'AAMk='], {}, {}), /takes no PUT/);
    assert.deepEqual(checker.checkRequest('POST', ['v1.0', 'me', 'messages', 'AAMk=', 'move'], {}, { destinationId: 'archive' }), []);
    assert.deepEqual(checker.checkRequest('POST', ['v1.0', '$batch'], {}, { requests: [] }), []);
    assert.deepEqual(checker.checkRequest('GET', ['v1.0', 'users', 'a@b.example', 'messages', 'AAMk=', 'attachments', 'AAMk=', '$value'], {}, undefined), []);
  });

  it('flags query options a path does not offer and properties named in $select, $orderby, $filter and $expand', () => {
    const list = ['v1.0', 'me', 'mailFolders', 'inbox', 'messages'];
    bad(checker.checkRequest('GET', list, { $apply: 'x' }, undefined), /\$apply is not offered/);
    bad(checker.checkRequest('GET', list, { $select: 'subject,uid' }, undefined), /message has no property uid/);
    bad(checker.checkRequest('GET', list, { $orderby: 'arrivedDateTime desc' }, undefined), /no property arrivedDateTime/);
    bad(checker.checkRequest('GET', list, { $filter: "from/emailAddress/adress eq 'a@b'" }, undefined), /emailAddress has no property adress/);
    bad(checker.checkRequest('GET', list, { $expand: 'body' }, undefined), /body is not a navigation property/);
    assert.deepEqual(checker.checkRequest('GET', list, {
      $select: 'subject,from', $orderby: 'lastModifiedDateTime asc', $top: '50',
      $filter: "lastModifiedDateTime ge 2026-11-23T09:00:00Z and toRecipients/any(r: r/emailAddress/address eq 'it''s@x.example')",
      $expand: "singleValueExtendedProperties($filter=id eq 'String {00020329-0000-0000-c000-000000000046} Name x')",
    }, undefined), []);
  });
});

describe('the sandbox against the schema', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let graph: Graph;

  beforeEach(async () => {
    sb = await startTestSandbox({ seed: 1 });
    graph = new Graph(sb);
  });

  afterEach(async () => { await sb.stop(); });

  const catalogues: Array<[string, EntitySchema, string]> = [
    ['message', MESSAGE, 'message'], ['event', EVENT, 'event'], ['contact', CONTACT, 'contact'], ['mail folder', MAIL_FOLDER, 'mailFolder'],
    ['contact folder', CONTACT_FOLDER, 'contactFolder'], ['calendar', CALENDAR, 'calendar'], ['attachment', ATTACHMENT, 'fileAttachment'],
  ];
  for (const [label, catalogue, type] of catalogues) {
    it(`serves only ${label} properties the schema declares, and knows every one it declares`, () => {
      const declared = checker.properties(type);
      const structural = [...declared.values()].filter((p) => !p.navigation).map((p) => p.name);
      assert.deepEqual(catalogue.properties.filter((p) => !declared.has(p.toLowerCase())), [], 'served but not declared');
      assert.deepEqual(structural.filter((p) => !catalogue.properties.includes(p)), [], 'declared but unknown to the sandbox');
    });
  }

  it('serves only user properties the schema declares', () => {
    const declared = checker.properties('user');
    assert.deepEqual(USER.properties.filter((p) => !declared.has(p.toLowerCase())), []);
  });

  it('answers every resource it serves with declared properties, enum values, types and formats', async () => {
    const seen = watch(sb);
    const all = (type: string): string => [...checker.properties(type).values()].filter((p) => !p.navigation).map((p) => p.name).join(',');
    const withFiles = sb.store.messages('inbox').find((m) => m.hasAttachments);
    assert.ok(withFiles?.id, 'the demo mailbox has a message with attachments');
    const series = sb.store.events().find((e) => e.recurrence);
    assert.ok(series?.id, 'the demo calendar has a series');
    const window = 'startDateTime=2026-11-20T00:00:00Z&endDateTime=2026-12-20T00:00:00Z';
    const paths = [
      '/me', '/me/mailFolders', `/me/mailFolders?$select=${all('mailFolder')}`, '/me/mailFolders/inbox', '/me/mailFolders/inbox/childFolders',
      '/me/mailFolders/inbox/messages?$top=100', `/me/mailFolders/inbox/messages?$select=${all('message')}&$top=100`, '/me/messages?$top=100',
      `/me/messages/${enc(withFiles.id)}?$expand=attachments`, `/me/messages/${enc(withFiles.id)}/attachments`,
      '/me/contacts', `/me/contacts?$select=${all('contact')}`, '/me/contactFolders',
      '/me/calendars', '/me/calendar', '/me/events', `/me/events?$select=${all('event')}`, `/me/events/${enc(series.id)}?$select=cancelledOccurrences,subject`,
      `/me/calendarView?${window}`, `/me/calendarView?${window}&$select=${all('event')}`,
    ];
    for (const path of paths) {
      const reply = await graph.get(path);
      assert.equal(reply.status, 200, `${path}: ${reply.text.slice(0, 200)}`);
    }
    await graph.all('/me/mailFolders/inbox/messages/delta');
    await graph.all('/me/contacts/delta');
    await graph.all(`/me/calendarView/delta?${window}`);
    const attachments = (await graph.ok<{ value: GraphItem[] }>(`/me/messages/${enc(withFiles.id)}/attachments`)).value;
    assert.equal((await graph.get(`/me/messages/${enc(withFiles.id)}/attachments/${enc(attachments[0].id)}`)).status, 200);
    assert.deepEqual(report(seen), []);
  });

  it('does not refuse, in a create or update body, any property or navigation property the schema declares', async () => {
    const draft = (await graph.post('/me/messages', { subject: 'draft' })).json<GraphItem>().id;
    const start = { dateTime: '2026-11-24T10:00:00', timeZone: 'UTC' };
    const targets: Array<[string, string, string, Record<string, unknown>]> = [
      ['message', 'POST', '/me/messages', {}], ['message', 'PATCH', `/me/messages/${enc(draft)}`, {}],
      ['event', 'POST', '/me/events', { subject: 'e', start, end: { ...start, dateTime: '2026-11-24T11:00:00' } }],
      ['contact', 'POST', '/me/contacts', { givenName: 'c' }],
      ['mailFolder', 'POST', '/me/mailFolders', {}], ['contactFolder', 'POST', '/me/contactFolders', {}], ['calendar', 'POST', '/me/calendars', {}],
    ];
    const refused: string[] = [];
    let n = 0;
    for (const [type, method, path, base] of targets) {
      for (const prop of checker.properties(type).values()) {
        n += 1;
        const naming = type === 'mailFolder' || type === 'contactFolder' ? { displayName: `f${n}` } : type === 'calendar' ? { name: `c${n}` } : {};
        const reply = await graph.request(method, path, { body: { ...base, ...naming, [prop.name]: sample(prop.type) } });
        if (reply.status >= 500 || /does not exist on type/.test(reply.text)) refused.push(`${method} ${type}.${prop.name}: ${reply.status} ${reply.text.slice(0, 160)}`);
      }
    }
    assert.deepEqual(refused, []);
  });

  it('refuses, as Graph does, properties v1.0 does not declare', async () => {
    const start = { dateTime: '2026-11-24T10:00:00', timeZone: 'UTC' };
    const event = await graph.post('/me/events', { subject: 'e', start, end: start, uid: 'x' });
    assert.equal(event.status, 400);
    assert.match(event.text, /The property 'uid' does not exist on type 'microsoft\.graph\.event'/);
    assert.equal((await graph.get('/me/mailFolders?$select=sizeInBytes')).status, 400);
  });

  it('serves $value for file and item attachments, and 405 for a reference attachment', async () => {
    const message = sb.store.addMessage('inbox', {
      subject: 'three kinds',
      attachments: [
        { name: 'a.txt', contentType: 'text/plain', content: Buffer.from('file bytes') },
        { name: 'Fwd: note', contentType: 'message/rfc822', content: Buffer.alloc(0), kind: 'item',
          item: { '@odata.type': '#microsoft.graph.message', subject: 'note', body: { contentType: 'text', content: 'body' } } },
        { name: 'Plan.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: Buffer.alloc(0), kind: 'reference' },
      ],
    });
    const seen = watch(sb);
    const list = (await graph.ok<{ value: GraphItem[] }>(`/me/messages/${enc(message.id as string)}/attachments`)).value;
    assert.deepEqual(list.map((a) => a['@odata.type']), ['#microsoft.graph.fileAttachment', '#microsoft.graph.itemAttachment', '#microsoft.graph.referenceAttachment']);
    const raw = (a: GraphItem): Promise<{ status: number; text: string }> => graph.get(`/me/messages/${enc(message.id as string)}/attachments/${enc(a.id)}/$value`);
    assert.equal((await raw(list[0])).text, 'file bytes');
    assert.match((await raw(list[1])).text, /^Subject: note\r?$/m);
    assert.equal((await raw(list[2])).status, 405);
    assert.deepEqual(report(seen), []);
  });

  it('runs every function of the component (the npm start tour) with nothing outside the schema sent or answered', async () => {
    let seen = new Map<string, number>();
    const code = await runTour({ level: 'info', print: () => undefined, onSandbox: (tourSandbox) => { seen = watch(tourSandbox); } });
    assert.equal(code, 0, 'the tour ran without errors');
    assert.ok(seen instanceof Map);
    assert.deepEqual(report(seen), []);
  });
});
