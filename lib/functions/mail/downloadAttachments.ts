/** Download Attachments: every attachment of a message — files to object storage, attached items as files or JSON, links as links. */
import { nameFilter } from '../../outlook/mail/attachmentItems';
import { getMessage } from '../../outlook/mail/read';
import { exportAttachments } from '../../platform/attachments/export';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_READ } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE, list, num, obj, str } from '../shapes';
import * as m from './fields';
import { ATTACHMENT_EXAMPLE, exportedAttachment } from './shapes';

const definition = defineAction({
  key: 'downloadAttachments',
  title: 'Download Attachments',
  description: 'Stores the attachments of a message in object storage: files, attached mails and events (.eml, .ics, or JSON), and links to cloud files',
  help: 'File attachments are streamed into object storage, their byte count checked against the download; an attached mail, event or contact is '
    + 'stored as .eml, .ics or .vcf (or emitted as JSON); a link to a cloud file (reference attachment) is given as a link. Inline images only on request',
  docs: ['https://learn.microsoft.com/graph/api/message-list-attachments', 'https://learn.microsoft.com/graph/api/attachment-get'],
  permissions: [MAIL_READ],
  params: {
    messageId: place(f.messageId, 'input').required().keys({ aliases: ['id'] }),
    includeInline: place(m.includeInline, 'both').withDefault(false),
    itemFormat: place(m.itemFormat, 'both').withDefault('file'),
    fileTypes: place(m.fileTypes, 'both'),
    nameContains: place(m.nameContains, 'both'),
    emitBehavior: place(f.emitBehavior, 'config').withDefault('emitIndividually'),
    mailbox: place(f.mailbox, 'both'),
  },
  output: obj('Attachment', {
    ...exportedAttachment.properties,
    messageId: str('Message ID'),
    attachments: list('Attachments (Emit All)', exportedAttachment), count: num('Number of attachments (Emit All)'),
  }),
  batch: { shape: (attachments) => ({ attachments, count: attachments.length }), emitEmpty: true },
  example: { input: { messageId: MESSAGE_EXAMPLE.id, fileTypes: 'pdf' }, output: { ...ATTACHMENT_EXAMPLE, messageId: MESSAGE_EXAMPLE.id } },
  async run({ values: v, client, log, out, field }) {
    const ref = { mailbox: v.mailbox, messageId: v.messageId };
    // The message's web link is where a reference attachment opens; reading it also says early when the id is wrong.
    const message = await getMessage(client, v.messageId, { mailbox: v.mailbox, field: field('messageId') });
    const exported = exportAttachments(client, ref, {
      includeInline: v.includeInline, itemFormat: v.itemFormat, accept: nameFilter({ extensions: v.fileTypes, contains: v.nameContains }),
      messageLink: typeof message.webLink === 'string' ? message.webLink : undefined,
    });
    for await (const attachment of exported) await out.item({ ...attachment, messageId: v.messageId });
    log.info(`${out.items} attachments exported`);
  },
});

export = functionModule(definition, PICKERS);
