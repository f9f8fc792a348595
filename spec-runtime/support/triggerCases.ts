/**
 * How to exercise every trigger key of component.json: triggers.spec.ts polls each one through the real sailor
 * (first drain, a change, a quiet round). A trigger without an entry here fails the suite.
 */
import type { GraphWorld } from './graph';

export interface TriggerCase {
  fields(graph: GraphWorld): Record<string, unknown>;
  /** Puts items where the trigger looks; returns their subjects/names as the trigger should emit them. */
  seed(graph: GraphWorld): string[];
  /** Changes one seeded item; returns its label. */
  change(graph: GraphWorld): string;
  /** The label of an emitted body. */
  label(body: Record<string, unknown>): string;
}

export const TRIGGER_CASES: Record<string, TriggerCase> = {
  readMail: {
    fields: (graph) => ({ folderId: graph.sandbox.store.folderId('inbox') }),
    seed: (graph) => ['Order 1001', 'Order 1002', 'Order 1003'].map((subject) => String(graph.sandbox.store.addMessage('inbox', { subject }).subject)),
    change(graph) {
      const [first] = graph.sandbox.store.messages('inbox');
      return String(graph.sandbox.store.updateMessage(first.id as string, { isRead: true }).subject);
    },
    label: (body) => String(body.subject),
  },
  newAttachment: {
    fields: (graph) => ({ folderId: graph.sandbox.store.folderId('inbox'), fileTypes: 'pdf' }),
    seed: (graph) => ['order-1001.pdf', 'order-1002.pdf'].map((name) => {
      graph.sandbox.store.addMessage('inbox', { subject: name, attachments: [{ name, contentType: 'application/pdf', content: Buffer.from(`%PDF ${name}`) }, { name: 'logo.png', contentType: 'image/png', content: Buffer.from('PNG') }] });
      return name;
    }),
    change(graph) {
      // A change to a seeded message is no new mail: only the new message's file comes out.
      const [first] = graph.sandbox.store.messages('inbox');
      graph.sandbox.store.updateMessage(first.id as string, { isRead: true });
      graph.sandbox.store.addMessage('inbox', { subject: 'late', attachments: [{ name: 'order-1003.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }] });
      return 'order-1003.pdf';
    },
    label: (body) => String(body.name),
  },
  getContacts: {
    fields: () => ({}),
    seed: (graph) => ['Megan Bowen', 'Nestor Wilke', 'Lidia Holloway'].map((displayName) => {
      const [givenName, surname] = displayName.split(' ');
      return String(graph.sandbox.store.addContact({ givenName, surname, displayName }).displayName);
    }),
    change(graph) {
      const [first] = graph.sandbox.store.contacts();
      return String(graph.sandbox.store.updateContact(first.id as string, { jobTitle: 'Director' }).displayName);
    },
    label: (body) => String(body.displayName),
  },
  pollEvents: {
    fields: () => ({ outputTimeZone: 'Europe/Berlin' }),
    seed: (graph) => ['Design review', 'Budget sync', 'Team lunch'].map((subject, i) => String(graph.sandbox.store.addEvent({
      subject, start: { dateTime: `2026-12-0${i + 1}T09:00:00`, timeZone: 'UTC' }, end: { dateTime: `2026-12-0${i + 1}T10:00:00`, timeZone: 'UTC' },
    }).subject)),
    change(graph) {
      const [first] = graph.sandbox.store.events();
      return String(graph.sandbox.store.updateEvent(first.id as string, { subject: `${String(first.subject)} (moved)` }).subject);
    },
    label: (body) => String(body.subject),
  },
  upcomingEvents: {
    fields: () => ({ minutesBefore: 15 }),
    seed: (graph) => ['Stand-up', 'Client call', 'Interview'].map((subject, i) => String(graph.sandbox.store.addEvent({ subject, ...startingIn(5 + i) }).subject)),
    change(graph) {
      // Moved later, still within the 15 minutes: due again at its new time.
      const [first] = graph.sandbox.store.events();
      return String(graph.sandbox.store.updateEvent(first.id as string, startingIn(12)).subject);
    },
    label: (body) => String(body.subject),
  },
};

/** A half-hour event starting `minutes` from now (the runtime sandbox runs on real time). */
function startingIn(minutes: number): { start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } } {
  const at = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
  const start = Date.now() + minutes * 60_000;
  return { start: { dateTime: at(start), timeZone: 'UTC' }, end: { dateTime: at(start + 1_800_000), timeZone: 'UTC' } };
}
