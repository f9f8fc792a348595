/** Delete Calendar: deletes a calendar with its events; never the default calendar. */
import { deleteCalendar, getCalendar } from '../../outlook/calendar/eventItems';
import { ConfigurationError } from '../../outlook/errors';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { bool, obj, str } from '../shapes';
import { CALENDAR_EXAMPLE, chosenCalendar } from './eventFields';

const definition = defineAction({
  key: 'deleteCalendar',
  title: 'Delete Calendar',
  description: 'Deletes a calendar with all its events; the default calendar cannot be deleted',
  help: 'The calendar is read first: the default calendar is refused (Graph deletes any calendar but that one). Its events go with it',
  docs: ['https://learn.microsoft.com/graph/api/calendar-delete'],
  permissions: [CALENDARS_WRITE],
  params: {
    calendarId: place(chosenCalendar, 'both').required(),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Deletion', { deleted: bool('Deleted'), calendarId: str('Calendar ID', { required: true }), name: str('Name') }),
  example: { input: { calendarId: CALENDAR_EXAMPLE.id }, output: { deleted: true, calendarId: CALENDAR_EXAMPLE.id, name: CALENDAR_EXAMPLE.name } },
  async run({ values: v, client, log, out, field }) {
    const ref = { mailbox: v.mailbox, calendarId: v.calendarId };
    const calendar = await getCalendar(client, ref);
    if (calendar.isDefaultCalendar === true) {
      throw new ConfigurationError(field('calendarId'), `"${calendar.name ?? v.calendarId}" is the mailbox's default calendar, which cannot be deleted`);
    }
    await deleteCalendar(client, ref);
    log.info('Deleted a calendar');
    await out.item({ deleted: true, calendarId: v.calendarId, ...(calendar.name ? { name: calendar.name } : {}) });
  },
});

export = functionModule(definition, PICKERS);
