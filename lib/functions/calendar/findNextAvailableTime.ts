/** Find Next Available Time: the earliest free slot of a given length for the user and optional attendees. */
import { toAttendees } from '../../outlook/calendar/payloads';
import { earliest, explainEmptySuggestions, findMeetingTimes } from '../../outlook/calendar/schedule';
import { toTimeWindow } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MEETING_TIMES } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, dateTimeTimeZone, list, num, obj, str } from '../shapes';

const definition = defineAction({
  key: 'findNextAvailableTime',
  title: 'Find Next Available Time',
  description: 'Finds the earliest free slot of a given length for the user and optional attendees',
  help: 'Uses findMeetingTimes (work or school accounts, delegated sign-in); explains why when no slot is free',
  docs: ['https://learn.microsoft.com/graph/api/user-findmeetingtimes'],
  permissions: [MEETING_TIMES],
  workAccountsOnly: 'findMeetingTimes',
  delegatedOnly: 'findMeetingTimes',
  params: {
    time: place(f.dateTime('Search From', { help: 'ISO 8601; default now' }), 'input').keys({ aliases: ['start'] }),
    searchUntil: place(f.dateTime('Search Until', { help: 'Default: Search Days after the start' }), 'input'),
    durationMinutes: place(f.integer('Duration (minutes)', { min: 5, max: 1440, placeholder: '30' }), 'both').withDefault(30),
    searchDays: place(f.integer('Search Days', { min: 1, max: 62, placeholder: '7', help: 'How far ahead to look (1 to 62 days)' }), 'both').withDefault(7),
    // "Next available time" historically meant any free time; working hours are an opt-in.
    activityDomain: place(f.choice('Hours', { unrestricted: 'Any time', work: 'Working hours', personal: 'Personal hours' } as const, { prompt: 'Any time (default)' }), 'both')
      .withDefault('unrestricted'),
    attendees: place(f.recipients('Required Attendees'), 'input').keys({ aliases: ['requiredAttendees'] }),
    optionalAttendees: place(f.recipients('Optional Attendees'), 'input'),
    minimumAttendeePercentage: place(f.integer('Minimum Attendee Percentage', { min: 0, max: 100, help: 'Default 100' }), 'input').withDefault(100),
    isOrganizerOptional: place(f.checkbox('Organizer Optional'), 'input').withDefault(false),
    subject: place(f.subject, 'input').as({ help: 'Passed through to the output' }),
    timeZone: place(f.timeZoneField, 'both'),
    outputTimeZone: place(f.outputTimeZone, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Free slot', {
    found: bool('A slot was found'), time: str('Start of the slot (date-time)'), start: dateTimeTimeZone('Start'), end: dateTimeTimeZone('End'),
    confidence: num('Confidence (%)'), organizerAvailability: str('Organizer availability'),
    attendeeAvailability: list('Attendee availability', obj('Attendee availability', { availability: str('Availability') })),
    suggestionReason: str('Reason'), emptySuggestionsReason: str('Why nothing was found'), explanation: str('Explanation'), subject: str('Subject'),
  }),
  example: {
    input: { time: '2026-12-01T08:00', durationMinutes: 60, timeZone: 'Europe/Berlin', attendees: 'ann@contoso.com' },
    output: {
      found: true, time: '2026-12-01T10:30:00.0000000', start: { dateTime: '2026-12-01T10:30:00.0000000', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-12-01T11:30:00.0000000', timeZone: 'Europe/Berlin' }, confidence: 100, organizerAvailability: 'free',
    },
  },
  async run({ values: v, client, log, out, field }) {
    const { start, end } = toTimeWindow({
      start: v.time, end: v.searchUntil, zone: v.timeZone, now: new Date().toISOString(), defaultMinutes: v.searchDays * 1440,
      fields: { start: field('time'), end: field('searchUntil') },
    });
    const attendees = toAttendees(v.attendees, v.optionalAttendees);
    log.info(`${v.durationMinutes} min, ${attendees.length} attendees, ${v.activityDomain} hours`);
    const found = await findMeetingTimes(client, {
      mailbox: v.mailbox, attendees, start, end, durationMinutes: v.durationMinutes, activityDomain: v.activityDomain,
      minimumAttendeePercentage: v.minimumAttendeePercentage, isOrganizerOptional: v.isOrganizerOptional, outputTimeZone: v.outputTimeZone?.name,
    });
    const slot = earliest(found.meetingTimeSuggestions ?? []);
    if (!slot?.meetingTimeSlot?.start) {
      log.info(`Nothing found (${found.emptySuggestionsReason ?? 'no reason given'})`);
      await out.item({
        found: false, emptySuggestionsReason: found.emptySuggestionsReason ?? 'unknown', explanation: explainEmptySuggestions(found.emptySuggestionsReason),
        searchStart: start, searchEnd: end, subject: v.subject,
      });
      return;
    }
    const { meetingTimeSlot, ...details } = slot;
    await out.item({ found: true, time: meetingTimeSlot.start?.dateTime, start: meetingTimeSlot.start, end: meetingTimeSlot.end, ...details, subject: v.subject });
  },
});

export = functionModule(definition, PICKERS);
