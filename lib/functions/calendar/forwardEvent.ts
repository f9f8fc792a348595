/** Forward Event: passes a meeting invitation on to other people, with a comment. */
import { forwardEvent } from '../../outlook/calendar/eventItems';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj, recipients, str } from '../shapes';
import { EVENT_ID_EXAMPLE, comment, eventId } from './eventFields';

const definition = defineAction({
  key: 'forwardEvent',
  title: 'Forward Event',
  description: 'Forwards a meeting invitation to other people with a comment',
  help: 'Sends the meeting request to the recipients. Forwarded by an attendee of a Microsoft 365 mailbox, Graph also tells the organizer and '
    + 'adds the recipients to the organizer\'s copy of the meeting (not for Outlook.com accounts). Graph offers no way to recognise a forward '
    + 'already sent, so a redelivered message forwards again',
  docs: ['https://learn.microsoft.com/graph/api/event-forward'],
  // event-forward lists Calendars.Read as its least privileged permission.
  permissions: [CALENDARS_READ],
  params: {
    eventId: place(eventId, 'input').required().keys({ aliases: ['id'] }),
    toRecipients: place(f.recipients('To', { help: 'Addresses separated by , or ; (or a list, or {address, name} objects)' }), 'input').required().keys({ aliases: ['to'] }),
    comment: place(comment, 'input'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Forward', { forwarded: bool('Forwarded'), eventId: str('Event ID', { required: true }), toRecipients: recipients('To') }),
  example: {
    input: { eventId: EVENT_ID_EXAMPLE, toRecipients: 'Megan Bowen <megan.bowen@contoso.onmicrosoft.com>', comment: 'Megan, can you join us?' },
    output: { forwarded: true, eventId: EVENT_ID_EXAMPLE, toRecipients: [{ emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@contoso.onmicrosoft.com' } }] },
  },
  async run({ values: v, client, log, out }) {
    await forwardEvent(client, { mailbox: v.mailbox, eventId: v.eventId, toRecipients: v.toRecipients, comment: v.comment });
    log.info(`Forwarded an event to ${v.toRecipients.length} recipients`);
    await out.item({ forwarded: true, eventId: v.eventId, toRecipients: v.toRecipients });
  },
});

export = functionModule(definition, PICKERS);
