/** Fields every webhook (real-time) trigger has. */
import { DEFAULT_TICK_MINUTES } from '../platform/webhook/step';
import { FieldSpec, place } from '../platform/params';
import type { Permission } from '../platform/permissions';
import * as f from './fields';

const safetyTickMinutes = f.integer('Safety Check (minutes)', {
  min: 1, max: 1440,
  help: 'How often the step reads what changed even without a notification, and checks its Graph subscription. Default 15',
});

const webhookStart: FieldSpec<string> = {
  ...f.startTime,
  help: 'First message of the step only: changes at or after this ISO 8601 date-time. Default: one minute before the step first ran',
};

/** The parameters every webhook trigger ends with. */
export const WEBHOOK_PARAMS = {
  startTime: place(webhookStart, 'config'),
  safetyTickMinutes: place(safetyTickMinutes, 'config').withDefault(DEFAULT_TICK_MINUTES),
  mailbox: place(f.mailbox, 'config'),
};

/** The Graph pages every webhook trigger's reference links to, before the list it reads. */
export const WEBHOOK_DOCS = ['https://learn.microsoft.com/graph/api/subscription-post-subscriptions', 'https://learn.microsoft.com/graph/change-notifications-delivery-webhooks'];

/** What the help of every webhook trigger says about how it works. */
export const WEBHOOK_HELP = ' Real-time flows only: Microsoft Graph notifies the flow\'s webhook URL; each notification makes the step read what '
  + 'changed since its last position, so a lost, repeated or late notification loses or repeats nothing';

/**
 * A subscription with a signed-in user watches that user's own mailbox only: the `.Shared` permissions do not support
 * change notifications (learn.microsoft.com/graph/outlook-share-messages-folders).
 */
export function ownMailboxOnly(permission: Permission): Permission {
  return { ...permission, shared: [] };
}
