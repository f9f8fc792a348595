/** Check Availability: is the user (or a list of people) free during a time or interval? Uses getSchedule. */
import { mailboxAddress } from '../../outlook/calendar/events';
import { getSchedule, worst } from '../../outlook/calendar/schedule';
import { ConfigurationError } from '../../outlook/errors';
import { minutesBetween, toTimeWindow } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { FREE_BUSY } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, dateTimeTimeZone, list, obj, str } from '../shapes';

/** getSchedule's smallest slot; a point in time is checked as the slot that starts there. */
const DEFAULT_MINUTES = 5;
const MAX_WINDOW_MINUTES = 62 * 24 * 60;

const definition = defineAction({
  key: 'checkAvailability',
  title: 'Check Availability',
  description: 'Tells whether the user or given people are free at a time or during an interval (free/busy)',
  help: 'Reads free/busy with getSchedule: per person free, tentative, busy, out of office or working elsewhere, and an overall answer',
  docs: ['https://learn.microsoft.com/graph/api/calendar-getschedule', 'https://learn.microsoft.com/graph/api/resources/scheduleinformation'],
  permissions: [FREE_BUSY],
  workAccountsOnly: 'getSchedule',
  params: {
    time: place(f.dateTime('Time', { help: 'The time, or the start of the interval (ISO 8601; default now)' }), 'input').keys({ input: 'time', aliases: ['start'] }),
    end: place(f.dateTime('End', { help: 'End of the interval (default: 5 minutes after the start)' }), 'input'),
    durationMinutes: place(f.integer('Duration (minutes)', { min: 1, max: MAX_WINDOW_MINUTES, help: 'Length of the interval when no end is given' }), 'input'),
    timeZone: place(f.timeZoneField, 'both'),
    schedules: place(f.recipients('People or Rooms', { help: 'Addresses to check; default the mailbox owner' }), 'input').keys({ aliases: ['attendees'] }),
    intervalMinutes: place(f.integer('Slot Length (minutes)', { min: 5, max: 1440, placeholder: 'the interval\'s length' }), 'both'),
    outputTimeZone: place(f.outputTimeZone, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Availability', {
    available: bool('Everyone is free for the whole interval'),
    status: str('Most blocking status', { enum: ['free', 'workingElsewhere', 'tentative', 'unknown', 'busy', 'oof'] }),
    start: dateTimeTimeZone('Start'),
    end: dateTimeTimeZone('End'),
    schedules: list('Schedules', obj('Schedule', {
      scheduleId: str('Address'), status: str('Status'), available: bool('Free'),
      availabilityView: str('Availability view (0 free or working elsewhere, 1 tentative, 2 busy, 3 out of office)'),
      scheduleItems: list('Items', obj('Item', { status: str('Status'), subject: str('Subject'), start: dateTimeTimeZone('Start'), end: dateTimeTimeZone('End') })),
      error: obj('Error', { message: str('Message'), responseCode: str('Code') }),
    })),
  }),
  example: {
    input: { time: '2026-12-01T09:00', end: '2026-12-01T11:00', timeZone: 'Europe/Berlin', schedules: 'ann@contoso.com' },
    output: {
      available: false, status: 'busy',
      start: { dateTime: '2026-12-01T09:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-01T11:00:00', timeZone: 'Europe/Berlin' },
      schedules: [{ scheduleId: 'ann@contoso.com', status: 'busy', available: false, availabilityView: '2', scheduleItems: [{ status: 'busy', subject: 'Budget' }] }],
    },
  },
  async run({ values: v, client, log, out, field }) {
    const { start, end } = toTimeWindow({
      start: v.time, end: v.end, zone: v.timeZone, now: new Date().toISOString(), defaultMinutes: v.durationMinutes ?? DEFAULT_MINUTES,
      fields: { start: field('time'), end: field('end') },
    });
    const minutes = minutesBetween(start, end);
    if (minutes !== undefined && minutes > MAX_WINDOW_MINUTES) throw new ConfigurationError(field('end'), 'the interval may span at most 62 days');
    const interval = v.intervalMinutes ?? Math.min(1440, Math.max(5, Math.ceil(minutes ?? 30)));
    const people = (v.schedules ?? []).map((r) => r.emailAddress.address);
    log.info(`${people.length || 'own'} schedules, ${start.dateTime} ${start.timeZone} to ${end.dateTime} ${end.timeZone}`);
    // A mailbox given as an address is its own schedule id; reading another user's profile would need User.ReadBasic.All.
    const own = v.mailbox?.includes('@') ? v.mailbox : undefined;
    const schedules = people.length ? people : [own ?? await mailboxAddress(client, v.mailbox)];
    const result = await getSchedule(client, { mailbox: v.mailbox, schedules, start, end, intervalMinutes: interval, outputTimeZone: v.outputTimeZone?.name });
    const status = result.length ? worst(result.map((s) => s.status)) : 'unknown';
    await out.item({ available: result.length > 0 && result.every((s) => s.available), status, start, end, schedules: result });
    log.info(`Overall: ${status}`);
  },
});

export = functionModule(definition, PICKERS);
