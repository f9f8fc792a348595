/** Update Message: read/unread, flag (with start and due dates), categories, importance, Focused/Other. */
import { ConfigurationError } from '../../outlook/errors';
import { MessageChanges, updateMessage } from '../../outlook/mail/organise';
import { checkOrder, resolveZoned } from '../../outlook/values/times';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { Values, place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, message } from '../shapes';
import * as m from './fields';

const params = {
  messageId: place(f.messageId, 'input').required().keys({ aliases: ['id'] }),
  isRead: place(m.isRead, 'both'),
  flag: place(m.flag, 'both'),
  flagStart: place(m.flagStart, 'input'),
  flagDue: place(m.flagDue, 'input'),
  timeZone: place(f.timeZoneField, 'both'),
  categories: place(m.pickedCategories, 'both'),
  categoriesMode: place(m.categoriesMode, 'both').withDefault('add'),
  importance: place(f.importance, 'both'),
  inferenceClassification: place(m.inferenceClassification, 'both'),
  mailbox: place(f.mailbox, 'both'),
};

type Input = Values<typeof params>;

const definition = defineAction({
  key: 'updateMessage',
  title: 'Update Message',
  description: 'Marks a message read or unread, flags it (with start and due dates), completes or clears the flag, adds, removes or replaces categories, and sets importance or Focused/Other',
  help: 'Changes only what is given. Categories are added to, removed from or replace the message\'s categories (Categories Change); '
    + 'Flag Start and Flag Due apply to Flag = flagged',
  docs: ['https://learn.microsoft.com/graph/api/message-update', 'https://learn.microsoft.com/graph/api/resources/followupflag'],
  permissions: [MAIL_WRITE],
  params,
  output: message,
  example: {
    input: {
      messageId: MESSAGE_EXAMPLE.id, isRead: true, flag: 'flagged', flagStart: '2026-12-01T09:00', flagDue: '2026-12-03T17:00',
      timeZone: 'Europe/Berlin', categories: 'Clients', categoriesMode: 'add', importance: 'high',
    },
    output: { ...MESSAGE_EXAMPLE, isRead: true, importance: 'high', categories: ['Clients'], flag: { flagStatus: 'flagged' } },
  },
  async run({ values: v, client, log, out, field }) {
    const changes = changesOf(v, field);
    const what = Object.keys(changes);
    if (what.length === 0) {
      const names = ['isRead', 'flag', 'categories', 'importance', 'inferenceClassification'] as const;
      throw new ConfigurationError(names.map((k) => field(k)).join(', '),
        'nothing to change: give at least one of them');
    }
    log.info(`Updating ${what.join(', ')} of a message`);
    await out.item(await updateMessage(client, { mailbox: v.mailbox, messageId: v.messageId }, changes));
  },
});

/** The changes asked for, checked across fields (flag dates need a flag, a due date needs a start). */
function changesOf(v: Input, field: (name: keyof Input & string) => string): MessageChanges {
  const changes: MessageChanges = {};
  if (v.isRead !== undefined) changes.isRead = v.isRead;
  if (v.importance) changes.importance = v.importance;
  if (v.inferenceClassification) changes.inferenceClassification = v.inferenceClassification;
  if ((v.flagStart || v.flagDue) && v.flag !== 'flagged') {
    throw new ConfigurationError(field(v.flagStart ? 'flagStart' : 'flagDue'), `applies only with ${field('flag')} = flagged`);
  }
  if (v.flagDue && !v.flagStart) throw new ConfigurationError(field('flagDue'), `needs ${field('flagStart')} too (Graph refuses a due date without a start)`);
  if (v.flag) {
    const zones = [v.timeZone];
    const start = v.flagStart && resolveZoned(v.flagStart, zones, field('flagStart'));
    const due = v.flagDue && resolveZoned(v.flagDue, zones, field('flagDue'));
    if (start && due) checkOrder(start, due, field('flagDue'));
    changes.flag = { flagStatus: v.flag, ...(start ? { startDateTime: start } : {}), ...(due ? { dueDateTime: due } : {}) };
  }
  if (v.categoriesMode === 'clear') changes.categories = { mode: 'clear', names: [] };
  else if (v.categories) changes.categories = { mode: v.categoriesMode, names: v.categories };
  else if (v.categoriesMode !== 'add') throw new ConfigurationError(field('categories'), `is required when ${field('categoriesMode')} is ${v.categoriesMode}`);
  return changes;
}

export = functionModule(definition, PICKERS);
