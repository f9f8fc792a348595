import assert from 'node:assert/strict';
import eventCreatedWebhook = require('../../../lib/functions/calendar/eventCreatedWebhook');
import pollEvents = require('../../../lib/functions/calendar/pollEvents');
import { useWebhookSandbox } from '../support/webhooks';
import { hourOn } from './eventSupport';

describe('eventCreatedWebhook (Event Created, real-time)', () => {
  const world = useWebhookSandbox();
  const subjects = (data: unknown[]): string[] => data.map((b) => String((b as { subject?: unknown }).subject));
  const add = (subject: string, day = 1): string => world.sb.store.addEvent({ subject, ...hourOn(day) }).id as string;

  it('Event Created: each event created in the calendar once, with the properties of New or Updated Events, not its changes', async () => {
    const step = await world.start(eventCreatedWebhook, { outputTimeZone: 'Europe/Berlin' });
    const [sub] = world.sb.subscriptions().list();
    assert.deepEqual([sub.resource, sub.changeType], ['me/calendar/events', 'created']);
    const a = add('kick-off');
    await world.settle(step);
    world.sb.clock.advance(1500);
    world.sb.store.updateEvent(a, { subject: 'kick-off (moved)' });
    add('review', 2);
    await world.settle(step);
    assert.deepEqual(subjects(step.data), ['kick-off', 'review']);
    const body = step.data[0] as Record<string, unknown>;
    assert.deepEqual(Object.keys(pollEvents.definition.output.properties ?? {}).filter((k) => !(k in body) && !['removed', 'reason', 'seriesMasterId', 'onlineMeeting', 'location'].includes(k)), []);
    assert.match(String((body.start as { timeZone?: string }).timeZone), /Europe\/Berlin|W\. Europe Standard Time/);
    assert.deepEqual(step.errors, []);
  });

  it('subscribes another calendar by id, and refuses another user\'s mailbox with a signed-in user before any request', async () => {
    const cal = world.sb.store.createCalendar('Team');
    const step = await world.start(eventCreatedWebhook, { calendarId: cal.id });
    assert.equal(world.sb.subscriptions().list()[0].resource, `me/calendars/${encodeURIComponent(String(cal.id))}/events`);
    await step.close();
    const before = world.sb.requests.length;
    await assert.rejects(world.start(eventCreatedWebhook, { mailbox: 'someone@contoso.example' }, { ready: false }), /Mailbox \(mailbox\).*own mailbox/);
    assert.equal(world.sb.requests.length, before);
  });
});
