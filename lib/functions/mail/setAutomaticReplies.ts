/** Set Automatic Replies: turns out-of-office replies on, off or on for a scheduled time, with their messages. */
import { ConfigurationError } from '../../outlook/errors';
import { AutomaticReplies, setAutomaticReplies } from '../../outlook/mail/settings';
import { withoutODataKeys } from '../../outlook/items';
import { checkOrder, resolveZoned } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { Values, place } from '../../platform/params';
import { MAILBOX_SETTINGS_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import * as m from './fields';
import { REPLIES_EXAMPLE, automaticReplies } from './shapes';

const params = {
  status: place(m.repliesStatus, 'both').required(),
  scheduledStart: place(f.dateTime('Start', { help: 'With On, between Start and End: when the replies start (ISO 8601, or {dateTime, timeZone})' }), 'both'),
  scheduledEnd: place(f.dateTime('End', { help: 'With On, between Start and End: when they stop' }), 'both'),
  timeZone: place(f.timeZoneField, 'both'),
  internalReplyMessage: place(m.replyMessage('Internal Reply'), 'both'),
  externalReplyMessage: place(m.replyMessage('External Reply'), 'both'),
  externalAudience: place(m.externalAudience, 'both'),
  mailbox: place(f.mailbox, 'both'),
};

const definition = defineAction({
  key: 'setAutomaticReplies',
  title: 'Set Automatic Replies',
  description: 'Turns automatic replies (out of office) on, off, or on for a scheduled time, with the replies inside and outside the organisation',
  help: 'Changes only what is given. On, between Start and End needs both times (in Time Zone, default UTC), the end after the start. '
    + 'Graph offers the settings of the signed-in user\'s own mailbox only',
  docs: ['https://learn.microsoft.com/graph/api/user-update-mailboxsettings', 'https://learn.microsoft.com/graph/api/resources/automaticrepliessetting'],
  permissions: [MAILBOX_SETTINGS_WRITE],
  params,
  output: automaticReplies,
  example: {
    input: {
      status: 'scheduled', scheduledStart: '2026-12-01T08:00', scheduledEnd: '2026-12-04T17:00', timeZone: 'UTC', externalAudience: 'contactsOnly',
      internalReplyMessage: 'I am at the offsite until Friday; Megan covers for me.', externalReplyMessage: 'I am out of the office until 4 December.',
    },
    output: REPLIES_EXAMPLE,
  },
  async run({ values: v, client, log, out, field }) {
    const replies = repliesOf(v, field);
    log.info(`Setting automatic replies: ${v.status}`);
    await out.item(withoutODataKeys(await setAutomaticReplies(client, v.mailbox, replies)));
  },
});

/** The setting asked for; a schedule needs both ends, the end after the start, and only with status scheduled. */
function repliesOf(v: Values<typeof params>, field: (name: keyof typeof params & string) => string): AutomaticReplies {
  if (v.status !== 'scheduled' && (v.scheduledStart || v.scheduledEnd)) {
    throw new ConfigurationError(field(v.scheduledStart ? 'scheduledStart' : 'scheduledEnd'), `applies only with ${field('status')} = scheduled`);
  }
  const replies: AutomaticReplies = { status: v.status };
  if (v.status === 'scheduled') {
    if (!v.scheduledStart || !v.scheduledEnd) throw new ConfigurationError(field(v.scheduledStart ? 'scheduledEnd' : 'scheduledStart'), `is required when ${field('status')} is scheduled`);
    replies.scheduledStartDateTime = resolveZoned(v.scheduledStart, [v.timeZone], field('scheduledStart'));
    replies.scheduledEndDateTime = resolveZoned(v.scheduledEnd, [v.timeZone], field('scheduledEnd'));
    checkOrder(replies.scheduledStartDateTime, replies.scheduledEndDateTime, field('scheduledEnd'));
  }
  if (v.externalAudience) replies.externalAudience = v.externalAudience;
  if (v.internalReplyMessage !== undefined) replies.internalReplyMessage = v.internalReplyMessage;
  if (v.externalReplyMessage !== undefined) replies.externalReplyMessage = v.externalReplyMessage;
  return replies;
}

export = functionModule(definition, PICKERS);
