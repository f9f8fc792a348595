import assert from 'node:assert/strict';
import nock from 'nock';
import * as getEvent from '../../../lib/functions/calendar/getEvent';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, STORAGE, useNockEnvironment } from '../support/actions';
import { EVENT_ID, EVENT_PATH } from './eventSupport';

const EVENT = { '@odata.context': 'ctx', id: EVENT_ID, subject: 'Review', type: 'singleInstance', hasAttachments: true, start: { dateTime: '2026-12-03T16:00:00.0000000', timeZone: 'Europe/Berlin' } };

describe('getEvent action', () => {
  useNockEnvironment();

  it('reads the event with start and end in the output zone (Prefer: outlook.timezone), without @odata keys', async () => {
    nock(GRAPH, { reqheaders: { prefer: /outlook\.timezone="Europe\/Berlin"/ } }).get(EVENT_PATH).reply(200, EVENT);
    const { data } = await run(getEvent, { eventId: EVENT_ID, outputTimeZone: 'Europe/Berlin' });
    const { '@odata.context': _context, ...rest } = EVENT;
    assert.deepEqual(data, [rest]);
  });

  it('reads in UTC without an output zone (no outlook.timezone preference)', async () => {
    nock(GRAPH, { badheaders: [] }).get(EVENT_PATH).reply(function () {
      assert.doesNotMatch(String(this.req.headers.prefer ?? ''), /outlook\.timezone/);
      return [200, { id: EVENT_ID }];
    });
    await run(getEvent, { id: EVENT_ID });
  });

  it('stores the event\'s file attachments in object storage when asked', async () => {
    nock(GRAPH).get(EVENT_PATH).reply(200, EVENT)
      .get(`${EVENT_PATH}/attachments`).query(true)
      .reply(200, { value: [{ '@odata.type': '#microsoft.graph.fileAttachment', id: 'att-1', name: 'agenda.txt', contentType: 'text/plain', size: 99, isInline: false }] })
      .get(`${EVENT_PATH}/attachments/att-1/$value`).reply(200, 'agenda', { 'Content-Length': '6' });
    nock(STORAGE).post('/objects').reply(201, { objectId: 'obj-1' });
    const { data } = await run(getEvent, { eventId: EVENT_ID, includeAttachments: true });
    assert.deepEqual((data[0] as { attachments: unknown }).attachments, [{
      attachmentId: 'att-1', kind: 'file', isInline: false, name: 'agenda.txt', contentType: 'text/plain', size: 6, url: `${STORAGE}/objects/obj-1?storage_type=maester`,
    }]);
  });

  it('lists no attachments of an event that has none', async () => {
    nock(GRAPH).get(EVENT_PATH).reply(200, { ...EVENT, hasAttachments: false });
    const { data } = await run(getEvent, { eventId: EVENT_ID, includeAttachments: true });
    assert.deepEqual((data[0] as { attachments: unknown }).attachments, []);
  });

  it('says which event was not found, and names a malformed id', async () => {
    nock(GRAPH).get(EVENT_PATH).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-g'))
      .get('/v1.0/me/events/AAMkAGI2-message-id').reply(400, graphErrorBody('ErrorInvalidIdMalformed', 'Id is malformed.', 'req-m'));
    const { error } = await runFailing(getEvent, { eventId: EVENT_ID });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Event .* not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-g\)$/);
    const malformed = await runFailing(getEvent, { eventId: 'AAMkAGI2-message-id' });
    assert.match(malformed.error.message, /^Event AAMkAGI2-message-id not found .*ErrorInvalidIdMalformed/);
  });

  for (const [what, body, field] of [
    ['a missing id', {}, 'Event ID (eventId)'],
    ['a traversal id', { eventId: '..' }, 'Event ID (eventId)'],
    ['an unknown output zone', { eventId: EVENT_ID, outputTimeZone: 'Mars/Olympus' }, 'Output Time Zone (outputTimeZone)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(getEvent, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
