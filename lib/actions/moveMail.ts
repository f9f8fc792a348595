/** Move Mail: moves (or copies) one message to another folder; emits it under its new id. */
import { segment } from '../graph/paths';
import { copyMessage, moveMessage, resolveFolder } from '../outlook/mail';
import { fields, firstGiven, mailboxOf, optionalBoolean, optionalString, requiredString } from '../outlook/validate';
import type { ComponentContext, Message } from '../platform/context';
import { getFolders } from '../selectModels';
import { graphClientFor } from '../platform/credentials';
import { newMessage } from '../platform/emit';
import { actionProcess } from '../platform/execution';

async function processAction(this: ComponentContext, msg: Message, cfgValue: unknown): Promise<void> {
  const started = Date.now();
  const cfg = fields(cfgValue, 'configuration');
  const body = fields(msg.body, 'message body');
  const messageId = requiredString(firstGiven(body.messageId, body.id), 'messageId', 2048);
  segment(messageId, 'messageId');
  // The existing component soft-deleted (moved to Deleted Items) when no destination was chosen; flows rely on it.
  const destination = optionalString(firstGiven(body.destinationFolder, cfg.destinationFolder), 'destinationFolder', 2048) ?? 'deleteditems';
  const copy = optionalBoolean(firstGiven(body.copy, cfg.copy), 'copy') ?? false;
  const mailbox = mailboxOf(body, cfg);
  const client = graphClientFor(this, cfgValue);
  this.logger.info(`"Move Mail" action started: ${copy ? 'copying' : 'moving'} a message to ${destination}`);

  const destinationId = await resolveFolder(client, { mailbox, folder: destination, field: 'destinationFolder' });
  const request = { mailbox, messageId, destinationId };
  const result = copy ? await copyMessage(client, request) : await moveMessage(client, request);
  await this.emit('data', newMessage(result));
  this.logger.info(`"Move Mail" action finished in ${Date.now() - started} ms`);
}


const processThrottleAware = actionProcess({ key: 'moveMail', title: '"Move Mail" action' }, processAction);

export { processThrottleAware as process, getFolders };
