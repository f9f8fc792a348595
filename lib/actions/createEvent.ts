/** Create Event: one calendar event with attendees, separate start/end time zones and optional recurrence. */
import { createEvent, listCalendars } from '../outlook/calendar';
import { parseEvent } from '../outlook/mappers';
import { fields, firstGiven, mailboxOf, timeZone } from '../outlook/validate';
import type { ComponentContext, Message } from '../platform/context';
import { graphClientFor } from '../platform/credentials';
import { newMessage } from '../platform/emit';
import { messageKey } from '../platform/idempotency';
import { actionProcess } from '../platform/execution';

async function processAction(this: ComponentContext, msg: Message, cfgValue: unknown): Promise<void> {
  const started = Date.now();
  const cfg = fields(cfgValue, 'configuration');
  const body = fields(msg.body, 'message body');
  const { event, calendarId } = parseEvent(body, cfg);
  // Graph returns the first event for a repeated transactionId, which makes a redelivered or retried create safe.
  event.transactionId ??= messageKey(msg);
  const outputTimeZone = timeZone(firstGiven(body.outputTimeZone, cfg.outputTimeZone), 'outputTimeZone')?.name;
  const mailbox = mailboxOf(body, cfg);
  const client = graphClientFor(this, cfgValue);
  const attendees = event.attendees?.length ?? 0;
  this.logger.info(`"Create Event" action started: ${attendees} attendees, ${event.recurrence ? 'recurring' : 'single'}${calendarId ? ', chosen calendar' : ', default calendar'}`);

  const created = await createEvent(client, { mailbox, calendarId, event, outputTimeZone });
  await this.emit('data', newMessage(created));
  this.logger.info(`"Create Event" action finished in ${Date.now() - started} ms`);
}

/** Select model: the calendars the user can write to, default first. */
async function getCalendars(this: ComponentContext, cfg: unknown): Promise<Record<string, string>> {
  const calendars = await listCalendars(graphClientFor(this, cfg), mailboxOf({}, fields(cfg, 'configuration')));
  const out: Record<string, string> = {};
  for (const c of [...calendars].sort((a, b) => Number(Boolean(b.isDefaultCalendar)) - Number(Boolean(a.isDefaultCalendar)))) {
    if (c.canEdit === false) continue;
    out[c.id] = `${c.name ?? c.id}${c.isDefaultCalendar ? ' (default)' : ''}`;
  }
  return out;
}

const processThrottleAware = actionProcess({ key: 'createEvent', title: '"Create Event" action' }, processAction);

export { processThrottleAware as process, getCalendars };
