/** Get Automatic Replies: the out-of-office setting of the mailbox. */
import { getAutomaticReplies } from '../../outlook/mail/settings';
import { withoutODataKeys } from '../../outlook/items';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAILBOX_SETTINGS_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { REPLIES_EXAMPLE, automaticReplies } from './shapes';

const definition = defineAction({
  key: 'getAutomaticReplies',
  title: 'Get Automatic Replies',
  description: 'Reads the automatic replies (out of office) of the mailbox: on, off or scheduled, the messages and the schedule',
  help: 'Emits the automaticRepliesSetting of the mailbox settings. Graph offers the settings of the signed-in user\'s own mailbox only',
  docs: ['https://learn.microsoft.com/graph/api/user-get-mailboxsettings', 'https://learn.microsoft.com/graph/api/resources/automaticrepliessetting'],
  permissions: [MAILBOX_SETTINGS_READ],
  params: { mailbox: place(f.mailbox, 'both') },
  output: automaticReplies,
  example: { input: {}, output: REPLIES_EXAMPLE },
  async run({ values: v, client, log, out }) {
    const replies = withoutODataKeys(await getAutomaticReplies(client, v.mailbox));
    log.info(`Automatic replies: ${String(replies.status)}`);
    await out.item(replies);
  },
});

export = functionModule(definition, PICKERS);
