/** "Event Updated (real-time)": each event updated in a calendar, on Graph's change notifications. */
import { defineWebhookTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { CALENDARS_READ } from '../../platform/permissions';
import { PICKERS } from '../pickers';
import { WEBHOOK_DOCS, WEBHOOK_HELP, ownMailboxOnly } from '../webhookFields';
import { catchUpEvents, eventSubscription, eventWebhookParams } from './eventWebhooks';
import { EVENT_EXAMPLE, polledEvent } from './triggerShapes';

const definition = defineWebhookTrigger({
  key: 'eventUpdatedWebhook',
  title: 'Event Updated (real-time)',
  description: 'Emits each change to an event of a calendar, once, as soon as Microsoft Graph notifies the flow; not its creation',
  help: 'Emits every new version of an event of the calendar, once, with the properties of "New or Updated Events"; the event\'s creation is '
    + 'not emitted, nor a version Exchange makes without changing anything visible (such as its daily re-stamp). '
    + `An edit within the same second as the creation counts as part of the creation.${WEBHOOK_HELP}`,
  docs: [...WEBHOOK_DOCS, 'https://learn.microsoft.com/graph/api/user-list-events'],
  permissions: [ownMailboxOnly(CALENDARS_READ)],
  params: eventWebhookParams,
  output: polledEvent,
  example: { config: { calendarId: '', outputTimeZone: 'Europe/Berlin' }, output: EVENT_EXAMPLE },
  subscription: (v) => eventSubscription(v, 'updated'),
  catchUp: (ctx) => catchUpEvents('updated', ctx),
});

export = functionModule(definition, PICKERS);
