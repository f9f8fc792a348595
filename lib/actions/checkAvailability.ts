/** Check Availability: is the user (or a list of people) free during a time or interval? Uses getSchedule. */
import { ConfigurationError } from '../graph/errors';
import { getSchedule, mailboxAddress, worst } from '../outlook/calendar';
import { minutesBetween, toRecipients, toTimeWindow } from '../outlook/mappers';
import { fields, firstGiven, mailboxOf, optionalInteger, timeZone } from '../outlook/validate';
import type { ComponentContext, Message } from '../platform/context';
import { graphClientFor, requireWorkAccount } from '../platform/credentials';
import { newMessage } from '../platform/emit';
import { actionProcess } from '../platform/execution';

/** getSchedule's smallest slot; a point in time is checked as the slot that starts there. */
const DEFAULT_MINUTES = 5;
const MAX_WINDOW_MINUTES = 62 * 24 * 60;

async function processAction(this: ComponentContext, msg: Message, cfgValue: unknown): Promise<void> {
  const started = Date.now();
  const cfg = fields(cfgValue, 'configuration');
  const body = fields(msg.body, 'message body');
  const duration = optionalInteger(body.durationMinutes, 'durationMinutes', { min: 1, max: MAX_WINDOW_MINUTES });
  const { start, end } = toTimeWindow({
    start: firstGiven(body.start, body.time), end: body.end, zone: firstGiven(body.timeZone, cfg.timeZone),
    now: new Date().toISOString(), defaultMinutes: duration ?? DEFAULT_MINUTES, endField: 'end',
  });
  const minutes = minutesBetween(start, end);
  if (minutes !== undefined && minutes > MAX_WINDOW_MINUTES) throw new ConfigurationError('end', 'the interval may span at most 62 days');
  const interval = optionalInteger(firstGiven(body.intervalMinutes, cfg.intervalMinutes), 'intervalMinutes', { min: 5, max: 1440 })
    ?? Math.min(1440, Math.max(5, Math.ceil(minutes ?? 30)));
  const people = toRecipients(firstGiven(body.schedules, body.attendees), 'schedules').map((r) => r.emailAddress.address);
  const outputTimeZone = timeZone(firstGiven(body.outputTimeZone, cfg.outputTimeZone), 'outputTimeZone')?.name;
  const mailbox = mailboxOf(body, cfg);
  requireWorkAccount(cfgValue, { title: 'Check Availability', api: 'getSchedule' });
  const client = graphClientFor(this, cfgValue);
  this.logger.info(`"Check Availability" action started: ${people.length || 'own'} schedules, ${start.dateTime} ${start.timeZone} to ${end.dateTime} ${end.timeZone}`);

  const schedules = people.length ? people : [await mailboxAddress(client, mailbox)];
  const result = await getSchedule(client, { mailbox, schedules, start, end, intervalMinutes: interval, outputTimeZone });
  const status = result.length ? worst(result.map((s) => s.status)) : 'unknown';
  await this.emit('data', newMessage({
    available: result.length > 0 && result.every((s) => s.available),
    status, start, end, schedules: result,
  }));
  this.logger.info(`"Check Availability" action finished in ${Date.now() - started} ms: ${status}`);
}

const processThrottleAware = actionProcess({ key: 'checkAvailability', title: '"Check Availability" action' }, processAction);

export { processThrottleAware as process };
