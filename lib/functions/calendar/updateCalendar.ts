/** Update Calendar: renames a calendar or changes its colour. */
import { updateCalendar } from '../../outlook/calendar/eventItems';
import { ConfigurationError } from '../../outlook/errors';
import { dropUndefined } from '../../outlook/items';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { CALENDAR_EXAMPLE, calendarColor, calendarName, calendarShape, chosenCalendar } from './eventFields';

const definition = defineAction({
  key: 'updateCalendar',
  title: 'Update Calendar',
  description: 'Renames a calendar or changes its colour',
  help: 'Sends only what is given: a new name (unique in the mailbox) and/or a colour',
  docs: ['https://learn.microsoft.com/graph/api/calendar-update'],
  permissions: [CALENDARS_WRITE],
  params: {
    calendarId: place(chosenCalendar, 'both').required(),
    name: place(calendarName, 'both').as({ label: 'New Name' }),
    color: place(calendarColor, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: calendarShape,
  example: { input: { calendarId: CALENDAR_EXAMPLE.id, name: 'Projects 2027', color: 'lightTeal' }, output: { ...CALENDAR_EXAMPLE, name: 'Projects 2027', color: 'lightTeal' } },
  async run({ values: v, client, log, out, field }) {
    const changes = dropUndefined({ name: v.name, color: v.color });
    if (Object.keys(changes).length === 0) throw new ConfigurationError(`${field('name')}, ${field('color')}`, 'nothing to change: give a new name or a colour');
    const updated = await updateCalendar(client, { mailbox: v.mailbox, calendarId: v.calendarId, changes });
    log.info(`Changed the ${Object.keys(changes).join(' and ')} of a calendar`);
    await out.item(updated);
  },
});

export = functionModule(definition, PICKERS);
