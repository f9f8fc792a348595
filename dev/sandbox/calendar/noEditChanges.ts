/**
 * Exchange stamps calendar events with a new lastModifiedDateTime and changeKey about once a day without any edit
 * (microsoft-graph-docs-contrib#2856: the same event, nothing changed, two versions a day apart; the delta query
 * reports each). With the `eventsDailyNoEditChange` knob, the first Graph request to a mailbox on a later UTC day than
 * the previous one gives every event of that mailbox such a version. UNCONFIRMED: which events Exchange touches (all
 * here) and when in the day (the moment of that request here).
 */
import type { SandboxCore } from '../core';
import type { Store } from '../store/Store';

const DAY = 86_400_000;

export function applyDailyNoEditChanges(core: SandboxCore, store: Store): void {
  if (!core.behaviour.current().eventsDailyNoEditChange) return;
  const lastDay = core.state('eventsDailyNoEditChange', () => new Map<Store, number>());
  const today = Math.floor(core.clock.now() / DAY);
  const last = lastDay.get(store);
  lastDay.set(store, today);
  if (last !== undefined && last < today) store.touchEvents();
}
