import assert from 'node:assert/strict';
import nock from 'nock';
import * as updateCalendar from '../../../lib/functions/calendar/updateCalendar';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

const CAL = 'AAMkAGI2TGuLAAA=';
const PATH = `/v1.0/me/calendars/${encodeURIComponent(CAL)}`;

describe('updateCalendar action', () => {
  useNockEnvironment();

  it('renames a calendar, sending the name only', async () => {
    nock(GRAPH).patch(PATH, { name: 'Projects 2027' }).reply(200, { id: CAL, name: 'Projects 2027' });
    const { data } = await run(updateCalendar, { calendarId: CAL, name: 'Projects 2027' });
    assert.deepEqual(data, [{ id: CAL, name: 'Projects 2027' }]);
  });

  it('changes the colour from the step configuration, sending the colour only', async () => {
    nock(GRAPH).patch(PATH, { color: 'lightTeal' }).reply(200, { id: CAL });
    await run(updateCalendar, {}, { calendarId: CAL, color: 'lightTeal' });
  });

  it('says which calendar was not found', async () => {
    nock(GRAPH).patch(PATH).reply(404, graphErrorBody('ErrorItemNotFound', 'Not found.', 'req-u'));
    const { error } = await runFailing(updateCalendar, { calendarId: CAL, name: 'x' });
    assert.ok(error instanceof OutlookError);
    assert.match(error.message, /^Calendar "AAMkAGI2TGuLAAA=" not found in mailbox of the signed-in user \(404 ErrorItemNotFound, request-id req-u\)$/);
  });

  for (const [what, body, field] of [
    ['nothing to change', { calendarId: CAL }, 'New Name (name), Colour (color)'],
    ['a missing calendar', { name: 'x' }, 'Calendar (calendarId)'],
    ['a traversal calendar id', { calendarId: '..', name: 'x' }, 'Calendar (calendarId)'],
    ['an unknown colour', { calendarId: CAL, color: 'neon' }, 'Colour (color)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(updateCalendar, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
