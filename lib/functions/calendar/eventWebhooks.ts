/**
 * What "Event Created (real-time)" and "Event Updated (real-time)" share: their subscription, their parameters and
 * their catch-up, which reads the calendar by lastModifiedDateTime exactly as "New or Updated Events" does and
 * tells a creation from an update.
 */
import { EVENT_PAGE, PolledEvent, calendarPath, eventsModifiedSince, preferHeaders, zonePreference } from '../../outlook/calendar/changes';
import { visibleState, withoutODataKeys } from '../../outlook/items';
import type { TriggerContext, WebhookSubscription } from '../../platform/definition';
import { place } from '../../platform/params';
import { poll, pollingConfig } from '../../platform/polling/engine';
import { floorSecond, timeOf } from '../../platform/polling/cursor';
import { fingerprintOf } from '../../platform/polling/memory';
import { loadSnapshot } from '../../platform/polling/snapshot';
import { resourceOf } from '../../platform/webhook/subscriptions';
import * as f from '../fields';
import { WEBHOOK_PARAMS } from '../webhookFields';
import { triggerCalendar } from './triggerFields';

const LOOKBACK_SECONDS = 5;
/** The one state Event Created remembers per event (a fingerprint, as the shown-state memory stores them). */
const CREATED = fingerprintOf('created');

export const eventWebhookParams = {
  calendarId: place(triggerCalendar, 'config'),
  outputTimeZone: place(f.outputTimeZone, 'config'),
  ...WEBHOOK_PARAMS,
};

interface EventValues { calendarId?: string; outputTimeZone?: { name: string }; startTime?: string; mailbox?: string }

export function eventSubscription(v: EventValues, changeType: 'created' | 'updated'): WebhookSubscription {
  return { resource: resourceOf(`${calendarPath({ mailbox: v.mailbox, calendarId: v.calendarId })}/events`), changeType };
}

/** Graph stamps a new event with the same createdDateTime and lastModifiedDateTime (whole seconds apart at most). */
export function isCreationVersion(event: PolledEvent): boolean {
  const modified = timeOf(event.lastModifiedDateTime);
  const created = timeOf(event.createdDateTime);
  return modified !== undefined && created !== undefined && floorSecond(modified) <= floorSecond(created);
}

/**
 * Created: each event created since the position the catch-up starts from, once. An event whose createdDateTime is
 * older than that position had its creation read by an earlier catch-up, whatever happened to it since.
 * Updated: each version that is not the event's creation and changes what the user sees.
 */
export async function catchUpEvents(kind: 'created' | 'updated', ctx: TriggerContext<EventValues>): Promise<void> {
  const { values: v, client, platform, snapshot } = ctx;
  const ref = { mailbox: v.mailbox, calendarId: v.calendarId };
  const zone = v.outputTimeZone?.name;
  const startTime = v.startTime ?? f.DEFAULT_START;
  const from = floorSecond((timeOf(loadSnapshot(snapshot, 'modified', startTime).snapshot.since) ?? 0) - LOOKBACK_SECONDS * 1000);
  const title = kind === 'created' ? '"Event Created (real-time)" trigger' : '"Event Updated (real-time)" trigger';
  await poll<PolledEvent>({
    ctx: platform, client, snapshot,
    config: pollingConfig({ mailbox: v.mailbox, startTime, emitBehavior: 'emitIndividually', lookbackSeconds: LOOKBACK_SECONDS }, undefined),
    target: `${kind === 'created' ? 'new' : 'changed'} events of ${v.calendarId ? `calendar ${v.calendarId}` : 'the default calendar'}${v.mailbox ? ` of ${v.mailbox}` : ''}`,
    source: {
      title,
      noun: 'events',
      pageSize: EVENT_PAGE,
      modifiedSince: (since, top) => eventsModifiedSince({ ...ref, since, top, zone }),
      linkHeaders: zone ? () => preferHeaders(zonePreference(zone)) as Record<string, string> : undefined,
      ...(kind === 'created'
        ? {
          accepts: (event: PolledEvent) => (timeOf(event.createdDateTime) ?? -Infinity) >= from,
          // One state per id: an event already emitted is not emitted again by this trigger, whatever changes.
          fingerprint: () => CREATED,
          toBody: async (event: PolledEvent) => withoutODataKeys(event),
        }
        : {
          fingerprint: (event: PolledEvent) => fingerprintOf(visibleState(event)),
          toBody: async (event: PolledEvent) => withoutODataKeys(event),
          // A creation is remembered (its visible state), not emitted: a later version that shows nothing new is then left out too.
          toBodies: async (event: PolledEvent) => (isCreationVersion(event) ? [] : [withoutODataKeys(event)]),
        }),
    },
  });
}
