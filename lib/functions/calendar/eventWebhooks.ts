/**
 * What "Event Created (real-time)" and "Event Updated (real-time)" share: their subscription, their parameters and
 * their catch-up, which reads the calendar by lastModifiedDateTime exactly as "New or Updated Events" does and
 * tells a creation from an update.
 */
import { mailboxRoot, segment } from '../../graph/paths';
import { EVENT_PAGE, PolledEvent, eventsModifiedSince, preferHeaders, visibleState, zonePreference } from '../../outlook/calendar/changes';
import { withoutODataKeys } from '../../outlook/items';
import type { TriggerContext, WebhookSubscription } from '../../platform/definition';
import { place } from '../../platform/params';
import { poll, pollingConfig } from '../../platform/polling/engine';
import { fingerprintOf } from '../../platform/polling/memory';
import { loadSnapshot } from '../../platform/polling/snapshot';
import * as f from '../fields';
import { safetyTickMinutes, webhookStart } from '../webhookFields';
import { triggerCalendar } from './triggerFields';

const LOOKBACK_SECONDS = 5;
/** The one state Event Created remembers per event (a fingerprint, as the shown-state memory stores them). */
const CREATED = fingerprintOf('created');

export const eventWebhookParams = {
  calendarId: place(triggerCalendar, 'config'),
  outputTimeZone: place(f.outputTimeZone, 'config'),
  startTime: place(webhookStart, 'config'),
  safetyTickMinutes: place(safetyTickMinutes, 'config').withDefault(15),
  mailbox: place(f.mailbox, 'config'),
};

interface EventValues { calendarId?: string; outputTimeZone?: { name: string }; startTime?: string; mailbox?: string }

export function eventSubscription(v: EventValues, changeType: 'created' | 'updated'): WebhookSubscription {
  const root = mailboxRoot(v.mailbox).slice(1);
  return { resource: v.calendarId ? `${root}/calendars/${segment(v.calendarId, 'Calendar')}/events` : `${root}/calendar/events`, changeType };
}

function ms(text: unknown): number {
  return typeof text === 'string' ? Date.parse(text) : NaN;
}

/** Graph stamps a new event with the same createdDateTime and lastModifiedDateTime (whole seconds apart at most). */
export function isCreationVersion(event: PolledEvent): boolean {
  return Math.floor(ms(event.lastModifiedDateTime) / 1000) <= Math.floor(ms(event.createdDateTime) / 1000);
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
  const from = Math.floor((ms(loadSnapshot(snapshot, 'modified', startTime).snapshot.since) - LOOKBACK_SECONDS * 1000) / 1000) * 1000;
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
          accepts: (event: PolledEvent) => ms(event.createdDateTime) >= from,
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
