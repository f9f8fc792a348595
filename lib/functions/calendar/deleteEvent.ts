/** Delete Event: removes an event, a whole series or one occurrence of it from the calendar. */
import { deleteEvent } from '../../outlook/calendar/eventItems';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj, str } from '../shapes';
import { EVENT_ID_EXAMPLE, checkOccurrenceStart, eventId, occurrenceStart, targetEvent } from './eventFields';

const definition = defineAction({
  key: 'deleteEvent',
  title: 'Delete Event',
  description: 'Deletes an event, a whole series, or one occurrence of a series from the calendar',
  help: 'Moves the event to Deleted Items. The id of a series deletes the whole series; one occurrence is deleted by its own id, or by the '
    + 'series id with Occurrence Start. Deleting a meeting you organise sends the attendees a cancellation (without a comment: use Cancel '
    + 'Event for one); deleting an invitation you received removes it without answering the organizer (use Respond to Invitation to decline)',
  docs: ['https://learn.microsoft.com/graph/api/event-delete', 'https://learn.microsoft.com/graph/api/event-list-instances'],
  permissions: [CALENDARS_WRITE],
  params: {
    eventId: place(eventId, 'input').required().keys({ aliases: ['id'] }),
    occurrenceStart: place(occurrenceStart, 'input'),
    timeZone: place(f.timeZoneField, 'both').as({ help: 'Of Occurrence Start when it names no zone or offset; IANA name; default UTC' }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Deletion', { deleted: bool('Deleted'), eventId: str('Event ID deleted', { required: true }), seriesId: str('Series ID (with Occurrence Start)') }),
  example: { input: { eventId: EVENT_ID_EXAMPLE }, output: { deleted: true, eventId: EVENT_ID_EXAMPLE } },
  async run({ values: v, client, log, out, field }) {
    const target = { mailbox: v.mailbox, eventId: v.eventId, occurrenceStart: v.occurrenceStart, timeZone: v.timeZone };
    checkOccurrenceStart(target, field('occurrenceStart'));
    const id = await targetEvent(client, target, { occurrenceStart: field('occurrenceStart') });
    await deleteEvent(client, { mailbox: v.mailbox, eventId: id });
    log.info(id === v.eventId ? 'Deleted an event' : 'Deleted one occurrence of a series');
    await out.item({ deleted: true, eventId: id, ...(id === v.eventId ? {} : { seriesId: v.eventId }) });
  },
});

export = functionModule(definition, PICKERS);
