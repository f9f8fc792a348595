/** "Event Created (real-time)": each event created in a calendar, on Graph's change notifications. */
import { defineWebhookTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { CALENDARS_READ } from '../../platform/permissions';
import { PICKERS } from '../pickers';
import { WEBHOOK_DOCS, WEBHOOK_HELP, ownMailboxOnly } from '../webhookFields';
import { catchUpEvents, eventSubscription, eventWebhookParams } from './eventWebhooks';
import { EVENT_EXAMPLE, polledEvent } from './triggerShapes';

const definition = defineWebhookTrigger({
  key: 'eventCreatedWebhook',
  title: 'Event Created (real-time)',
  description: 'Emits each event created in a calendar, once, as soon as Microsoft Graph notifies the flow',
  help: 'Emits every event created in the calendar (by you, or an invitation that arrives), once, with the properties of "New or Updated Events"; '
    + `its later changes are not emitted.${WEBHOOK_HELP}`,
  docs: [...WEBHOOK_DOCS, 'https://learn.microsoft.com/graph/api/user-list-events'],
  permissions: [ownMailboxOnly(CALENDARS_READ)],
  params: eventWebhookParams,
  output: polledEvent,
  example: { config: { calendarId: '', outputTimeZone: 'Europe/Berlin' }, output: EVENT_EXAMPLE },
  subscription: (v) => eventSubscription(v, 'created'),
  catchUp: (ctx) => catchUpEvents('created', ctx),
});

export = functionModule(definition, PICKERS);
