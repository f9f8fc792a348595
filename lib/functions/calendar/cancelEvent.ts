/** Cancel Event: the organizer cancels a meeting, a series or one occurrence, with a comment to the attendees. */
import { cancelEvent, getEvent, notOrganizer } from '../../outlook/calendar/eventItems';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj, str } from '../shapes';
import { EVENT_ID_EXAMPLE, checkOccurrenceStart, comment, eventId, occurrenceStart, targetEvent } from './eventFields';

const definition = defineAction({
  key: 'cancelEvent',
  title: 'Cancel Event',
  description: 'Cancels a meeting you organise (a series or one occurrence) and sends the attendees a cancellation with your comment',
  help: 'Only the organizer can cancel: the event is read first, and an invitation you received is refused with a hint (decline it with '
    + 'Respond to Invitation instead). Graph sends the cancellation with the Comment and moves the event to Deleted Items. A meeting '
    + 'already cancelled is not cancelled again (a redelivered message sends no second cancellation). One occurrence: its own id, or the '
    + 'series id with Occurrence Start',
  docs: ['https://learn.microsoft.com/graph/api/event-cancel', 'https://learn.microsoft.com/graph/api/event-list-instances'],
  permissions: [CALENDARS_WRITE],
  params: {
    eventId: place(eventId, 'input').required().keys({ aliases: ['id'] }),
    occurrenceStart: place(occurrenceStart, 'input'),
    comment: place(comment, 'input'),
    timeZone: place(f.timeZoneField, 'both').as({ help: 'Of Occurrence Start when it names no zone or offset; IANA name; default UTC' }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Cancellation', {
    cancelled: bool('Cancelled'), alreadyCancelled: bool('Was already cancelled (nothing sent)'), eventId: str('Event ID cancelled', { required: true }),
    seriesId: str('Series ID (with Occurrence Start)'), subject: str('Subject'),
  }),
  example: {
    input: { eventId: EVENT_ID_EXAMPLE, comment: 'Sorry, we have to call this one off.' },
    output: { cancelled: true, alreadyCancelled: false, eventId: EVENT_ID_EXAMPLE, subject: 'Quarterly review' },
  },
  async run({ values: v, client, log, out, field }) {
    const target = { mailbox: v.mailbox, eventId: v.eventId, occurrenceStart: v.occurrenceStart, timeZone: v.timeZone };
    checkOccurrenceStart(target, field('occurrenceStart'));
    const id = await targetEvent(client, target, { occurrenceStart: field('occurrenceStart') });
    const ref = { mailbox: v.mailbox, eventId: id };
    const current = await getEvent(client, { ...ref, select: ['id', 'subject', 'isOrganizer', 'isCancelled', 'type'] });
    const result = { eventId: id, ...(id === v.eventId ? {} : { seriesId: v.eventId }), ...(typeof current.subject === 'string' ? { subject: current.subject } : {}) };
    if (current.isCancelled === true) {
      log.info('The meeting is already cancelled; nothing sent');
      await out.item({ cancelled: true, alreadyCancelled: true, ...result });
      return;
    }
    if (current.isOrganizer === false) throw notOrganizer(ref, current.subject);
    await cancelEvent(client, { ...ref, comment: v.comment });
    log.info(`Cancelled ${id === v.eventId ? 'a meeting' : 'one occurrence of a series'}${v.comment ? ' with a comment' : ''}`);
    await out.item({ cancelled: true, alreadyCancelled: false, ...result });
  },
});

export = functionModule(definition, PICKERS);
