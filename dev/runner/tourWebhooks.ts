/**
 * The tour's real-time triggers: each one runs behind the local webhook gateway, subscribes in the sandbox, receives
 * the notifications of a few changes, emits what changed, and deletes its subscription when the "flow" stops.
 */
import type { Sandbox } from '../sandbox';
import { configureWebhooks } from '../../lib/platform/webhook/step';
import type { FunctionDef } from './component';
import { load } from './component';
import type { Level } from './context';
import { describeEmit } from './print';
import { LocalWebhookStep, WebhookModule } from './webhookStep';

export interface WebhookTourStep {
  key: string;
  title: string;
  cfg?: (sb: Sandbox) => Record<string, unknown>;
  /** Changes made once the subscription is live; returns what was done, for the tour's output. */
  change(sb: Sandbox): string;
}

const soon = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16) + ':00';

export const WEBHOOK_STEPS: WebhookTourStep[] = [
  {
    key: 'newMessageWebhook', title: 'New Message (real-time): Graph notifies the flow of new mail in the Inbox',
    cfg: () => ({ folderId: 'inbox' }),
    change(sb) {
      sb.store.addMessage('inbox', { subject: 'Tour: real-time order 2001', from: { emailAddress: { address: 'orders@fabrikam.example', name: 'Fabrikam Orders' } } });
      sb.store.addMessage('inbox', { subject: 'Tour: real-time order 2002', from: { emailAddress: { address: 'orders@fabrikam.example', name: 'Fabrikam Orders' } } });
      return 'two messages arrived in the Inbox';
    },
  },
  {
    key: 'eventCreatedWebhook', title: 'Event Created (real-time): a new meeting in the calendar', cfg: () => ({ outputTimeZone: 'Europe/Berlin' }),
    change(sb) {
      sb.store.addEvent({ subject: 'Tour: real-time kick-off', start: { dateTime: soon(26), timeZone: 'Europe/Berlin' }, end: { dateTime: soon(27), timeZone: 'Europe/Berlin' } });
      return 'one meeting added to the calendar';
    },
  },
  {
    key: 'eventUpdatedWebhook', title: 'Event Updated (real-time): a meeting moved to another room',
    change(sb) {
      const event = sb.store.addEvent({ subject: 'Tour: real-time review', start: { dateTime: soon(50), timeZone: 'UTC' }, end: { dateTime: soon(51), timeZone: 'UTC' } });
      sb.clock.advance(1500);
      sb.store.updateEvent(event.id as string, { location: { displayName: 'Room 101' } });
      return 'one meeting added (not emitted: a creation), then moved to Room 101 (emitted)';
    },
  },
  {
    key: 'contactChangedWebhook', title: 'Contact Changed (real-time): a new supplier contact',
    change(sb) {
      sb.store.addContact({ displayName: 'Tour: Nestor Wilke', emailAddresses: [{ address: 'nestor@fabrikam.example', name: 'Nestor Wilke' }] });
      return 'one contact added';
    },
  },
];

async function until(test: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** Runs one real-time trigger's life; returns the data messages emitted and whether anything failed. */
export async function runWebhookStep(step: WebhookTourStep, def: FunctionDef, sb: Sandbox, cfg: Record<string, unknown>, level: Level,
  say: (line: string) => void): Promise<{ messages: number; error: boolean }> {
  const lines: string[] = [];
  const log = (lvl: Level) => (line: string): void => {
    lines.push(line);
    if (lvl !== 'debug' && (level === 'debug' || lvl !== 'info' || /subscription|catch-up/.test(line))) say(`  [${lvl}] ${line}`);
  };
  configureWebhooks({ logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } });
  sb.subscriptions().configure({ batchDelayMs: 20 });
  const local = await LocalWebhookStep.start({
    module: load(def) as unknown as WebhookModule, cfg: { ...(step.cfg?.(sb) ?? {}), ...cfg }, level,
    log: (lvl, line) => { if (lvl !== 'debug' || level === 'debug') say(`  [${lvl}] ${line}`); },
    onData: (body) => say(describeEmit('data', { body })),
  });
  let error = false;
  try {
    if (!await until(() => lines.some((l) => /asked the step for a catch-up/.test(l)), 15_000)) throw new Error('the subscription was not ready within 15 s');
    await sb.subscriptions().flush();
    await local.idle();
    say(`  (${step.change(sb)})`);
    await sb.subscriptions().flush();
    await local.idle();
    await local.shutdown();
    say(`  (flow stopped: ${sb.subscriptions().list().length} subscriptions left in the sandbox)`);
  } catch (err) {
    say(`  ▸ error     ${(err as Error).message}`);
    error = true;
  } finally {
    await local.close();
    configureWebhooks({});
  }
  error ||= local.errors.length > 0;
  return { messages: local.data.length, error };
}
