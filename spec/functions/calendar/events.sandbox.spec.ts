/**
 * The event and calendar actions against the in-process Graph sandbox: what each changes in the mailbox, the
 * occurrence of a series addressed by its original start, and the refusals Graph documents.
 */
import assert from 'node:assert/strict';
import * as cancelEvent from '../../../lib/functions/calendar/cancelEvent';
import * as createCalendar from '../../../lib/functions/calendar/createCalendar';
import * as deleteCalendar from '../../../lib/functions/calendar/deleteCalendar';
import * as deleteEvent from '../../../lib/functions/calendar/deleteEvent';
import * as forwardEvent from '../../../lib/functions/calendar/forwardEvent';
import * as getEvent from '../../../lib/functions/calendar/getEvent';
import * as getEvents from '../../../lib/functions/calendar/getEvents';
import * as respondToEvent from '../../../lib/functions/calendar/respondToEvent';
import * as updateCalendar from '../../../lib/functions/calendar/updateCalendar';
import * as updateEvent from '../../../lib/functions/calendar/updateEvent';
import { ConfigurationError } from '../../../lib/outlook/errors';
import { calendarClient } from '../support/calendar';
import { useSandbox } from '../support/sandbox';

const COLLEAGUE = { emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@contoso.onmicrosoft.com' } };
/** Weekly on Tuesday 09:00 Berlin time from 2026-11-24 (the sandbox clock is 2026-11-23), four times. */
const SERIES = {
  subject: 'Weekly sync', start: { dateTime: '2026-11-24T09:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-11-24T09:30:00', timeZone: 'Europe/Berlin' },
  attendees: [{ type: 'required' as const, ...COLLEAGUE }],
  recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }, range: { type: 'numbered', startDate: '2026-11-24', numberOfOccurrences: 4 } },
};
const RANGE = { start: '2026-11-23T00:00:00Z', end: '2026-12-31T00:00:00Z' };

describe('event and calendar actions against the Graph sandbox', () => {
  const world = useSandbox();

  /** Created through Graph (POST), so that the sandbox derives the series' type as Graph does. */
  async function series(): Promise<string> {
    return String((await calendarClient(world.sb).create(SERIES)).id);
  }

  async function occurrences(): Promise<Array<Record<string, unknown>>> {
    const { data, error } = await world.run(getEvents, { ...RANGE, subjectContains: 'Weekly' });
    assert.equal(error, undefined);
    return data;
  }

  it('Update Event changes only the given properties; Get Event reads them back in the output zone', async () => {
    const id = world.sb.store.addEvent({ subject: 'Planning', location: { displayName: 'Room 1' }, showAs: 'tentative',
      start: { dateTime: '2026-11-25T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-11-25T11:00:00', timeZone: 'UTC' } }).id ?? '';
    const updated = await world.run(updateEvent, { eventId: id, subject: 'Planning (moved)', start: { dateTime: '2026-11-25T14:00', timeZone: 'Europe/Berlin' }, durationMinutes: 30, addAttendees: 'dana@contoso.com' });
    assert.equal(updated.error, undefined, updated.error?.message);
    const { data } = await world.run(getEvent, { eventId: id, outputTimeZone: 'Europe/Berlin' });
    const event = data[0];
    assert.equal(event.subject, 'Planning (moved)');
    assert.deepEqual(event.start, { dateTime: '2026-11-25T14:00:00.0000000', timeZone: 'Europe/Berlin' });
    assert.deepEqual(event.end, { dateTime: '2026-11-25T14:30:00.0000000', timeZone: 'Europe/Berlin' });
    assert.equal((event.location as { displayName: string }).displayName, 'Room 1');
    assert.equal(event.showAs, 'tentative');
    assert.deepEqual((event.attendees as Array<{ emailAddress: { address: string } }>).map((a) => a.emailAddress.address), ['dana@contoso.com']);
  });

  it('Get Event stores the event\'s file attachments in object storage', async () => {
    const id = world.sb.store.addEvent({ subject: 'Offsite', start: { dateTime: '2026-11-25T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-11-25T11:00:00', timeZone: 'UTC' } }).id ?? '';
    const posted = await fetch(`${world.sb.url}/v1.0/me/events/${encodeURIComponent(id)}/attachments`, {
      method: 'POST', headers: { Authorization: `Bearer ${world.sb.issueToken().access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ '@odata.type': '#microsoft.graph.fileAttachment', name: 'agenda.txt', contentType: 'text/plain', contentBytes: Buffer.from('1. Budget').toString('base64') }),
    });
    assert.equal(posted.status, 201);
    const { data, error } = await world.run(getEvent, { eventId: id, includeAttachments: true });
    assert.equal(error, undefined, error?.message);
    const [stored] = data[0].attachments as Array<{ name: string; size: number; url: string }>;
    assert.deepEqual([stored.name, stored.size], ['agenda.txt', 9]);
    const objectId = decodeURIComponent(stored.url.split('/objects/')[1].split('?')[0]);
    assert.equal(String(world.sb.objects.get(objectId)?.content), '1. Budget');
  });

  it('Get Event and Update Event say "not found" for the id of a message (an id of the wrong kind), changing nothing', async () => {
    const messageId = world.sb.store.addMessage('inbox', { subject: 'Not an event' }).id ?? '';
    const read = await world.run(getEvent, { eventId: messageId });
    assert.match(String(read.error?.message), /^Event .* not found in mailbox of the signed-in user \(\d{3} Error(ItemNotFound|InvalidIdMalformed)/);
    const update = await world.run(updateEvent, { eventId: messageId, subject: 'x' });
    assert.match(String(update.error?.message), /^Event .* not found/);
    assert.equal(world.sb.store.message(messageId)?.subject, 'Not an event');
  });

  it('Get Events expands the series into occurrences in a range, and lists the series once without one', async () => {
    await series();
    const list = await occurrences();
    assert.deepEqual(list.map((e) => e.type), ['occurrence', 'occurrence', 'occurrence', 'occurrence']);
    const masters = await world.run(getEvents, { subjectContains: 'Weekly' });
    assert.deepEqual(masters.data.map((e) => e.type), ['seriesMaster']);
  });

  it('Update Event changes one occurrence by series id and original start; the others stay', async () => {
    const id = await series();
    const run = await world.run(updateEvent, { eventId: id, occurrenceStart: { dateTime: '2026-12-01T09:00', timeZone: 'Europe/Berlin' }, subject: 'Weekly sync (in Room 7)', location: 'Room 7' });
    assert.equal(run.error, undefined, run.error?.message);
    assert.equal(run.data[0].type, 'exception');
    assert.deepEqual((await occurrences()).map((e) => e.subject), ['Weekly sync', 'Weekly sync (in Room 7)', 'Weekly sync', 'Weekly sync']);
  });

  it('names Occurrence Start when the series has no occurrence then', async () => {
    const id = await series();
    const run = await world.run(deleteEvent, { eventId: id, occurrenceStart: '2026-12-02T08:00:00Z' });
    assert.ok(run.error instanceof ConfigurationError, run.error?.message);
    assert.equal(run.error.field, 'Occurrence Start (occurrenceStart)');
    assert.equal((await occurrences()).length, 4);
  });

  it('Delete Event deletes one occurrence; reading it then answers not found', async () => {
    const id = await series();
    const run = await world.run(deleteEvent, { eventId: id, occurrenceStart: '2026-12-08T08:00:00Z' });
    assert.equal(run.error, undefined, run.error?.message);
    assert.equal((await occurrences()).length, 3);
    const read = await world.run(getEvent, { eventId: String(run.data[0].eventId) });
    assert.match(String(read.error?.message), /not found .*404 ErrorItemNotFound/);
  });

  it('Cancel Event cancels the organizer\'s series once, with the comment to the attendees; a redelivery sends nothing more', async () => {
    const id = await series();
    const first = await world.run(cancelEvent, { eventId: id, comment: 'No more syncs.' });
    assert.equal(first.error, undefined, first.error?.message);
    const sent = world.sb.store.sentMail().filter((m) => m.subject === 'Canceled: Weekly sync');
    assert.deepEqual(sent.map((m) => m.body?.content), ['No more syncs.']);
    assert.equal((await occurrences()).length, 0);
    const again = await world.run(cancelEvent, { eventId: id, comment: 'No more syncs.' }, { id: 'in-redelivered' });
    assert.match(String(again.error?.message), /not found/);
    assert.equal(world.sb.store.sentMail().filter((m) => m.subject === 'Canceled: Weekly sync').length, 1);
  });

  it('Cancel Event refuses an invitation of someone else\'s and Respond to Invitation declines it with a proposal', async () => {
    const id = world.sb.store.addEvent({
      subject: 'Budget', start: { dateTime: '2026-11-26T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-11-26T11:00:00', timeZone: 'UTC' },
      organizer: COLLEAGUE, isOrganizer: false, responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
    }).id ?? '';
    const cancel = await world.run(cancelEvent, { eventId: id });
    assert.match(String(cancel.error?.message), /^Only the organizer can cancel the meeting "Budget"/);
    const respond = await world.run(respondToEvent, { eventId: id, response: 'decline', comment: 'Next week?', proposedNewTime: { start: '2026-12-03T10:00:00Z', end: '2026-12-03T11:00:00Z' } });
    assert.equal(respond.error, undefined, respond.error?.message);
    assert.equal((world.sb.store.event(id)?.responseStatus as { response: string }).response, 'declined');
    assert.deepEqual(world.sb.store.sentMail().filter((m) => m.subject === 'Declined: Budget').map((m) => m.body?.content), ['Next week?']);
    world.sb.store.updateEvent(id, { allowNewTimeProposals: false });
    const refused = await world.run(respondToEvent, { eventId: id, response: 'tentativelyAccept', proposedNewTime: { start: '2026-12-03T10:00:00Z', end: '2026-12-03T11:00:00Z' } });
    assert.ok(refused.error instanceof ConfigurationError);
    assert.equal(refused.error.field, 'Proposed New Time (proposedNewTime)');
  });

  it('Forward Event sends the invitation to the recipients with the comment', async () => {
    const id = await series();
    const run = await world.run(forwardEvent, { eventId: id, toRecipients: 'Dana <dana@contoso.com>', comment: 'Join us' });
    assert.equal(run.error, undefined, run.error?.message);
    const sent = world.sb.store.sentMail().filter((m) => m.subject === 'FW: Weekly sync');
    assert.deepEqual(sent.map((m) => [m.toRecipients?.[0].emailAddress?.address, m.body?.content]), [['dana@contoso.com', 'Join us']]);
  });

  it('creates, renames and deletes a calendar; a name in use and the default calendar are refused', async () => {
    const created = await world.run(createCalendar, { name: 'Projects', color: 'lightGreen' });
    assert.equal(created.error, undefined, created.error?.message);
    const id = String(created.data[0].id);
    assert.match(String((await world.run(createCalendar, { name: 'projects' })).error?.message), /A calendar named "projects" already exists/);
    const renamed = await world.run(updateCalendar, { calendarId: id, name: 'Projects 2027', color: 'lightTeal' });
    assert.deepEqual([renamed.data[0].name, renamed.data[0].color], ['Projects 2027', 'lightTeal']);
    world.sb.store.addEvent({ calendarId: id, subject: 'Kick-off', start: { dateTime: '2026-11-26T10:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-11-26T11:00:00', timeZone: 'UTC' } });
    const all = await world.run(getEvents, { allCalendars: true });
    assert.deepEqual(all.data.map((e) => [e.subject, e.calendarId]), [['Kick-off', id]]);
    const deleted = await world.run(deleteCalendar, { calendarId: id });
    assert.deepEqual(deleted.data, [{ deleted: true, calendarId: id, name: 'Projects 2027' }]);
    assert.equal(world.sb.store.events().length, 0);
    const primary = world.sb.store.calendars().find((c) => c.isDefaultCalendar)?.id ?? '';
    const refused = await world.run(deleteCalendar, { calendarId: primary });
    assert.ok(refused.error instanceof ConfigurationError);
    assert.equal(refused.error.field, 'Calendar (calendarId)');
  });
});
