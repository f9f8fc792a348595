import assert from 'node:assert/strict';
import nock from 'nock';
import * as createCalendar from '../../../lib/functions/calendar/createCalendar';
import { ConfigurationError, OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, run, runFailing, useNockEnvironment } from '../support/actions';

describe('createCalendar action', () => {
  useNockEnvironment();

  it('creates a calendar with a name and a colour (POST /calendars, 201)', async () => {
    nock(GRAPH).post('/v1.0/me/calendars', { name: 'Projects', color: 'lightGreen' }).reply(201, { '@odata.context': 'c', id: 'cal-1', name: 'Projects', color: 'lightGreen' });
    const { data } = await run(createCalendar, { name: 'Projects', color: 'lightGreen' });
    assert.deepEqual(data, [{ id: 'cal-1', name: 'Projects', color: 'lightGreen' }]);
  });

  it('sends the name alone without a colour, for another mailbox', async () => {
    nock(GRAPH).post('/v1.0/users/shared%40contoso.com/calendars', { name: 'Team' }).reply(201, { id: 'cal-2', name: 'Team' });
    await run(createCalendar, { name: 'Team' }, { mailbox: 'shared@contoso.com' });
  });

  it('says that the name is taken (409 ErrorFolderExists), keeping the code', async () => {
    nock(GRAPH).post('/v1.0/me/calendars').reply(409, graphErrorBody('ErrorFolderExists', 'A folder with the specified name already exists.', 'req-x'));
    const { error } = await runFailing(createCalendar, { name: 'Projects' });
    assert.ok(error instanceof OutlookError);
    assert.equal(error.code, 'ErrorFolderExists');
    assert.match(error.message, /^A calendar named "Projects" already exists/);
  });

  for (const [what, body, field] of [
    ['a missing name', {}, 'Calendar Name (name)'],
    ['an unknown colour', { name: 'x', color: 'purple' }, 'Colour (color)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(createCalendar, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }
});
