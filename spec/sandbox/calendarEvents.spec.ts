/**
 * The sandbox's event actions as Graph documents them: PATCH changes only what is sent (event-update), an occurrence
 * changed on its own becomes an exception and keeps its originalStart (event resource), deleted events and
 * occurrences answer 404, cancel is the organizer's (event-cancel), forward (event-forward), proposedNewTime
 * (event-decline, event-tentativelyaccept), calendar PATCH and DELETE (calendar-update, calendar-delete).
 */
import assert from 'node:assert/strict';
import { GraphErrorBody, GraphItem, T0, sandboxPerTest } from './helpers';

function day(n: number): string {
  return new Date(T0 + n * 86_400_000).toISOString().slice(0, 10);
}

const COLLEAGUE = { emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@contoso.onmicrosoft.com' } };

describe('sandbox event actions', () => {
  const t = sandboxPerTest();

  async function create(body: Record<string, unknown>): Promise<GraphItem> {
    const reply = await t.graph.post('/me/events', body);
    assert.equal(reply.status, 201, reply.text);
    return reply.json<GraphItem>();
  }

  async function errorOf(reply: Promise<{ status: number; json<T>(): T }>): Promise<[number, string]> {
    const r = await reply;
    return [r.status, r.json<GraphErrorBody>().error.code];
  }

  const path = (id: string): string => `/me/events/${encodeURIComponent(id)}`;

  function weekly(): Record<string, unknown> {
    return {
      subject: 'Weekly sync', start: { dateTime: `${day(1)}T09:00:00`, timeZone: 'Europe/Berlin' }, end: { dateTime: `${day(1)}T09:30:00`, timeZone: 'Europe/Berlin' },
      attendees: [{ type: 'required', ...COLLEAGUE }],
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] }, range: { type: 'numbered', startDate: day(1), numberOfOccurrences: 4 } },
    };
  }

  async function occurrences(seriesId: string): Promise<GraphItem[]> {
    return (await t.graph.ok(`${path(seriesId)}/instances?startDateTime=${day(0)}T00:00:00Z&endDateTime=${day(35)}T00:00:00Z`)).value;
  }

  describe('PATCH', () => {
    it('changes only the properties sent', async () => {
      const event = await create({ subject: 'Planning', body: { contentType: 'text', content: 'Agenda' }, location: { displayName: 'Room 1' }, showAs: 'tentative',
        start: { dateTime: `${day(2)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(2)}T11:00:00`, timeZone: 'UTC' }, categories: ['Red'] });
      const reply = await t.graph.patch(path(event.id), { subject: 'Planning (moved)' });
      assert.equal(reply.status, 200);
      const after = await t.graph.ok<GraphItem>(path(event.id));
      assert.equal(after.subject, 'Planning (moved)');
      for (const key of ['location', 'showAs', 'start', 'end', 'categories', 'attendees', 'isAllDay']) assert.deepEqual(after[key], event[key], key);
      assert.equal((after.body as { content: string }).content, 'Agenda');
    });

    it('makes a changed occurrence an exception with its originalStart; the series and the other occurrences stay', async () => {
      const series = await create(weekly());
      const [first, second, third] = await occurrences(series.id);
      assert.equal(second.originalStart, `${day(8)}T08:00:00Z`);
      const reply = await t.graph.patch(path(second.id), { start: { dateTime: `${day(8)}T11:00:00`, timeZone: 'Europe/Berlin' }, end: { dateTime: `${day(8)}T12:00:00`, timeZone: 'Europe/Berlin' }, subject: 'Weekly sync (later)' });
      assert.equal(reply.status, 200, reply.text);
      const changed = reply.json<GraphItem>();
      assert.deepEqual([changed.id, changed.type, changed.seriesMasterId, changed.subject, changed.originalStart],
        [second.id, 'exception', series.id, 'Weekly sync (later)', `${day(8)}T08:00:00Z`]);
      assert.deepEqual(changed.start, { dateTime: `${day(8)}T10:00:00.0000000`, timeZone: 'UTC' });
      const again = await occurrences(series.id);
      assert.deepEqual(again.map((o) => [o.type, o.subject]), [['occurrence', 'Weekly sync'], ['exception', 'Weekly sync (later)'], ['occurrence', 'Weekly sync'], ['occurrence', 'Weekly sync']]);
      assert.deepEqual([again[0].start, again[2].start], [first.start, third.start]);
      assert.equal((await t.graph.ok<GraphItem>(path(series.id))).subject, 'Weekly sync');
    });

    it('refuses a recurrence on an occurrence', async () => {
      const series = await create(weekly());
      const [first] = await occurrences(series.id);
      assert.deepEqual(await errorOf(t.graph.patch(path(first.id), { recurrence: null })), [400, 'ErrorInvalidRequest']);
    });
  });

  describe('404 after deletion', () => {
    it('answers 404 for a deleted event and for a deleted occurrence, while the others remain', async () => {
      const single = await create({ subject: 'x', start: { dateTime: `${day(2)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(2)}T11:00:00`, timeZone: 'UTC' } });
      assert.equal((await t.graph.delete(path(single.id))).status, 204);
      assert.deepEqual(await errorOf(t.graph.get(path(single.id))), [404, 'ErrorItemNotFound']);
      const series = await create(weekly());
      const [, second, third] = await occurrences(series.id);
      assert.equal((await t.graph.delete(path(second.id))).status, 204);
      assert.deepEqual(await errorOf(t.graph.get(path(second.id))), [404, 'ErrorItemNotFound']);
      assert.deepEqual(await errorOf(t.graph.patch(path(second.id), { subject: 'y' })), [404, 'ErrorItemNotFound']);
      assert.equal((await t.graph.get(path(third.id))).status, 200);
      assert.equal((await occurrences(series.id)).length, 3);
    });
  });

  describe('cancel', () => {
    it('lets the organizer cancel with a comment: 202, the attendees get the cancellation, the event leaves the calendar', async () => {
      const series = await create(weekly());
      const reply = await t.graph.post(`${path(series.id)}/cancel`, { comment: 'No more syncs.' });
      assert.equal(reply.status, 202);
      assert.equal(reply.text, '');
      const sent = t.sb.store.sentMail().filter((m) => m.subject === 'Canceled: Weekly sync');
      assert.equal(sent.length, 1);
      assert.equal(sent[0].toRecipients?.[0].emailAddress?.address, COLLEAGUE.emailAddress.address);
      assert.equal(sent[0].body?.content, 'No more syncs.');
      assert.deepEqual(await errorOf(t.graph.get(path(series.id))), [404, 'ErrorItemNotFound']);
    });

    it('cancels one occurrence by its id; the series keeps the others', async () => {
      const series = await create(weekly());
      const [first, second] = await occurrences(series.id);
      assert.equal((await t.graph.post(`${path(first.id)}/cancel`, { comment: 'Not this week' })).status, 202);
      assert.deepEqual((await occurrences(series.id)).map((o) => o.id)[0], second.id);
      assert.equal((await t.graph.get(path(series.id))).status, 200);
    });

    it('refuses an attendee with 400 and Graph\'s message', async () => {
      const invitation = t.sb.store.addEvent({
        subject: 'Their meeting', start: { dateTime: `${day(2)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(2)}T11:00:00`, timeZone: 'UTC' },
        organizer: COLLEAGUE, isOrganizer: false, responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
      });
      const reply = await t.graph.post(`${path(invitation.id ?? '')}/cancel`, { comment: 'x' });
      assert.equal(reply.status, 400);
      assert.match(reply.json<GraphErrorBody>().error.message, /You need to be an organizer to cancel a meeting/);
      assert.equal((await t.graph.get(path(invitation.id ?? ''))).status, 200);
    });
  });

  describe('forward', () => {
    it('sends the meeting request to the recipients with the comment: 202', async () => {
      const event = await create({ subject: 'Demo', start: { dateTime: `${day(2)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(2)}T11:00:00`, timeZone: 'UTC' } });
      const reply = await t.graph.post(`${path(event.id)}/forward`, { toRecipients: [{ emailAddress: { address: 'dana@contoso.com', name: 'Dana' } }], comment: 'Join us' });
      assert.equal(reply.status, 202);
      const sent = t.sb.store.sentMail().filter((m) => m.subject === 'FW: Demo');
      assert.deepEqual(sent.map((m) => [m.toRecipients?.[0].emailAddress?.address, m.body?.content]), [['dana@contoso.com', 'Join us']]);
    });

    it('refuses a forward without recipients', async () => {
      const event = await create({ subject: 'Demo', start: { dateTime: `${day(2)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(2)}T11:00:00`, timeZone: 'UTC' } });
      assert.equal((await t.graph.post(`${path(event.id)}/forward`, { comment: 'x' })).status, 400);
    });
  });

  describe('responses with a proposed new time', () => {
    let id: string;
    const proposal = { start: { dateTime: `${day(3)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(3)}T11:00:00`, timeZone: 'UTC' } };
    beforeEach(() => {
      id = t.sb.store.addEvent({
        subject: 'Their meeting', start: { dateTime: `${day(2)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(2)}T11:00:00`, timeZone: 'UTC' },
        organizer: COLLEAGUE, isOrganizer: false, responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
      }).id ?? '';
    });

    it('takes a proposal with decline and tentativelyAccept, and records the response', async () => {
      assert.equal((await t.graph.post(`${path(id)}/tentativelyAccept`, { proposedNewTime: proposal, sendResponse: true })).status, 202);
      assert.equal(((await t.graph.ok<GraphItem>(path(id))).responseStatus as { response: string }).response, 'tentativelyAccepted');
      assert.equal((await t.graph.post(`${path(id)}/decline`, { proposedNewTime: proposal })).status, 202);
    });

    it('refuses a proposal with accept, without sending the response, or when the organizer allows none', async () => {
      assert.equal((await t.graph.post(`${path(id)}/accept`, { proposedNewTime: proposal })).status, 400);
      assert.equal((await t.graph.post(`${path(id)}/decline`, { proposedNewTime: proposal, sendResponse: false })).status, 400);
      t.sb.store.updateEvent(id, { allowNewTimeProposals: false });
      assert.equal((await t.graph.post(`${path(id)}/decline`, { proposedNewTime: proposal })).status, 400);
      assert.equal((await t.graph.post(`${path(id)}/decline`, { comment: 'no' })).status, 202);
    });
  });

  describe('copies of a meeting in the other modelled mailbox (the shared one)', () => {
    const UID = '040000008200E00074C5B7101A82E00800000000SANDBOXCOPY';
    const at = (h: number): { dateTime: string; timeZone: string } => ({ dateTime: `${day(2)}T${String(h).padStart(2, '0')}:00:00`, timeZone: 'UTC' });

    it('records an attendee\'s sent response in the organizer\'s copy; a response not sent leaves it', async () => {
      const shared = t.sb.mailbox(t.sb.sharedMailbox.mail).store;
      const organizerCopy = shared.addEvent({ iCalUId: UID, subject: 'Support review', start: at(10), end: at(11),
        attendees: [{ type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { address: t.sb.user.mail } }] });
      const mine = t.sb.store.addEvent({ iCalUId: UID, subject: 'Support review', start: at(10), end: at(11), isOrganizer: false,
        organizer: { emailAddress: { address: t.sb.sharedMailbox.mail } }, responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' } });
      const status = (): string => ((shared.event(organizerCopy.id ?? '')?.attendees as Array<{ status: { response: string } }>)[0]).status.response;
      assert.equal((await t.graph.post(`${path(mine.id ?? '')}/tentativelyAccept`, { sendResponse: false })).status, 202);
      assert.equal(status(), 'none');
      const proposal = { start: at(14), end: at(15) };
      assert.equal((await t.graph.post(`${path(mine.id ?? '')}/decline`, { comment: 'Sorry', proposedNewTime: proposal })).status, 202);
      assert.equal(status(), 'declined');
      assert.deepEqual((shared.event(organizerCopy.id ?? '')?.attendees as Array<{ proposedNewTime?: unknown }>)[0].proposedNewTime, proposal);
    });

    it('marks the attendee\'s copy cancelled when the organizer cancels', async () => {
      const shared = t.sb.mailbox(t.sb.sharedMailbox.mail).store;
      const mine = await create({ iCalUId: UID, subject: 'Support review', start: at(10), end: at(11), attendees: [{ type: 'required', emailAddress: { address: t.sb.sharedMailbox.mail } }] });
      const theirs = shared.addEvent({ iCalUId: (await t.graph.ok<GraphItem>(path(mine.id))).iCalUId as string, subject: 'Support review', start: at(10), end: at(11), isOrganizer: false,
        organizer: { emailAddress: { address: t.sb.user.mail } } });
      assert.equal((await t.graph.post(`${path(mine.id)}/cancel`, { comment: 'Off' })).status, 202);
      assert.equal(shared.event(theirs.id ?? '')?.isCancelled, true);
    });
  });

  describe('attachments', () => {
    it('adds a file attachment (201), lists it without changing hasAttachments\' truth, and serves its bytes', async () => {
      const event = await create({ subject: 'Offsite', start: { dateTime: `${day(2)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(2)}T11:00:00`, timeZone: 'UTC' } });
      assert.equal(event.hasAttachments, false);
      const added = await t.graph.post(`${path(event.id)}/attachments`, {
        '@odata.type': '#microsoft.graph.fileAttachment', name: 'agenda.txt', contentType: 'text/plain', contentBytes: Buffer.from('1. Budget').toString('base64'),
      });
      assert.equal(added.status, 201, added.text);
      const att = added.json<GraphItem>();
      assert.equal((await t.graph.ok<GraphItem>(path(event.id))).hasAttachments, true);
      const list = await t.graph.ok(`${path(event.id)}/attachments?$select=id,name,contentType,size,isInline`);
      assert.deepEqual(list.value.map((a) => [a.id, a.name, a.contentType, a.isInline, a.contentBytes]), [[att.id, 'agenda.txt', 'text/plain', false, undefined]]);
      const bytes = await t.graph.get(`${path(event.id)}/attachments/${encodeURIComponent(att.id)}/$value`);
      assert.equal(bytes.status, 200);
      assert.equal(bytes.text, '1. Budget');
      assert.equal((await t.graph.get(`${path(event.id)}/attachments/nope/$value`)).status, 404);
    });
  });

  describe('calendars', () => {
    it('renames and recolours a calendar with PATCH; a name in use answers 409', async () => {
      const team = t.sb.store.createCalendar('Team');
      t.sb.store.createCalendar('Other');
      const reply = await t.graph.patch(`/me/calendars/${encodeURIComponent(team.id ?? '')}`, { name: 'Team 2027', color: 'lightTeal' });
      assert.equal(reply.status, 200);
      assert.deepEqual([reply.json<GraphItem>().name, reply.json<GraphItem>().color], ['Team 2027', 'lightTeal']);
      assert.deepEqual(await errorOf(t.graph.patch(`/me/calendars/${encodeURIComponent(team.id ?? '')}`, { name: 'other' })), [409, 'ErrorFolderExists']);
      assert.deepEqual(await errorOf(t.graph.patch(`/me/calendars/${encodeURIComponent(team.id ?? '')}`, { isDefaultCalendar: true })), [400, 'ErrorInvalidProperty']);
    });

    it('deletes a calendar with its events (204), but never the default calendar', async () => {
      const team = t.sb.store.createCalendar('Team');
      t.sb.store.addEvent({ calendarId: team.id, subject: 'Team day', start: { dateTime: `${day(2)}T10:00:00`, timeZone: 'UTC' }, end: { dateTime: `${day(2)}T11:00:00`, timeZone: 'UTC' } });
      assert.equal((await t.graph.delete(`/me/calendars/${encodeURIComponent(team.id ?? '')}`)).status, 204);
      assert.deepEqual(await errorOf(t.graph.get(`/me/calendars/${encodeURIComponent(team.id ?? '')}`)), [404, 'ErrorItemNotFound']);
      assert.equal(t.sb.store.events().length, 0);
      const primary = await t.graph.ok<GraphItem>('/me/calendar');
      assert.deepEqual(await errorOf(t.graph.delete(`/me/calendars/${encodeURIComponent(primary.id)}`)), [400, 'ErrorCannotDeleteObject']);
    });
  });
});
