/** Add Draft Attachment: files of any size added to a draft, posted below 3 MB and uploaded in chunks above. */
import { addDraftAttachments } from '../../outlook/mail/drafts';
import { MAX_MESSAGE_BYTES, checkAttachmentSizes } from '../../outlook/mail/send';
import { downloadAttachments } from '../../platform/attachments/download';
import { defineAction } from '../../platform/definition';
import { functionModule } from '../../platform/execution';
import { place } from '../../platform/params';
import { MAIL_WRITE } from '../../platform/permissions';
import * as f from '../fields';
import { PICKERS } from '../pickers';
import { MESSAGE_EXAMPLE } from '../shapes';
import * as mf from './fields';
import { addedAttachments } from './shapes';

const definition = defineAction({
  key: 'addDraftAttachment',
  title: 'Add Draft Attachment',
  description: 'Adds files of any size up to 150 MB to a draft, through an upload session when they are 3 MB or larger',
  help: 'Reads the files from the URLs in attachments[] (object storage) and adds them to the draft. Only drafts take attachments '
    + 'here: the id of a sent or received message is refused before anything is written',
  docs: ['https://learn.microsoft.com/graph/api/message-post-attachments', 'https://learn.microsoft.com/graph/api/attachment-createuploadsession',
    'https://learn.microsoft.com/graph/outlook-large-attachments'],
  permissions: [MAIL_WRITE],
  params: {
    messageId: place(mf.draftId, 'input').required().keys({ aliases: ['id', 'draftId'] }),
    attachments: place(f.attachmentRefs, 'input').required(),
    mailbox: place(f.mailbox, 'both'),
  },
  output: addedAttachments,
  example: {
    input: { messageId: MESSAGE_EXAMPLE.id, attachments: [{ name: 'site-plan.pdf', url: 'https://maester.example.io/objects/5c2e…?storage_type=maester', contentType: 'application/pdf' }] },
    output: { id: MESSAGE_EXAMPLE.id, attachments: [{ name: 'site-plan.pdf', contentType: 'application/pdf', size: 18_874_368, method: 'uploadSession' }], mailbox: null },
  },
  async run({ values: v, client, log, out, field }) {
    checkAttachmentSizes(v.attachments, field('attachments'));
    const downloads = await downloadAttachments(v.attachments, { maxFileBytes: MAX_MESSAGE_BYTES, maxTotalBytes: MAX_MESSAGE_BYTES }, log);
    try {
      const added = await addDraftAttachments(client, { mailbox: v.mailbox, messageId: v.messageId, field: field('messageId'), files: downloads.files, logger: log });
      log.info(`Added ${added.length} attachments to the draft`);
      await out.item({ id: v.messageId, attachments: added, mailbox: v.mailbox ?? null });
    } finally {
      await downloads.cleanup();
    }
  },
});

export = functionModule(definition, PICKERS);
