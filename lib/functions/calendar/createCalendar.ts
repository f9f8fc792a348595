/** Create Calendar: a new calendar in the mailbox, with a colour. */
import { createCalendar } from '../../outlook/calendar/eventItems';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { CALENDARS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { CALENDAR_EXAMPLE, calendarColor, calendarName, calendarShape } from './eventFields';

const definition = defineAction({
  key: 'createCalendar',
  title: 'Create Calendar',
  description: 'Creates a calendar in the mailbox, with a colour',
  help: 'Creates a calendar (in the default calendar group) with the given name, unique in the mailbox: a name already used is refused, so a '
    + 'redelivered message creates no second calendar',
  docs: ['https://learn.microsoft.com/graph/api/user-post-calendars'],
  permissions: [CALENDARS_WRITE],
  params: {
    name: place(calendarName, 'both').required(),
    color: place(calendarColor, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: calendarShape,
  example: { input: { name: 'Projects', color: 'lightGreen' }, output: CALENDAR_EXAMPLE },
  async run({ values: v, client, log, out }) {
    const created = await createCalendar(client, { mailbox: v.mailbox, name: v.name, color: v.color });
    log.info('Created a calendar');
    await out.item(created);
  },
});

export = functionModule(definition, PICKERS);
