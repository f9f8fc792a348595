/** Get Free/Busy: getSchedule for several people or rooms over a window, split to Graph's limits and merged per person. */
import { MAX_SCHEDULES_PER_REQUEST, getSchedule, planSchedule } from '../../outlook/calendar/schedule';
import { ConfigurationError } from '../../outlook/errors';
import { minutesBetween, toTimeWindow } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { FREE_BUSY } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, dateTimeTimeZone, list, num, obj, str } from '../shapes';

/** A window longer than this is refused: a year of free/busy is already 18 requests per 20 people. */
const MAX_DAYS = 366;

const item = obj('Item', {
  status: str('Status (free, tentative, busy, oof, workingElsewhere, unknown)'), subject: str('Subject (when the calendar shows it)'),
  location: str('Location'), isPrivate: bool('Private'), start: dateTimeTimeZone('Start'), end: dateTimeTimeZone('End'),
});

const schedule = obj('Free/busy of one person or room', {
  scheduleId: str('Address'),
  status: str('Most blocking status over the window', { enum: ['free', 'workingElsewhere', 'tentative', 'unknown', 'busy', 'oof'] }),
  available: bool('Free for the whole window'),
  availabilityView: str('One digit per slot: 0 free or working elsewhere, 1 tentative, 2 busy, 3 out of office'),
  scheduleItems: list('Items', item),
  workingHours: obj('Working hours', {
    daysOfWeek: list('Days', str('Day')), startTime: str('Start (time of day)'), endTime: str('End (time of day)'),
    timeZone: obj('Time zone', { name: str('Name') }),
  }),
  error: obj('Error', { message: str('Message'), responseCode: str('Code') }),
  start: dateTimeTimeZone('Window start'),
  end: dateTimeTimeZone('Window end'),
  intervalMinutes: num('Slot length (minutes)'),
});

const definition = defineAction({
  key: 'getSchedule',
  title: 'Get Free/Busy',
  description: 'Reads the free/busy schedules of several people or rooms over a window, with one availability digit per slot',
  help: `Uses getSchedule. Graph answers at most ${MAX_SCHEDULES_PER_REQUEST} people or rooms per request over less than 62 days; `
    + 'longer lists and windows are split into several requests and merged per person (availability views joined, items '
    + 'concatenated). Emits one message per person or room, or all of them in one message',
  docs: ['https://learn.microsoft.com/graph/api/calendar-getschedule', 'https://learn.microsoft.com/graph/outlook-get-free-busy-schedule',
    'https://learn.microsoft.com/graph/api/resources/scheduleinformation'],
  permissions: [FREE_BUSY],
  workAccountsOnly: 'getSchedule',
  params: {
    schedules: place(f.recipients('People or Rooms', { help: 'Addresses of users, distribution lists or rooms' }), 'input').required().keys({ aliases: ['attendees'] }),
    start: place(f.dateTime('Start', { help: 'Start of the window (ISO 8601; default now)' }), 'input'),
    end: place(f.dateTime('End', { help: 'End of the window (default: one day after the start)' }), 'input'),
    timeZone: place(f.timeZoneField, 'both'),
    intervalMinutes: place(f.integer('Slot Length (minutes)', { min: 5, max: 1440, placeholder: '30', help: 'Length of one availabilityView digit, 5 to 1440' }), 'both')
      .withDefault(30),
    outputTimeZone: place(f.outputTimeZone, 'both'),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    mailbox: place(f.mailbox, 'both'),
  },
  // One message per person or room, or with Emit All one {schedules, count}.
  output: obj('Free/busy', { ...schedule.properties, schedules: list('Schedules (Emit All)', schedule), count: num('Number of schedules (Emit All)') }),
  batch: { shape: (schedules) => ({ schedules, count: schedules.length }), emitEmpty: true, whole: 'schedules' },
  example: {
    input: { schedules: 'megan.bowen@contoso.onmicrosoft.com, room.101@contoso.onmicrosoft.com', start: '2026-12-01T09:00', end: '2026-12-01T12:00', timeZone: 'Europe/Berlin', intervalMinutes: 60 },
    output: {
      scheduleId: 'megan.bowen@contoso.onmicrosoft.com', status: 'busy', available: false, availabilityView: '020',
      scheduleItems: [{ status: 'busy', start: { dateTime: '2026-12-01T10:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-01T11:00:00.0000000', timeZone: 'UTC' } }],
      workingHours: { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'W. Europe Standard Time' } },
      start: { dateTime: '2026-12-01T09:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-01T12:00:00', timeZone: 'Europe/Berlin' }, intervalMinutes: 60,
    },
  },
  async run({ values: v, client, log, out, field }) {
    const { start, end } = toTimeWindow({
      start: v.start, end: v.end, zone: v.timeZone, now: new Date().toISOString(), defaultMinutes: 1440, fields: { start: field('start'), end: field('end') },
    });
    const minutes = minutesBetween(start, end) ?? 0;
    if (minutes > MAX_DAYS * 1440) throw new ConfigurationError(field('end'), `the window may span at most ${MAX_DAYS} days (it spans ${Math.ceil(minutes / 1440)})`);
    const addresses = v.schedules.map((r) => r.emailAddress.address);
    const people = addresses.filter((a, i) => addresses.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i);
    const requests = planSchedule({ schedules: people, start, end, intervalMinutes: v.intervalMinutes }).length;
    log.info(`${people.length} schedules, ${start.dateTime} ${start.timeZone} to ${end.dateTime} ${end.timeZone}, ${v.intervalMinutes}-minute slots, ${requests} requests`);
    const result = await getSchedule(client, { mailbox: v.mailbox, schedules: people, start, end, intervalMinutes: v.intervalMinutes, outputTimeZone: v.outputTimeZone?.name });
    for (const s of result) await out.item({ ...s, start, end, intervalMinutes: v.intervalMinutes });
    log.info(`${result.length} schedules: ${result.filter((s) => s.available).length} free for the whole window, ${result.filter((s) => s.error).length} unreadable`);
  },
});

export = functionModule(definition, PICKERS);
