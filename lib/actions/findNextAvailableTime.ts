/** Find Next Available Time: the earliest free slot of a given length for the user and optional attendees. */
import { earliest, explainEmptySuggestions, findMeetingTimes } from '../outlook/calendar';
import { toAttendees, toTimeWindow } from '../outlook/mappers';
import { fields, firstGiven, mailboxOf, optionalBoolean, optionalEnum, optionalInteger, timeZone } from '../outlook/validate';
import type { ComponentContext, Message } from '../platform/context';
import { graphClientFor, requireWorkAccount } from '../platform/credentials';
import { newMessage } from '../platform/emit';
import { actionProcess } from '../platform/execution';

async function processAction(this: ComponentContext, msg: Message, cfgValue: unknown): Promise<void> {
  const started = Date.now();
  const cfg = fields(cfgValue, 'configuration');
  const body = fields(msg.body, 'message body');
  const durationMinutes = optionalInteger(firstGiven(body.durationMinutes, cfg.durationMinutes), 'durationMinutes', { min: 5, max: 1440 }) ?? 30;
  const searchDays = optionalInteger(firstGiven(body.searchDays, cfg.searchDays), 'searchDays', { min: 1, max: 62 }) ?? 7;
  const { start, end } = toTimeWindow({
    start: firstGiven(body.start, body.time), end: body.searchUntil, zone: firstGiven(body.timeZone, cfg.timeZone),
    now: new Date().toISOString(), defaultMinutes: searchDays * 1440, endField: 'searchUntil',
  });
  const attendees = toAttendees(body);
  // "Next available time" historically meant any free time; working hours are an opt-in.
  const activityDomain = optionalEnum(firstGiven(body.activityDomain, cfg.activityDomain), 'activityDomain', ['unrestricted', 'work', 'personal'] as const) ?? 'unrestricted';
  const minimumAttendeePercentage = optionalInteger(body.minimumAttendeePercentage, 'minimumAttendeePercentage', { min: 0, max: 100 }) ?? 100;
  const isOrganizerOptional = optionalBoolean(body.isOrganizerOptional, 'isOrganizerOptional') ?? false;
  const outputTimeZone = timeZone(firstGiven(body.outputTimeZone, cfg.outputTimeZone), 'outputTimeZone')?.name;
  const mailbox = mailboxOf(body, cfg);
  requireWorkAccount(cfgValue, { title: 'Find Next Available Time', api: 'findMeetingTimes' });
  const client = graphClientFor(this, cfgValue);
  this.logger.info(`"Find Next Available Time" action started: ${durationMinutes} min, ${attendees.length} attendees, ${activityDomain} hours`);

  const found = await findMeetingTimes(client, {
    mailbox, attendees, start, end, durationMinutes, activityDomain, minimumAttendeePercentage, isOrganizerOptional, outputTimeZone,
  });
  const slot = earliest(found.meetingTimeSuggestions ?? []);
  const subject = body.subject;
  if (!slot?.meetingTimeSlot?.start) {
    const explanation = explainEmptySuggestions(found.emptySuggestionsReason);
    this.logger.info(`"Find Next Available Time" found nothing (${found.emptySuggestionsReason ?? 'no reason given'})`);
    await this.emit('data', newMessage({ found: false, emptySuggestionsReason: found.emptySuggestionsReason ?? 'unknown', explanation, searchStart: start, searchEnd: end, subject }));
    return;
  }
  const { meetingTimeSlot, ...details } = slot;
  await this.emit('data', newMessage({
    found: true, time: meetingTimeSlot.start?.dateTime, start: meetingTimeSlot.start, end: meetingTimeSlot.end, ...details, subject,
  }));
  this.logger.info(`"Find Next Available Time" action finished in ${Date.now() - started} ms`);
}

const processThrottleAware = actionProcess({ key: 'findNextAvailableTime', title: '"Find Next Available Time" action' }, processAction);

export { processThrottleAware as process };
