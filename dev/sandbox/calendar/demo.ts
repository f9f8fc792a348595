/**
 * Demo calendar beyond the single UTC meetings of store/demo.ts: series, all-day events and meetings in several
 * time zones across the current and the next week of the sandbox clock, stored as a Graph client would create them.
 */
import { isoTicks } from '../clock';
import type { Prng } from '../random';
import type { Store } from '../store/Store';
import type { SandboxClock } from '../types';
import { eventChanges } from './events';
import { weekday } from './recurrence';
import { DAY, formatDate, formatWall } from './timeZones';

const DOMAIN = 'contoso.onmicrosoft.com';
const COLLEAGUES: Array<[string, string]> = [
  ['Megan Bowen', `megan.bowen@${DOMAIN}`], ['Lee Gu', `lee.gu@${DOMAIN}`], ['Nestor Wilke', `nestor.wilke@${DOMAIN}`],
  ['Alex Wilber', `alex.wilber@${DOMAIN}`], ['Joni Sherman', `joni.sherman@${DOMAIN}`],
];

type Plan = Record<string, unknown>;

function at(day: number, hour: number, minute: number, zone: string): { dateTime: string; timeZone: string } {
  return { dateTime: formatWall(day * DAY + (hour * 60 + minute) * 60_000), timeZone: zone };
}

function attendees(prng: Prng, count: number): Plan[] {
  const pool = [...COLLEAGUES];
  return Array.from({ length: count }, () => {
    const [name, address] = pool.splice(prng.int(pool.length), 1)[0];
    return { type: prng.chance(0.8) ? 'required' : 'optional', emailAddress: { name, address } };
  });
}

function plans(prng: Prng, monday: number): Plan[] {
  const weekly = (days: string[], start: number, range: Plan): Plan => ({ pattern: { type: 'weekly', interval: 1, daysOfWeek: days, firstDayOfWeek: 'monday' }, range: { startDate: formatDate(start), ...range } });
  const closingDay = new Date((monday + 9) * DAY).getUTCDate();
  return [
    { subject: 'Daily stand-up', start: at(monday, 9, 30, 'W. Europe Standard Time'), end: at(monday, 9, 45, 'W. Europe Standard Time'), isOnlineMeeting: true,
      attendees: attendees(prng, 3), recurrence: weekly(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], monday, { type: 'noEnd' }) },
    { subject: '1:1 with Megan', start: at(monday + 1, 16, 0, 'Pacific Standard Time'), end: at(monday + 1, 16, 30, 'Pacific Standard Time'),
      attendees: [{ type: 'required', emailAddress: { name: COLLEAGUES[0][0], address: COLLEAGUES[0][1] } }],
      recurrence: weekly(['tuesday'], monday + 1, { type: 'numbered', numberOfOccurrences: 6 }) },
    { subject: 'Finance close', start: at(monday + 9, 14, 0, 'Eastern Standard Time'), end: at(monday + 9, 15, 0, 'Eastern Standard Time'), importance: 'high',
      recurrence: { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: closingDay }, range: { type: 'endDate', startDate: formatDate(monday + 9), endDate: formatDate(monday + 9 + 365) } } },
    { subject: 'Focus time', start: at(monday, 13, 0, 'Tokyo Standard Time'), end: at(monday, 14, 0, 'Tokyo Standard Time'), showAs: 'tentative', isReminderOn: false,
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'endDate', startDate: formatDate(monday), endDate: formatDate(monday + 11) } } },
    { subject: 'Tech conference', isAllDay: true, start: at(monday + 3, 0, 0, 'Pacific Standard Time'), end: at(monday + 5, 0, 0, 'Pacific Standard Time'),
      showAs: 'workingElsewhere', location: { displayName: 'Moscone Center, San Francisco' } },
    { subject: 'Company holiday', isAllDay: true, start: at(monday + 9, 0, 0, 'W. Europe Standard Time'), end: at(monday + 10, 0, 0, 'W. Europe Standard Time'), showAs: 'oof' },
    { subject: 'Customer workshop', start: at(monday + 7, 10, 0, 'Tokyo Standard Time'), end: at(monday + 7, 12, 0, 'Tokyo Standard Time'),
      location: { displayName: 'Shibuya office' }, attendees: attendees(prng, 2) },
    { subject: 'Quarterly review', start: at(monday + 10, 15, 0, 'GMT Standard Time'), end: at(monday + 10, 16, 30, 'GMT Standard Time'), importance: 'high',
      organizer: { emailAddress: { name: COLLEAGUES[0][0], address: COLLEAGUES[0][1] } }, attendees: attendees(prng, 2) },
    { subject: 'Dentist', start: at(monday + 2, 7, 30, 'Eastern Standard Time'), end: at(monday + 2, 8, 30, 'Eastern Standard Time'), sensitivity: 'private' },
    { subject: 'Release party', start: at(monday + 11, 17, 0, 'India Standard Time'), end: at(monday + 11, 19, 0, 'India Standard Time'), showAs: 'free', categories: ['Orange category'] },
  ];
}

/** Adds the demo series and time-zoned events to the default calendar, relative to the clock's current week. */
export function seedCalendar(store: Store, prng: Prng, clock: SandboxClock): void {
  const now = clock.now();
  const today = Math.floor(now / DAY);
  const monday = today - ((weekday(today) + 6) % 7);
  for (const plan of plans(prng, monday)) {
    const rec = store.insertEvent({ ...eventChanges({ body: { contentType: 'html', content: '<p>Agenda to follow.</p>' }, ...plan }, { me: store.user.mail }) });
    const created = now - prng.between(2, 14) * DAY;
    rec.created = created;
    rec.modified = created + prng.int(DAY);
    rec.props.createdDateTime = isoTicks(created, prng.int(10000));
    rec.props.lastModifiedDateTime = isoTicks(rec.modified, prng.int(10000));
  }
}
