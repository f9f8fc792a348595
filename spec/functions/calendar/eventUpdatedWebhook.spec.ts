import assert from 'node:assert/strict';
import eventUpdatedWebhook = require('../../../lib/functions/calendar/eventUpdatedWebhook');
import { isCreationVersion } from '../../../lib/functions/calendar/eventWebhooks';
import type { PolledEvent } from '../../../lib/outlook/calendar/changes';
import { until, useWebhookSandbox } from '../support/webhooks';
import { hourOn } from './eventSupport';

describe('eventUpdatedWebhook (Event Updated, real-time)', () => {
  const world = useWebhookSandbox();
  const subjects = (data: unknown[]): string[] => data.map((b) => String((b as { subject?: unknown }).subject));
  const add = (subject: string, day = 1): string => world.sb.store.addEvent({ subject, ...hourOn(day) }).id as string;

  it('Event Updated: each change once, not the creation, and not a version that changes nothing visible', async () => {
    const step = await world.start(eventUpdatedWebhook, {});
    const [sub] = world.sb.subscriptions().list();
    assert.deepEqual([sub.resource, sub.changeType], ['me/calendar/events', 'updated']);
    const a = add('planning');
    await world.settle(step);
    world.sb.clock.advance(1500);
    world.sb.store.updateEvent(a, { subject: 'planning v2' });
    await world.settle(step);
    world.sb.clock.advance(1500);
    // Exchange's re-stamp: a new lastModifiedDateTime and changeKey, nothing else.
    world.sb.store.updateEvent(a, {});
    await world.settle(step);
    world.sb.clock.advance(1500);
    world.sb.store.updateEvent(a, { subject: 'planning v3' });
    await world.settle(step);
    assert.deepEqual(subjects(step.data), ['planning v2', 'planning v3']);
  });

  it('tells a creation from an update by createdDateTime and lastModifiedDateTime, to the second', () => {
    const at = (created: string, modified: string): PolledEvent => ({ id: 'x', createdDateTime: created, lastModifiedDateTime: modified });
    assert.equal(isCreationVersion(at('2026-12-01T09:00:00.1234567Z', '2026-12-01T09:00:00.9876543Z')), true);
    assert.equal(isCreationVersion(at('2026-12-01T09:00:00Z', '2026-12-01T09:00:01Z')), false);
  });

  it('names the missing permission when Graph refuses the subscription for want of Calendars.Read', async () => {
    await world.start(eventUpdatedWebhook, { oauth: world.sb.issueToken({ scope: 'User.Read Mail.Read' }) }, { ready: false });
    await until(() => world.hookLogs.some((l) => l.level === 'error'), 'the refusal');
    assert.match(String(world.hookLogs.find((l) => l.level === 'error')?.line), /Calendars\.Read/);
    assert.deepEqual(world.sb.subscriptions().list(), []);
  });
});
