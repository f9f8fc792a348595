/** Get Messages: lists or searches messages in one folder or the whole mailbox, following pages up to a maximum. */
import { ConfigurationError } from '../graph/errors';
import { MessageCriteria, MessageRecord, listMessages, resolveFolder } from '../outlook/mail';
import {
  emailAddress, fields, firstGiven, mailboxOf, optionalBoolean, optionalEnum, optionalInteger, optionalString, optionalUtc,
} from '../outlook/validate';
import type { ComponentContext, Message } from '../platform/context';
import { getFolders } from '../selectModels';
import { graphClientFor } from '../platform/credentials';
import { newMessage } from '../platform/emit';
import { actionProcess } from '../platform/execution';

/** The platform refuses messages above 10 MiB once encrypted and base64-encoded (elasticio-platform.md §7). */
const MAX_EMIT_ALL_BYTES = 7 * 1024 * 1024;

function criteriaOf(body: Record<string, unknown>): MessageCriteria {
  const from = optionalString(body.from, 'from', 320);
  return {
    from: from === undefined ? undefined : emailAddress(from, 'from'),
    subjectContains: optionalString(body.subjectContains, 'subjectContains', 255),
    receivedAfter: optionalUtc(body.receivedAfter, 'receivedAfter'),
    receivedBefore: optionalUtc(body.receivedBefore, 'receivedBefore'),
    unreadOnly: optionalBoolean(body.unreadOnly, 'unreadOnly') || undefined,
    hasAttachments: optionalBoolean(body.hasAttachments, 'hasAttachments'),
    importance: optionalEnum(body.importance, 'importance', ['low', 'normal', 'high'] as const),
  };
}

async function processAction(this: ComponentContext, msg: Message, cfgValue: unknown): Promise<void> {
  const started = Date.now();
  const cfg = fields(cfgValue, 'configuration');
  const body = fields(msg.body, 'message body');
  const search = optionalString(body.search, 'search', 1000);
  const criteria = criteriaOf(body);
  const filters = Object.entries(criteria).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (search !== undefined && filters.length > 0) {
    throw new ConfigurationError(`search, ${filters.join(', ')}`, 'a search text cannot be combined with filters (Graph does not support $search with $filter on messages); use one or the other');
  }
  const max = optionalInteger(firstGiven(body.maxResults, cfg.maxResults), 'maxResults', { min: 1, max: 10_000 }) ?? 100;
  const emitAll = (optionalEnum(cfg.emitBehavior, 'emitBehavior', ['emitIndividually', 'emitAll'] as const) ?? 'emitIndividually') === 'emitAll';
  const includeBody = optionalBoolean(firstGiven(body.includeBody, cfg.includeBody), 'includeBody') ?? false;
  const bodyType = optionalEnum(firstGiven(body.bodyType, cfg.bodyType), 'bodyType', ['text', 'html'] as const);
  const folderInput = optionalString(firstGiven(body.folder, cfg.folderId), 'folder', 2048);
  const mailbox = mailboxOf(body, cfg);
  const client = graphClientFor(this, cfgValue);
  this.logger.info(`"Get Messages" action started: ${search !== undefined ? 'search' : `${filters.length} filters`}, up to ${max} messages`);

  const folder = folderInput === undefined ? undefined : await resolveFolder(client, { mailbox, folder: folderInput, field: 'folder' });
  const collected: MessageRecord[] = [];
  let count = 0;
  let pageCount = 0;
  for await (const page of listMessages(client, { mailbox, folder, search, criteria, max, includeBody, bodyType })) {
    pageCount += 1;
    count += page.length;
    this.logger.info(`Page ${pageCount}: ${page.length} messages (${count} so far)`);
    if (emitAll) collected.push(...page);
    else for (const message of page) await this.emit('data', newMessage(message));
  }
  if (emitAll) {
    const out = newMessage({ messages: collected, count });
    if (Buffer.byteLength(JSON.stringify(out)) > MAX_EMIT_ALL_BYTES) {
      throw new ConfigurationError('maxResults', `${count} messages are too large for one platform message; lower maxResults, leave out bodies, or emit individually`);
    }
    await this.emit('data', out);
  }
  this.logger.info(`"Get Messages" action finished in ${Date.now() - started} ms: ${count} messages in ${pageCount} pages`);
}


const processThrottleAware = actionProcess({ key: 'getMessages', title: '"Get Messages" action' }, processAction);

export { processThrottleAware as process, getFolders };
