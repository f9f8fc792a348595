import assert from 'node:assert/strict';
import nock from 'nock';
import * as deleteCalendar from '../../../lib/functions/calendar/deleteCalendar';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const CAL = 'AAMkAGI2TGuLAAA=';
const PATH = `/v1.0/me/calendars/${encodeURIComponent(CAL)}`;

describe('deleteCalendar action', () => {
  useNockEnvironment();

  it('reads the calendar, then deletes it (DELETE, 204)', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, { id: CAL, name: 'Old project', isDefaultCalendar: false })
      .delete(PATH).reply(204);
    const { data } = await run(deleteCalendar, { calendarId: CAL });
    assert.deepEqual(data, [{ deleted: true, calendarId: CAL, name: 'Old project' }]);
  });

  it('refuses the default calendar clearly, naming the field, and deletes nothing', async () => {
    nock(GRAPH).get(PATH).query(true).reply(200, { id: CAL, name: 'Calendar', isDefaultCalendar: true });
    const del = nock(GRAPH).delete(PATH).reply(204);
    const { error } = await runFailing(deleteCalendar, { calendarId: CAL });
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.field, 'Calendar (calendarId)');
    assert.match(error.message, /"Calendar" is the mailbox's default calendar, which cannot be deleted/);
    assertNothingSent(del);
  });

  it('says which calendar was not found', async () => {
    nock(GRAPH).get(PATH).query(true).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-d'));
    const { error } = await runFailing(deleteCalendar, { calendarId: CAL });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Calendar "AAMkAGI2TGuLAAA=" not found/);
  });

  for (const [what, body, field] of [
    ['a missing calendar', {}, 'Calendar (calendarId)'],
    ['a calendar id with a line break', { calendarId: 'a\nb' }, 'Calendar (calendarId)'],
    ['a number as calendar id', { calendarId: 42 }, 'Calendar (calendarId)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(deleteCalendar, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
