/** "Poll for New Mail": new and changed messages of one folder, each version exactly once. */
import { withoutODataKeys } from '../../outlook/items';
import {
  MAX_MESSAGE_PAGE, Message, completePolledMessage, deltaHeaders, isPartialMessage, listMessagesModifiedSince, messagesDelta,
} from '../../outlook/mail/messages';
import { MessageCriteria, meetsCriteria } from '../../outlook/mail/query';
import { storeFileAttachments } from '../../platform/attachments/store';
import { definePollingTrigger } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_READ } from '../../platform/permissions';
import { poll, pollingConfig } from '../../platform/polling/engine';
import * as f from '../fields';
import * as m from './fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, polledMessage } from '../shapes';

const definition = definePollingTrigger({
  key: 'readMail',
  title: 'Poll for New Mail',
  description: 'Emits new and changed messages of a mail folder, each version exactly once',
  help: 'Emits every message of the folder modified since the last execution (new mail, and changes such as flagged or moved in), each version exactly once',
  docs: ['https://learn.microsoft.com/graph/api/user-list-messages', 'https://learn.microsoft.com/graph/api/message-delta'],
  permissions: [MAIL_READ],
  params: {
    folderId: place(f.mailFolder, 'config').required(),
    startTime: place(f.startTime, 'config').withDefault(f.DEFAULT_START),
    pollOnlyUnreadMail: place(f.checkbox('Poll Only Unread Mail', { help: 'Only messages that are unread (isRead eq false, in the same query)' }), 'config').withDefault(false),
    from: place(f.address('From', { help: 'Only messages from this address' }), 'config'),
    subjectContains: place(f.text('Subject Contains', { max: 255, help: 'Only messages whose subject contains this text' }), 'config'),
    hasAttachments: place(f.checkbox('Has Attachments', { help: 'Only messages with attachments (inline images aside)' }), 'config'),
    importance: place(f.importance, 'config').as({ view: { prompt: 'Any importance' }, help: 'Only messages of this importance' }),
    flagged: place(f.checkbox('Flagged', { help: 'Only flagged messages' }), 'config'),
    categories: place(m.pickedCategories, 'config').as({ help: 'Only messages in one of these categories' }),
    getAttachment: place(f.checkbox('Get Attachments', {
      help: 'Stores each file attachment in the platform\'s object storage and adds <b>attachments</b> (name, contentType, size, url) to the message',
    }), 'config').withDefault(false),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    pollingMode: place(f.choice('Polling Mode', { lastModifiedDateTime: 'Last Modified Time', delta: 'Delta Query' } as const, {
      prompt: 'Last Modified Time (default)',
      help: '<b>Delta Query</b> follows the folder\'s change feed (deletions are not emitted); <b>Last Modified Time</b> queries by lastModifiedDateTime',
    }), 'config'),
    maxMessages: place(f.maxPerExecution('Messages'), 'config'),
    lookbackSeconds: place(f.lookbackSeconds, 'config').withDefault(5),
    mailbox: place(f.mailbox, 'config'),
  },
  output: polledMessage,
  example: {
    config: { folderId: 'inbox', pollOnlyUnreadMail: true },
    output: { ...MESSAGE_EXAMPLE, body: { contentType: 'html', content: '<html><body><p>Hi Adele, see you Thursday.</p></body></html>' } },
  },
  async run({ values, client, platform, snapshot }) {
    const { mailbox, folderId, pollOnlyUnreadMail: unreadOnly } = values;
    const folder = { mailbox, folderId };
    // Filters go into the same query, after the cursor's condition, as Graph's InefficientFilter rule wants; an
    // unticked box means "any", not "without".
    const criteria: MessageCriteria = {
      from: values.from, subjectContains: values.subjectContains, hasAttachments: values.hasAttachments || undefined,
      importance: values.importance, flagged: values.flagged || undefined, categories: values.categories,
    };
    const filters = Object.values(criteria).filter((c) => c !== undefined).length;
    await poll<Message>({
      ctx: platform, client, snapshot, config: pollingConfig(values, values.maxMessages),
      target: `folder ${folderId}${mailbox ? ` of ${mailbox}` : ''}${unreadOnly ? ', unread only' : ''}${filters ? `, ${filters} filters` : ''}`,
      source: {
        title: '"Poll for New Mail" trigger',
        noun: 'messages',
        pageSize: MAX_MESSAGE_PAGE,
        modifiedSince: (since, top) => listMessagesModifiedSince({ ...folder, unreadOnly, criteria, since, top }),
        deltaStart: (pageSize) => messagesDelta(folder, pageSize),
        deltaHeaders,
        // The delta query cannot filter on these, so they are applied here in delta mode.
        accepts: (message) => (!unreadOnly || message.isRead !== true) && meetsCriteria(message, criteria),
        complete: (message) => (isPartialMessage(message) ? completePolledMessage(client, { mailbox, messageId: message.id }) : Promise.resolve(message)),
        async toBody(message) {
          const body = withoutODataKeys(message);
          if (values.getAttachment && message.hasAttachments === true) body.attachments = await storeFileAttachments(client, { mailbox, messageId: message.id });
          return body;
        },
      },
    });
  },
});

export = functionModule(definition, PICKERS);
