/** Get Message: one message by id or by Internet Message-ID, with its body, optionally its attachments and raw MIME. */
import { ConfigurationError } from '../../outlook/errors';
import { emlName, findByInternetMessageId, getMessage, openMessageMime } from '../../outlook/mail/read';
import { exportAttachments } from '../../platform/attachments/export';
import { storeAttachment } from '../../platform/attachments/store';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE } from '../shapes';
import * as m from './fields';
import { fullMessage } from './shapes';

const definition = defineAction({
  key: 'getMessage',
  title: 'Get Message',
  description: 'Reads one message by its id or its Internet Message-ID, with its body, and optionally stores its attachments and raw MIME (.eml)',
  help: 'Reads the message with the given id (or, without one, the message with the given Internet Message-ID) with its body as HTML or text. '
    + 'Include Attachments stores its file attachments in object storage; Include MIME streams the raw message (.eml) there',
  docs: ['https://learn.microsoft.com/graph/api/message-get', 'https://learn.microsoft.com/graph/outlook-get-mime-message'],
  permissions: [MAIL_READ],
  params: {
    messageId: place(f.messageId, 'input').keys({ aliases: ['id'] }),
    internetMessageId: place(m.internetMessageId, 'input'),
    bodyType: place(m.bodyFormat, 'both'),
    includeAttachments: place(f.checkbox('Include Attachments', {
      help: 'Stores each attachment in object storage (an attached mail or event as .eml or .ics) and adds <b>attachments</b> (name, contentType, size, url; links to cloud files as link)',
    }), 'both').withDefault(false),
    includeMime: place(f.checkbox('Include MIME', { help: 'Streams the raw message (.eml) into object storage and adds <b>mime</b> (name, contentType, size, url)' }), 'both').withDefault(false),
    mailbox: place(f.mailbox, 'both'),
  },
  output: fullMessage,
  example: {
    input: { messageId: MESSAGE_EXAMPLE.id, bodyType: 'text', includeMime: true },
    output: {
      ...MESSAGE_EXAMPLE, body: { contentType: 'text', content: 'Hi Adele, see you Thursday.' },
      mime: { name: 'Let\'s meet on Thursday.eml', contentType: 'message/rfc822', size: 4816, url: 'https://maester.example.io/objects/5c1d…?storage_type=maester' },
    },
  },
  async run({ values: v, client, log, out, field }) {
    if (v.messageId === undefined && v.internetMessageId === undefined) {
      throw new ConfigurationError(`${field('messageId')} or ${field('internetMessageId')}`, 'one of them is required');
    }
    const options = { mailbox: v.mailbox, bodyType: v.bodyType };
    let result: Record<string, unknown>;
    if (v.messageId !== undefined) {
      result = { ...await getMessage(client, v.messageId, { ...options, field: field('messageId') }) };
    } else {
      const found = await findByInternetMessageId(client, v.internetMessageId as string, { ...options, field: field('internetMessageId') });
      if (found.copies > 1) log.info(`${found.copies} messages carry that Internet Message-ID; the most recently received one is emitted`);
      result = { ...found.message, copies: found.copies };
    }
    const ref = { mailbox: v.mailbox, messageId: String(result.id) };
    if (v.includeAttachments && result.hasAttachments !== false) {
      const exported = [];
      const link = typeof result.webLink === 'string' ? result.webLink : undefined;
      for await (const a of exportAttachments(client, ref, { includeInline: false, itemFormat: 'file', messageLink: link })) exported.push(a);
      result.attachments = exported;
    }
    if (v.includeMime) {
      const raw = await openMessageMime(client, ref);
      result.mime = await storeAttachment(raw.stream, { name: emlName(result.subject), contentType: 'message/rfc822', expectedSize: raw.length });
    }
    log.info(`Read message${v.includeAttachments ? `, ${(result.attachments as unknown[] | undefined)?.length ?? 0} attachments stored` : ''}${v.includeMime ? ', MIME stored' : ''}`);
    await out.item(result);
  },
});

export = functionModule(definition, PICKERS);
