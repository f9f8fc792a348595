/** "Poll for New Mail": new and changed messages of one folder, each version exactly once. */
import type { GraphClient } from '../graph/GraphClient';
import { ConfigurationError, GraphError } from '../graph/errors';
import { isFileAttachment, listAttachments, openAttachment } from '../outlook/attachments';
import { withoutODataKeys } from '../outlook/mappers';
import { MAX_MESSAGE_PAGE, Message, deltaHeaders, getPolledMessage, isPartialMessage, listMessagesModifiedSince, messagesDelta } from '../outlook/messages';
import { isRecord, optionalBoolean, optionalId } from '../outlook/validate';
import { storeAttachment, StoredAttachment } from '../platform/attachments';
import type { Message as PlatformMessage } from '../platform/context';
import { graphClientFor } from '../platform/credentials';
import { PollSource, PollingContext, poll, readPollingConfig } from '../platform/polling';
import { getFolders } from '../selectModels';
import { PERMISSIONS, explainAccessDenied } from '../platform/permissions';

const TITLE = '"Poll for New Mail" trigger';

interface MailOptions {
  mailbox?: string;
  folderId: string;
  unreadOnly: boolean;
  attachments: boolean;
}

async function storeAttachments(client: GraphClient, options: MailOptions, message: Message): Promise<StoredAttachment[]> {
  const ref = { mailbox: options.mailbox, messageId: message.id };
  const stored: StoredAttachment[] = [];
  for (const attachment of await listAttachments(client, ref)) {
    // Item and reference attachments have no bytes of their own to store.
    if (!isFileAttachment(attachment)) continue;
    const content = await openAttachment(client, { ...ref, attachmentId: attachment.id });
    stored.push(await storeAttachment(content.stream, { name: attachment.name, contentType: attachment.contentType, expectedSize: content.length }));
  }
  return stored;
}

/** A partial delta item, read again with every selected property; undefined when it is gone. */
async function readWhole(client: GraphClient, options: MailOptions, messageId: string): Promise<Message | undefined> {
  try {
    return (await client.request<Message>(getPolledMessage({ mailbox: options.mailbox, messageId }))).data;
  } catch (err) {
    if (err instanceof GraphError && err.status === 404) return undefined;
    throw err;
  }
}

function mailSource(client: GraphClient, options: MailOptions): PollSource<Message> {
  return {
    title: TITLE,
    noun: 'messages',
    pageSize: MAX_MESSAGE_PAGE,
    modifiedSince: (since, top) => listMessagesModifiedSince({ ...options, since, top }),
    deltaStart: (pageSize) => messagesDelta(options, pageSize),
    deltaHeaders,
    // The delta query cannot filter on isRead, so unread-only is applied here in delta mode.
    accepts: (message) => !options.unreadOnly || message.isRead !== true,
    complete: (message) => (isPartialMessage(message) ? readWhole(client, options, message.id) : Promise.resolve(message)),
    async toBody(message) {
      const body = withoutODataKeys(message);
      if (options.attachments && message.hasAttachments === true) body.attachments = await storeAttachments(client, options, message);
      return body;
    },
  };
}

async function pollOnce(this: PollingContext, _msg: PlatformMessage, cfg: unknown, snapshot: unknown): Promise<void> {
  const fields = isRecord(cfg) ? cfg : {};
  const config = readPollingConfig(fields, 'maxMessages');
  const folderId = optionalId(fields.folderId, 'Mail Folder');
  if (folderId === undefined) throw new ConfigurationError('Mail Folder', 'is required');
  const options: MailOptions = {
    mailbox: config.mailbox,
    folderId,
    unreadOnly: optionalBoolean(fields.pollOnlyUnreadMail, 'Poll Only Unread Mail') ?? false,
    attachments: optionalBoolean(fields.getAttachment, 'Get Attachments') ?? false,
  };
  const client = graphClientFor(this, cfg, { clock: this.clock });
  await poll({
    ctx: this, client, config, snapshot,
    source: mailSource(client, options),
    target: `folder ${folderId}${config.mailbox ? ` of ${config.mailbox}` : ''}${options.unreadOnly ? ', unread only' : ''}`,
  });
}

async function processTrigger(this: PollingContext, msg: PlatformMessage, cfg: unknown, snapshot: unknown): Promise<void> {
  try {
    await pollOnce.call(this, msg, cfg, snapshot);
  } catch (err) {
    throw explainAccessDenied(err, { title: TITLE, permissions: PERMISSIONS.readMail, cfg });
  }
}

export { processTrigger as process, getFolders };
