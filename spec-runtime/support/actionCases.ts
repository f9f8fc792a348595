/**
 * A representative input for every action key of component.json. actions.spec.ts runs each through the real
 * sailor; an action without an entry here fails the suite, so a new action cannot go untested at runtime.
 */
import { strict as assert } from 'node:assert';
import type { DataMessage } from '../../dev/runtime/harness';
import type { FunctionDefinition } from '../../lib/platform/definition';
import type { Sample } from '../../dev/runner/samples';
import type { Sandbox } from '../../dev/sandbox';
import type { GraphWorld } from './graph';

export interface ActionCase {
  /** Step configuration fields (besides the credential). */
  fields?(graph: GraphWorld): Record<string, unknown>;
  body(graph: GraphWorld): Record<string, unknown>;
  /** Checks the emitted messages and the mailbox afterwards. */
  verify(data: DataMessage[], graph: GraphWorld): void;
  /** The sandbox route this action calls last, where the Graph error test injects a 403. */
  failingRoute: string;
}

const COLLEAGUE = 'alex.wilber@contoso.onmicrosoft.com';

/** Tomorrow at `hour`:00 UTC as a local date-time string, so the calendar actions look at the future. */
function tomorrowAt(hour: number): string {
  const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00:00`;
}

function bodyOf(data: DataMessage[], index = 0): Record<string, unknown> {
  assert.ok(data[index], `expected at least ${index + 1} data messages, got ${data.length}`);
  return data[index].body as Record<string, unknown>;
}

/** Calendars made by the calendar cases: each execution gets its own name (names are unique in a mailbox). */
let calendarRuns = 0;

export const ACTION_CASES: Record<string, ActionCase> = {
  sendMail: {
    body: () => ({ to: COLLEAGUE, subject: 'Runtime check: quarterly figures', body: 'See the figures below.' }),
    verify(data, graph) {
      assert.equal(data.length, 1);
      assert.equal(bodyOf(data).sent, true);
      const sent = graph.sandbox.store.sentMail().filter((m) => m.subject === 'Runtime check: quarterly figures');
      assert.equal(sent.length, 1, 'the mail was not sent exactly once');
    },
    failingRoute: 'sendMail',
  },
  replyToMessage: {
    body: (graph) => ({
      messageId: graph.sandbox.store.addMessage('inbox', { subject: 'Runtime check: question', from: { emailAddress: { address: COLLEAGUE } } }).id,
      comment: '<p>Answered at runtime.</p>', contentType: 'html',
    }),
    verify(data, graph) {
      assert.equal(data.length, 1);
      assert.equal(bodyOf(data).sent, true);
      const sent = graph.sandbox.store.sentMail().filter((m) => m.subject === 'RE: Runtime check: question');
      assert.equal(sent.length, 1, 'the reply was not sent exactly once');
      assert.equal(sent[0].toRecipients?.[0].emailAddress?.address, COLLEAGUE);
    },
    failingRoute: 'createReply',
  },
  forwardMessage: {
    body: (graph) => ({
      messageId: graph.sandbox.store.addMessage('inbox', { subject: 'Runtime check: to pass on', from: { emailAddress: { address: 'lee@fabrikam.example' } } }).id,
      to: COLLEAGUE, saveAsDraft: true,
    }),
    verify(data, graph) {
      assert.equal(data.length, 1);
      assert.equal(bodyOf(data).sent, false);
      const kept = graph.sandbox.store.message(String(bodyOf(data).id));
      assert.equal(kept?.isDraft, true, 'the forward is not a draft');
      assert.equal(kept?.subject, 'FW: Runtime check: to pass on');
    },
    failingRoute: 'createForward',
  },
  sendDraft: {
    body: (graph) => ({
      messageId: graph.sandbox.store.addMessage('drafts', { subject: 'Runtime check: drafted', isDraft: true, toRecipients: [{ emailAddress: { address: COLLEAGUE } }] }).id,
    }),
    verify(data, graph) {
      assert.equal(data.length, 1);
      assert.equal(bodyOf(data).sent, true);
      assert.equal(graph.sandbox.store.sentMail().filter((m) => m.subject === 'Runtime check: drafted').length, 1, 'the draft was not sent exactly once');
      assert.equal(graph.sandbox.store.message(String(bodyOf(data).id))?.parentFolderId, graph.sandbox.store.folderId('sentitems'));
    },
    failingRoute: 'getMessage',
  },
  moveMail: {
    body: (graph) => ({ messageId: graph.sandbox.store.addMessage('inbox', { subject: 'Runtime check: to archive' }).id, destinationFolder: 'archive' }),
    verify(data, graph) {
      assert.equal(data.length, 1);
      const moved = graph.sandbox.store.messages('archive').filter((m) => m.subject === 'Runtime check: to archive');
      assert.equal(moved.length, 1, 'the message is not in Archive');
      assert.equal(bodyOf(data).id, moved[0].id);
    },
    failingRoute: 'moveMessage',
  },
  getMessages: {
    body: () => ({ folder: 'inbox', maxResults: 5 }),
    verify(data) {
      assert.equal(data.length, 5);
      for (const message of data) assert.equal(typeof (message.body as { id?: unknown }).id, 'string');
    },
    failingRoute: 'listMessages',
  },
  downloadAttachments: {
    body: (graph) => ({
      messageId: graph.sandbox.store.addMessage('inbox', {
        subject: 'Runtime check: attachments',
        attachments: [
          { name: 'figures.csv', contentType: 'text/csv', content: Buffer.from('q,revenue\n3,42\n') },
          { name: 'Minutes', contentType: '', content: Buffer.alloc(0), kind: 'item', item: { '@odata.type': '#microsoft.graph.message', subject: 'Minutes' } },
        ],
      }).id,
    }),
    verify(data, graph) {
      assert.deepEqual(data.map((d) => (d.body as { name: string }).name), ['figures.csv', 'Minutes.eml']);
      const url = String(bodyOf(data).url);
      const stored = graph.sandbox.objects.get(decodeURIComponent(url.split('/objects/')[1].split('?')[0]));
      assert.equal(String(stored?.content), 'q,revenue\n3,42\n');
    },
    failingRoute: 'getMessage',
  },
  createEvent: {
    body: () => ({ subject: 'Runtime check: planning', start: tomorrowAt(9), end: tomorrowAt(10), timeZone: 'UTC', attendees: COLLEAGUE }),
    verify(data, graph) {
      assert.equal(data.length, 1);
      const created = graph.sandbox.store.events().filter((e) => e.subject === 'Runtime check: planning');
      assert.equal(created.length, 1, 'the event was not created exactly once');
      assert.equal(bodyOf(data).id, created[0].id);
    },
    failingRoute: 'createEvent',
  },
  respondToEvent: {
    body: (graph) => ({
      eventId: graph.sandbox.store.addEvent({
        subject: 'Runtime check: invitation', start: { dateTime: tomorrowAt(14), timeZone: 'UTC' }, end: { dateTime: tomorrowAt(15), timeZone: 'UTC' },
        organizer: { emailAddress: { address: COLLEAGUE } }, isOrganizer: false, responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
      }).id,
      response: 'decline', comment: 'Not this time.',
    }),
    verify(data, graph) {
      assert.equal(data.length, 1);
      assert.equal(bodyOf(data).responded, true);
      const event = graph.sandbox.store.event(String(bodyOf(data).eventId));
      assert.equal((event?.responseStatus as { response?: string } | undefined)?.response, 'declined');
      assert.equal(graph.sandbox.store.sentMail().filter((m) => m.subject === 'Declined: Runtime check: invitation').length, 1, 'the response was not sent exactly once');
    },
    failingRoute: 'declineEvent',
  },
  cancelEvent: {
    body: (graph) => ({
      eventId: graph.sandbox.store.addEvent({
        subject: 'Runtime check: to call off', start: { dateTime: tomorrowAt(16), timeZone: 'UTC' }, end: { dateTime: tomorrowAt(17), timeZone: 'UTC' },
        attendees: [{ type: 'required', emailAddress: { address: COLLEAGUE } }],
      }).id,
      comment: 'Called off at runtime.',
    }),
    verify(data, graph) {
      assert.equal(data.length, 1);
      assert.equal(bodyOf(data).cancelled, true);
      assert.equal(graph.sandbox.store.event(String(bodyOf(data).eventId)), undefined, 'the cancelled event is still on the calendar');
      const sent = graph.sandbox.store.sentMail().filter((m) => m.subject === 'Canceled: Runtime check: to call off');
      assert.equal(sent.length, 1, 'the cancellation was not sent exactly once');
    },
    failingRoute: 'getEvent',
  },
  updateCalendar: {
    body: (graph) => {
      calendarRuns += 1;
      return { calendarId: graph.sandbox.store.createCalendar(`Runtime check: team ${calendarRuns}`).id, name: `Runtime check: renamed ${calendarRuns}`, color: 'lightPink' };
    },
    verify(data, graph) {
      assert.equal(data.length, 1);
      const calendar = graph.sandbox.store.calendars().find((c) => c.id === bodyOf(data).id);
      assert.match(String(calendar?.name), /^Runtime check: renamed/);
      assert.equal(calendar?.color, 'lightPink');
      assert.equal(calendar?.isDefaultCalendar, false);
    },
    failingRoute: 'updateCalendar',
  },
  deleteCalendar: {
    body: (graph) => {
      calendarRuns += 1;
      return { calendarId: graph.sandbox.store.createCalendar(`Runtime check: old calendar ${calendarRuns}`).id };
    },
    verify(data, graph) {
      assert.equal(data.length, 1);
      assert.equal(bodyOf(data).deleted, true);
      assert.ok(!graph.sandbox.store.calendars().some((c) => c.id === bodyOf(data).calendarId), 'the calendar is still there');
    },
    failingRoute: 'getCalendar',
  },
  checkAvailability: {
    body: () => ({ start: tomorrowAt(3), end: tomorrowAt(4), timeZone: 'UTC' }),
    verify(data) {
      assert.equal(data.length, 1);
      assert.equal(typeof bodyOf(data).available, 'boolean');
      assert.ok(Array.isArray(bodyOf(data).schedules));
    },
    failingRoute: 'getSchedule',
  },
  findNextAvailableTime: {
    body: () => ({ durationMinutes: 30, start: tomorrowAt(8), timeZone: 'UTC', attendees: COLLEAGUE }),
    verify(data) {
      assert.equal(data.length, 1);
      assert.equal(typeof bodyOf(data).found, 'boolean');
    },
    failingRoute: 'findMeetingTimes',
  },
};

/**
 * A function without a case of its own runs its definition's example (with real sandbox ids) and must emit at
 * least one message carrying the output shape's required properties. The 403 goes to the first Graph call.
 */
export function genericCase(def: FunctionDefinition, sampleOf: (def: FunctionDefinition, sb: Sandbox) => Sample): ActionCase {
  let sample: Sample | undefined;
  const current = (graph: GraphWorld): Sample => (sample ??= sampleOf(def, graph.sandbox));
  return {
    fields: (graph) => current(graph).config,
    body: (graph) => current(graph).input,
    verify(data) {
      assert.ok(data.length > 0, `${def.key} emitted nothing for its example`);
      const required = Object.entries(def.output.properties ?? {}).filter(([, p]) => p.required).map(([k]) => k);
      for (const message of data) for (const key of required) assert.ok(key in (message.body as object), `${def.key}: output lacks ${key}`);
    },
    failingRoute: '*',
  };
}
