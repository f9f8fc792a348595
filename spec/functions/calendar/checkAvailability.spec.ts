import assert from 'node:assert/strict';
import nock from 'nock';
import * as checkAvailability from '../../../lib/functions/calendar/checkAvailability';
import { GraphError } from '../../../lib/graph/errors';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { OutlookError } from '../../../lib/outlook/errors';
import { assertNothingSent, GRAPH, graphErrorBody, graphTrap, idToken, PERSONAL_CFG, run, runFailing, useNockEnvironment } from '../support/actions';

const action = checkAvailability;

function schedule(scheduleId: string, availabilityView: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { scheduleId, availabilityView, scheduleItems: [], workingHours: { daysOfWeek: ['monday'] }, ...extra };
}

describe('checkAvailability action', () => {
  useNockEnvironment();

  it('checks the user\'s own schedule at a point in time as the 5-minute slot starting there', async () => {
    let sent: unknown;
    nock(GRAPH)
      .get('/v1.0/me').query({ $select: 'mail,userPrincipalName' }).reply(200, { mail: 'adele@contoso.com', userPrincipalName: 'adele@contoso.com' })
      .post('/v1.0/me/calendar/getSchedule', (b) => { sent = b; return true; })
      .reply(200, { value: [schedule('adele@contoso.com', '0')] });
    const { data } = await run(checkAvailability, { time: '2026-12-01T12:00:00' });
    assert.deepEqual(sent, {
      schedules: ['adele@contoso.com'],
      startTime: { dateTime: '2026-12-01T12:00:00', timeZone: 'UTC' },
      endTime: { dateTime: '2026-12-01T12:05:00', timeZone: 'UTC' },
      availabilityViewInterval: 5,
    });
    assert.deepEqual(data, [{
      available: true, status: 'free',
      start: { dateTime: '2026-12-01T12:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T12:05:00', timeZone: 'UTC' },
      schedules: [{ scheduleId: 'adele@contoso.com', status: 'free', available: true, availabilityView: '0', scheduleItems: [], workingHours: { daysOfWeek: ['monday'] } }],
    }]);
  });

  it('reports the most blocking status across people, with output in the requested time zone', async () => {
    let sent: { availabilityViewInterval?: number } = {};
    nock(GRAPH, { reqheaders: { prefer: (v) => v.includes('outlook.timezone="Pacific Standard Time"') && v.includes('IdType="ImmutableId"') } })
      .post('/v1.0/users/room%40contoso.com/calendar/getSchedule', (b) => { sent = b; return true; })
      .reply(200, { value: [schedule('ann@contoso.com', '0010'), schedule('bob@contoso.com', '0200'), schedule('eve@contoso.com', '4000')] });
    const { data } = await run(checkAvailability, {
      start: '2026-12-01T09:00', end: '2026-12-01T11:00', timeZone: 'Europe/Berlin',
      schedules: 'ann@contoso.com; bob@contoso.com, eve@contoso.com', outputTimeZone: 'Pacific Standard Time', mailbox: 'room@contoso.com',
    });
    assert.equal(sent.availabilityViewInterval, 120);
    const out = data[0] as { available: boolean; status: string; schedules: Array<{ status: string }> };
    assert.equal(out.available, false);
    assert.equal(out.status, 'busy');
    assert.deepEqual(out.schedules.map((s) => s.status), ['tentative', 'busy', 'workingElsewhere']);
  });

  it('reads working elsewhere from the schedule items, since availabilityView writes it as 0 like free', async () => {
    const item = { status: 'workingElsewhere', start: { dateTime: '2026-12-01T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T10:00:00', timeZone: 'UTC' } };
    nock(GRAPH).post('/v1.0/me/calendar/getSchedule').reply(200, { value: [{ ...schedule('eve@contoso.com', '0'), scheduleItems: [item] }] });
    const { data } = await run(checkAvailability, { time: '2026-12-01T09:00:00Z', end: '2026-12-01T10:00:00Z', schedules: 'eve@contoso.com' });
    const out = data[0] as { available: boolean; status: string };
    assert.deepEqual([out.available, out.status], [false, 'workingElsewhere']);
  });

  it('treats a schedule Graph could not read as unknown, not available', async () => {
    nock(GRAPH).post('/v1.0/me/calendar/getSchedule').reply(200, { value: [
      { scheduleId: 'ext@fabrikam.com', availabilityView: '', error: { message: 'not found', responseCode: 'ErrorMailRecipientNotFound' } },
    ] });
    const { data } = await run(checkAvailability, { time: '2026-12-01T09:00:00Z', schedules: ['ext@fabrikam.com'] });
    const out = data[0] as { available: boolean; status: string; schedules: Array<{ error?: unknown }> };
    assert.deepEqual([out.available, out.status], [false, 'unknown']);
    assert.deepEqual(out.schedules[0].error, { message: 'not found', responseCode: 'ErrorMailRecipientNotFound' });
  });

  for (const [what, body, field] of [
    ['an end before the start', { start: '2026-12-01T10:00', end: '2026-12-01T09:00' }, 'End (end)'],
    ['an invalid address', { time: '2026-12-01T10:00', schedules: 'bob' }, 'People or Rooms (schedules)'],
    ['an interval below 5 minutes', { time: '2026-12-01T10:00', intervalMinutes: 1 }, 'Slot Length (minutes) (intervalMinutes)'],
    ['a window above 62 days', { start: '2026-01-01T00:00', end: '2026-04-01T00:00' }, 'End (end)'],
    ['an unknown output time zone', { time: '2026-12-01T10:00', outputTimeZone: 'Mars/Olympus' }, 'Output Time Zone (outputTimeZone)'],
  ] as const) {
    it(`rejects ${what} before any request`, async () => {
      const trap = graphTrap();
      const { error } = await runFailing(checkAvailability, { ...body });
      assert.ok(error instanceof ConfigurationError, error.message);
      assert.equal(error.field, field);
      assertNothingSent(trap);
    });
  }

  it('explains a Graph 403, keeping its code and request-id', async () => {
    nock(GRAPH).post('/v1.0/me/calendar/getSchedule').reply(403, graphErrorBody('ErrorAccessDenied', 'Access is denied.', 'req-403'));
    const { error } = await runFailing(checkAvailability, { time: '2026-12-01T10:00', schedules: 'a@contoso.com' });
    assert.ok(error instanceof OutlookError && error.cause instanceof GraphError);
    assert.equal(error.code, 'ErrorAccessDenied');
    assert.equal(error.requestId, 'req-403');
    assert.match(error.message, /"Check Availability" action was refused access to the signed-in user's mailbox: either the credential lacks the delegated permission Calendars.ReadBasic or Calendars.Read or Calendars.ReadWrite/);
  });

  it('refuses a personal Microsoft account before any request, since Graph offers getSchedule only to work or school accounts', async () => {
    const { error } = await runFailing(action, { time: '2026-12-01T09:00:00Z' }, PERSONAL_CFG);
    assert.ok(error instanceof ConfigurationError);
    assert.match(error.message, /getSchedule.*work or school accounts.*personal Microsoft account/);
  });

  it('does not take a work account for a personal one (tid of a tenant)', async () => {
    nock(GRAPH).post(/.*/).reply(403, { error: { code: 'ErrorAccessDenied', message: 'Access is denied.' } });
    const cfg = { ...PERSONAL_CFG, oauth: { ...PERSONAL_CFG.oauth, id_token: idToken({ tid: '72f988bf-86f1-41af-91ab-2d7cd011db47' }) } };
    const { error } = await runFailing(action, { time: '2026-12-01T09:00:00Z', schedules: 'ann@contoso.com', attendees: 'ann@contoso.com' }, cfg);
    assert.doesNotMatch(error.message, /personal Microsoft account/);
  });
});
