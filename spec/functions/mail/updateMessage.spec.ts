import assert from 'node:assert/strict';
import nock from 'nock';
import * as updateMessage from '../../../lib/functions/mail/updateMessage';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { nextCategories } from '../../../lib/outlook/mail/organise';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, MESSAGE_ID, run, runFailing, useNockEnvironment } from '../support/actions';

const PATH = `/v1.0/me/messages/${encodeURIComponent(MESSAGE_ID)}`;

describe('updateMessage action', () => {
  useNockEnvironment();

  it('marks read, sets importance and Focused/Other in one PATCH with only those properties', async () => {
    nock(GRAPH).patch(PATH, { isRead: true, importance: 'high', inferenceClassification: 'other' }).reply(200, { id: MESSAGE_ID, isRead: true });
    const { data } = await run(updateMessage, { messageId: MESSAGE_ID, isRead: 'true', importance: 'high', inferenceClassification: 'other' });
    assert.deepEqual(data, [{ id: MESSAGE_ID, isRead: true }]);
  });

  it('marks unread from the step configuration', async () => {
    nock(GRAPH).patch(PATH, { isRead: false }).reply(200, { id: MESSAGE_ID });
    await run(updateMessage, { messageId: MESSAGE_ID }, { isRead: false });
  });

  it('flags with a start and a due date in the given time zone', async () => {
    nock(GRAPH).patch(PATH, {
      flag: {
        flagStatus: 'flagged', startDateTime: { dateTime: '2026-12-01T09:00:00', timeZone: 'Europe/Berlin' },
        dueDateTime: { dateTime: '2026-12-03T18:00:00', timeZone: 'Europe/Berlin' },
      },
    }).reply(200, { id: MESSAGE_ID });
    await run(updateMessage, { messageId: MESSAGE_ID, flag: 'flagged', flagStart: '2026-12-01T09:00', flagDue: '2026-12-03T17:00:00Z', timeZone: 'Europe/Berlin' });
  });

  it('completes and clears a flag', async () => {
    nock(GRAPH).patch(PATH, { flag: { flagStatus: 'complete' } }).reply(200, { id: MESSAGE_ID })
      .patch(PATH, { flag: { flagStatus: 'notFlagged' } }).reply(200, { id: MESSAGE_ID });
    await run(updateMessage, { messageId: MESSAGE_ID, flag: 'complete' });
    await run(updateMessage, { messageId: MESSAGE_ID, flag: 'notFlagged' });
  });

  it('adds categories to the current ones, reading them first', async () => {
    nock(GRAPH).get(PATH).query({ $select: 'categories' }).reply(200, { id: MESSAGE_ID, categories: ['Red', 'Clients'] })
      .patch(PATH, { categories: ['Red', 'Clients', 'Invoices'] }).reply(200, { id: MESSAGE_ID });
    await run(updateMessage, { messageId: MESSAGE_ID, categories: 'clients, Invoices' });
  });

  it('removes, replaces and clears categories', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, { categories: ['Red', 'Clients'] })
      .patch(PATH, { categories: ['Red'] }).reply(200, { id: MESSAGE_ID })
      .patch(PATH, { categories: ['Blue'] }).reply(200, { id: MESSAGE_ID })
      .patch(PATH, { categories: [] }).reply(200, { id: MESSAGE_ID });
    await run(updateMessage, { messageId: MESSAGE_ID, categories: ['CLIENTS'], categoriesMode: 'remove' });
    await run(updateMessage, { messageId: MESSAGE_ID, categories: 'Blue', categoriesMode: 'replace' });
    await run(updateMessage, { messageId: MESSAGE_ID, categoriesMode: 'clear' });
  });

  it('computes category changes case-insensitively, keeping the current spelling and order', () => {
    assert.deepEqual(nextCategories(['Red', 'Clients'], { mode: 'add', names: ['clients', 'Blue', 'blue'] }), ['Red', 'Clients', 'Blue']);
    assert.deepEqual(nextCategories(['Red', 'Clients'], { mode: 'remove', names: ['RED'] }), ['Clients']);
    assert.deepEqual(nextCategories(['Red'], { mode: 'replace', names: ['A', 'A'] }), ['A']);
  });

  it('says which message was not found', async () => {
    nock(GRAPH).patch(PATH).reply(404, graphErrorBody('ErrorItemNotFound', 'The specified object was not found in the store.', 'req-u'));
    const { error } = await runFailing(updateMessage, { messageId: MESSAGE_ID, isRead: true });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Message .* not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-u\)$/);
  });

  it('lets Graph\'s other refusals through with their code', async () => {
    nock(GRAPH).patch(PATH).reply(400, graphErrorBody('ErrorInvalidPropertyUpdateSentMessage', 'Update operation is not supported.'));
    const { error } = await runFailing(updateMessage, { messageId: MESSAGE_ID, importance: 'low' });
    assert.ok(error instanceof GraphError);
    assert.equal(error.code, 'ErrorInvalidPropertyUpdateSentMessage');
  });

  for (const [what, body, field] of [
    ['nothing to change', { messageId: MESSAGE_ID }, 'Read (isRead), Flag (flag), Categories (categories), Importance (importance), Focused or Other (inferenceClassification)'],
    ['a due date without a start', { messageId: MESSAGE_ID, flag: 'flagged', flagDue: '2026-12-03T17:00' }, 'Flag Due (flagDue)'],
    ['a start date without flagging', { messageId: MESSAGE_ID, flag: 'complete', flagStart: '2026-12-03T17:00' }, 'Flag Start (flagStart)'],
    ['a due date before the start', { messageId: MESSAGE_ID, flag: 'flagged', flagStart: '2026-12-03T17:00', flagDue: '2026-12-01T09:00' }, 'Flag Due (flagDue)'],
    ['replacing categories with none', { messageId: MESSAGE_ID, categoriesMode: 'replace' }, 'Categories (categories)'],
    ['an unknown flag status', { messageId: MESSAGE_ID, flag: 'starred' }, 'Flag (flag)'],
    ['an unknown time zone', { messageId: MESSAGE_ID, flag: 'flagged', flagStart: '2026-12-01T09:00', timeZone: 'Mars/Olympus' }, 'Time Zone (timeZone)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(updateMessage, { ...body });
      assert.ok(error instanceof ConfigurationError, String(error));
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
