/** Get Messages: lists or searches messages in one folder or the whole mailbox, following pages up to a maximum. */
import { ConfigurationError } from '../../outlook/errors';
import { resolveFolder } from '../../outlook/mail/folders';
import { listMessages } from '../../outlook/mail/messages';
import { MessageCriteria, parseOrder } from '../../outlook/mail/query';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_READ } from '../../platform/permissions';
import * as f from '../fields';
import * as m from './fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, list, message, num, obj } from '../shapes';

const definition = defineAction({
  key: 'getMessages',
  title: 'Get Messages',
  description: 'Lists or searches messages of a folder or the whole mailbox, with filters, following pages up to a maximum',
  help: 'Either a search (KQL text, To, Cc) or filters (sender, subject, received dates, unread, attachments, importance, flag, categories, '
    + 'conversation, your own OData filter) with an order; emits each message or all of them in one message',
  docs: ['https://learn.microsoft.com/graph/api/user-list-messages', 'https://learn.microsoft.com/graph/search-query-parameter'],
  permissions: [MAIL_READ],
  params: {
    folder: place(f.mailFolder, 'both').keys({ config: 'folderId' }).as({ view: { prompt: 'Whole mailbox (default)' }, help: 'Empty: the whole mailbox. In a mapping: an id, a well-known name or a path' }),
    search: place(f.text('Search', { max: 1000, help: 'KQL text, e.g. subject:invoice; cannot be combined with the filters' }), 'input'),
    to: place(m.to, 'input'),
    cc: place(m.cc, 'input'),
    from: place(f.address('From'), 'input'),
    subjectContains: place(f.text('Subject Contains', { max: 255 }), 'input'),
    receivedAfter: place(f.instant('Received At or After'), 'input'),
    receivedBefore: place(f.instant('Received Before'), 'input'),
    unreadOnly: place(f.checkbox('Unread Only'), 'input'),
    hasAttachments: place(f.checkbox('Has Attachments'), 'input'),
    importance: place(f.importance, 'input'),
    flagged: place(m.flagged, 'input'),
    categories: place(m.categories, 'input'),
    conversationId: place(m.conversationId, 'input'),
    filter: place(m.odataFilter, 'input'),
    orderBy: place(m.orderBy, 'both'),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    maxResults: place(f.integer('Maximum Messages', { min: 1, max: 10_000, placeholder: '100' }), 'both').withDefault(100),
    includeBody: place(f.checkbox('Include Body'), 'both').withDefault(false),
    bodyType: place(m.bodyFormat, 'both'),
    mailbox: place(f.mailbox, 'both'),
  },
  // One message each, or with Emit All one {messages, count} for all of them.
  output: obj('Message', { ...message.properties, messages: list('Messages (Emit All)', message), count: num('Number of messages (Emit All)') }),
  batch: { shape: (messages) => ({ messages, count: messages.length }), emitEmpty: true, whole: 'maxResults' },
  example: { input: { folder: 'inbox', from: 'lynne.robbins@contoso.onmicrosoft.com', unreadOnly: true, maxResults: 20 }, output: MESSAGE_EXAMPLE },
  async run({ values: v, client, log, out, field }) {
    const criteria: MessageCriteria = {
      from: v.from, subjectContains: v.subjectContains, receivedAfter: v.receivedAfter, receivedBefore: v.receivedBefore,
      unreadOnly: v.unreadOnly || undefined, hasAttachments: v.hasAttachments, importance: v.importance, flagged: v.flagged,
      categories: v.categories, conversationId: v.conversationId, filter: v.filter,
    };
    const filters = [...(Object.keys(criteria) as Array<keyof MessageCriteria>).filter((k) => criteria[k] !== undefined), ...(v.orderBy ? ['orderBy' as const] : [])];
    const searches = (['search', 'to', 'cc'] as const).filter((k) => v[k] !== undefined);
    if (searches.length > 0 && filters.length > 0) {
      throw new ConfigurationError(`${searches.map((k) => field(k)).join(', ')}, ${filters.map((k) => field(k)).join(', ')}`,
        'a search (Search, To, Cc) cannot be combined with filters or an order (Graph does not support $search with $filter or $orderby on messages); use one or the other');
    }
    log.info(`${searches.length ? `Searching by ${searches.join(', ')}` : `Listing with ${filters.length} filters`}, up to ${v.maxResults} messages`);
    const folder = v.folder === undefined ? undefined : await resolveFolder(client, { mailbox: v.mailbox, folder: v.folder, field: field('folder') });
    let pages = 0;
    for await (const page of listMessages(client, {
      mailbox: v.mailbox, folder, search: v.search, to: v.to, cc: v.cc, criteria, order: v.orderBy && parseOrder(v.orderBy),
      max: v.maxResults, includeBody: v.includeBody, bodyType: v.bodyType,
    })) {
      pages += 1;
      log.info(`Page ${pages}: ${page.length} messages (${out.items + page.length} so far)`);
      for (const item of page) await out.item(item);
    }
    log.info(`${out.items} messages in ${pages} pages`);
  },
});

export = functionModule(definition, PICKERS);
