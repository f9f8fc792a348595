/** Get Event: one event by id, start and end in a chosen zone, optionally with its attachments in object storage. */
import { getEvent } from '../../outlook/calendar/eventItems';
import { exportAttachments } from '../../platform/attachments/export';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { event, list, obj, storedFile, str } from '../shapes';
import { EVENT_ID_EXAMPLE, eventId } from './eventFields';

const definition = defineAction({
  key: 'getEvent',
  title: 'Get Event',
  description: 'Reads one event, series or occurrence by its id, start and end in the time zone you choose, optionally with its attachments',
  help: 'Reads the event with the given id (a single event, a series master or one occurrence). Start and end are given in the Output Time Zone '
    + '(Graph converts them: Prefer: outlook.timezone). Include Attachments stores each file attachment in object storage (an attached mail, '
    + 'event or contact as .eml, .ics or .vcf) and adds <b>attachments</b>',
  docs: ['https://learn.microsoft.com/graph/api/event-get', 'https://learn.microsoft.com/graph/api/event-list-attachments'],
  permissions: [CALENDARS_READ],
  params: {
    eventId: place(eventId, 'input').required().keys({ aliases: ['id'] }),
    outputTimeZone: place(f.outputTimeZone, 'both'),
    includeAttachments: place(f.checkbox('Include Attachments', {
      help: 'Stores each attachment in object storage and adds <b>attachments</b> (name, contentType, size, url)',
    }), 'both').withDefault(false),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Event', {
    ...event.properties, type: str('Type', { enum: ['singleInstance', 'occurrence', 'exception', 'seriesMaster'] }), seriesMasterId: str('Series ID'),
    originalStart: str('Original start (occurrences)'), attachments: list('Attachments (with Include Attachments)', storedFile),
  }),
  example: {
    input: { eventId: EVENT_ID_EXAMPLE, outputTimeZone: 'Europe/Berlin' },
    output: {
      id: EVENT_ID_EXAMPLE, subject: 'Quarterly review', type: 'singleInstance',
      start: { dateTime: '2026-12-03T16:00:00.0000000', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-03T17:30:00.0000000', timeZone: 'Europe/Berlin' },
      location: { displayName: 'Room 2' }, showAs: 'busy', webLink: 'https://outlook.office365.com/owa/?itemid=AAMkAGVmMDEz…&exvsurl=1&path=/calendar/item',
    },
  },
  async run({ values: v, client, log, out }) {
    const zone = v.outputTimeZone?.name;
    const result: Record<string, unknown> = { ...await getEvent(client, { mailbox: v.mailbox, eventId: v.eventId, zone }) };
    if (v.includeAttachments && result.hasAttachments === true) {
      const stored = [];
      const ref = { mailbox: v.mailbox, messageId: String(result.id), collection: 'events' as const };
      const link = typeof result.webLink === 'string' ? result.webLink : undefined;
      for await (const a of exportAttachments(client, ref, { includeInline: false, itemFormat: 'file', messageLink: link })) stored.push(a);
      result.attachments = stored;
    } else if (v.includeAttachments) {
      result.attachments = [];
    }
    log.info(`Read an event (${String(result.type ?? 'event')})${v.includeAttachments ? `, ${(result.attachments as unknown[]).length} attachments stored` : ''}`);
    await out.item(result);
  },
});

export = functionModule(definition, PICKERS);
