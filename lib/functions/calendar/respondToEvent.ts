/** Respond to Invitation: accept, tentatively accept or decline a meeting, with a comment and, where Graph allows, a new time. */
import { getEvent, respondToEvent } from '../../outlook/calendar/eventItems';
import { ConfigurationError } from '../../outlook/errors';
import { fields as objectOf, nested } from '../../outlook/values/text';
import { ZonedInput, checkOrder, parseZonedInput, resolveZoned } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, dateTimeTimeZone, obj, str } from '../shapes';
import { EVENT_ID_EXAMPLE, checkOccurrenceStart, comment, eventId, occurrenceStart, targetEvent } from './eventFields';

const response = f.choice('Response', { accept: 'Accept', tentativelyAccept: 'Tentatively accept', decline: 'Decline' } as const, {
  help: 'Your answer to the organizer',
});

/** `{start, end}`, each a date-time as Start takes it; interpreted in the function's time zone. */
const proposedNewTime = f.shaped('Proposed New Time', {
  type: 'object', properties: { start: { type: 'string', title: 'Start' }, end: { type: 'string', title: 'End' } },
}, (value, name): { start: ZonedInput; end: ZonedInput } | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const o = objectOf(value, name);
  const start = parseZonedInput(o.start, nested(name, '.start'));
  const end = parseZonedInput(o.end, nested(name, '.end'));
  if (!start) throw new ConfigurationError(nested(name, '.start'), 'is required');
  if (!end) throw new ConfigurationError(nested(name, '.end'), 'is required');
  return { start, end };
}, {
  help: 'With Tentatively accept or Decline: {"start": "2026-12-02T18:00", "end": "2026-12-02T19:00"} (or {dateTime, timeZone} each), if the organizer allows proposals',
  invalid: { start: 'tomorrow' },
});

const definition = defineAction({
  key: 'respondToEvent',
  title: 'Respond to Invitation',
  description: 'Accepts, tentatively accepts or declines a meeting invitation, with a comment, optionally proposing a new time',
  help: 'Answers the invitation (an event you did not organise; a series, or one occurrence by its id or by the series id with Occurrence '
    + 'Start). Send Response false answers without telling the organizer. Proposed New Time is possible only with Tentatively accept or '
    + 'Decline, only when the response is sent, and only when the organizer allows new time proposals (the event is read first to check)',
  docs: ['https://learn.microsoft.com/graph/api/event-accept', 'https://learn.microsoft.com/graph/api/event-tentativelyaccept',
    'https://learn.microsoft.com/graph/api/event-decline', 'https://learn.microsoft.com/graph/outlook-calendar-meeting-proposals'],
  permissions: [CALENDARS_WRITE],
  params: {
    eventId: place(eventId, 'input').required().keys({ aliases: ['id'] }),
    occurrenceStart: place(occurrenceStart, 'input'),
    response: place(response, 'both').required(),
    comment: place(comment, 'input'),
    sendResponse: place(f.checkbox('Send Response', { help: 'Tell the organizer (default true)' }), 'both').withDefault(true),
    proposedNewTime: place(proposedNewTime, 'input'),
    timeZone: place(f.timeZoneField, 'both').as({ help: 'Of the proposed times and Occurrence Start when they name no zone; IANA or Windows name; default UTC' }),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Response', {
    responded: bool('Responded'), response: str('Response', { enum: ['accept', 'tentativelyAccept', 'decline'] }), eventId: str('Event ID', { required: true }),
    sendResponse: bool('Response sent to the organizer'), proposedNewTime: obj('Proposed new time', { start: dateTimeTimeZone('Start'), end: dateTimeTimeZone('End') }),
  }),
  example: {
    input: { eventId: EVENT_ID_EXAMPLE, response: 'tentativelyAccept', comment: 'Could we move it by a day?', proposedNewTime: { start: '2026-12-04T16:00', end: '2026-12-04T17:30' }, timeZone: 'Europe/Berlin' },
    output: {
      responded: true, response: 'tentativelyAccept', eventId: EVENT_ID_EXAMPLE, sendResponse: true,
      proposedNewTime: { start: { dateTime: '2026-12-04T16:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-04T17:30:00', timeZone: 'Europe/Berlin' } },
    },
  },
  async run({ values: v, client, log, out, field }) {
    let proposal;
    if (v.proposedNewTime) {
      if (v.response === 'accept') throw new ConfigurationError(field('proposedNewTime'), `is possible only with ${field('response')} tentativelyAccept or decline (Graph's accept takes no new time)`);
      if (!v.sendResponse) throw new ConfigurationError(field('proposedNewTime'), `needs ${field('sendResponse')} true: the proposal travels with the response`);
      const zones = [v.timeZone];
      proposal = {
        start: resolveZoned(v.proposedNewTime.start, zones, nested(field('proposedNewTime'), '.start')),
        end: resolveZoned(v.proposedNewTime.end, zones, nested(field('proposedNewTime'), '.end')),
      };
      checkOrder(proposal.start, proposal.end, nested(field('proposedNewTime'), '.end'));
    }
    const target = { mailbox: v.mailbox, eventId: v.eventId, occurrenceStart: v.occurrenceStart, timeZone: v.timeZone };
    checkOccurrenceStart(target, field('occurrenceStart'));
    const id = await targetEvent(client, target, { occurrenceStart: field('occurrenceStart') });
    const ref = { mailbox: v.mailbox, eventId: id };
    if (proposal) {
      const current = await getEvent(client, { ...ref, select: ['id', 'allowNewTimeProposals', 'isOrganizer'] });
      if (current.allowNewTimeProposals === false) {
        throw new ConfigurationError(field('proposedNewTime'), 'the organizer of this meeting does not allow new time proposals; respond without one (perhaps with a comment)');
      }
    }
    await respondToEvent(client, { ...ref, response: v.response, body: { ...(v.comment === undefined ? {} : { comment: v.comment }), sendResponse: v.sendResponse, ...(proposal ? { proposedNewTime: proposal } : {}) } });
    log.info(`Responded ${v.response}${v.sendResponse ? '' : ' without telling the organizer'}${proposal ? ', proposing a new time' : ''}`);
    await out.item({ responded: true, response: v.response, eventId: id, sendResponse: v.sendResponse, ...(proposal ? { proposedNewTime: proposal } : {}) });
  },
});

export = functionModule(definition, PICKERS);
