/**
 * The demo mailbox, the same for a given seed and clock start: nested folders, ~440 messages over ten days (bursts
 * share a second), unread/flagged/categorised ones, small real attachments, contacts in two folders, events.
 */
import { deflateSync } from 'zlib';
import { isoSeconds, isoTicks } from '../clock';
import { seedCalendar } from '../calendar/demo';
import type { Prng } from '../random';
import type { AttachmentInit, MessageInit } from '../types';
import type { Store } from './Store';

const DOMAIN = 'contoso.onmicrosoft.com';

const PEOPLE: Array<[string, string]> = [
  ['Megan Bowen', `megan.bowen@${DOMAIN}`], ['Lee Gu', `lee.gu@${DOMAIN}`], ['Nestor Wilke', `nestor.wilke@${DOMAIN}`],
  ['Isaiah Langer', `isaiah.langer@${DOMAIN}`], ['Lynne Robbins', `lynne.robbins@${DOMAIN}`], ['Joni Sherman', `joni.sherman@${DOMAIN}`],
  ["Patrick O'Brien", 'patrick.obrien@fabrikam.example'], ['Grady Archie', 'grady@northwind.example'],
  ['Diego Siciliani', 'diego.siciliani@fabrikam.example'], ['Johanna Lorenz', 'j.lorenz@tailspin.example'],
  ['Miriam Graham', 'miriam@adatum.example'], ['Henrietta Mueller', 'henrietta.mueller@woodgrove.example'],
  ['Pradeep Gupta', 'pradeep@litware.example'], ['Irvin Sayers', 'irvin.sayers@proseware.example'],
  ['Lidia Holloway', 'lidia@wingtip.example'],
];

const SERVICES: Array<[string, string]> = [
  ['Azure DevOps', 'azuredevops@microsoft.example'], ['GitHub', 'noreply@github.example'],
  ['Contoso Travel', 'bookings@travel.contoso.example'], ['Northwind Store', 'orders@store.northwind.example'],
  ['Fabrikam Weekly', 'newsletter@fabrikam.example'], ['Status Page', 'alerts@status.tailspin.example'],
];

const TOPICS: Record<string, string[]> = {
  inbox: ['Quarterly numbers', "Let's meet on Thursday", 'Budget review', 'Re: Customer feedback', 'Lunch?', 'Updated contract draft',
    "O'Brien's proposal", 'Team offsite logistics', 'Question about the invoice', 'Fw: Conference agenda', 'Hiring plan',
    'Release notes 4.2', 'Onboarding checklist', 'Re: Re: Pricing', 'Security training reminder', 'Coffee & catch-up'],
  projects: ['Phoenix status report', 'Sprint review notes', 'Design review: search', 'Risks and mitigations', 'Milestone 3 sign-off'],
  clients: ['Renewal for Fabrikam', 'Tailspin onboarding', 'Adatum escalation', 'Statement of work', 'Meeting minutes'],
  alerts: ['[Alert] CPU above 90%', '[Resolved] Disk latency', 'Build failed: main', 'Build succeeded: main', 'Certificate expires soon'],
  newsletters: ['Fabrikam Weekly: what is new', 'Your monthly digest', 'Tips & tricks', 'Product update'],
  receipts: ['Your order has shipped', 'Receipt for your purchase', 'Invoice INV-1042', 'Payment confirmation'],
  travel: ['Flight confirmation LHR → SEA', 'Hotel reservation', 'Itinerary change'],
  sentitems: ['Re: Quarterly numbers', 'Agenda for Thursday', 'Re: Budget review', 'Notes from today', 'Re: Lunch?', 'Draft attached'],
  drafts: ['Draft: proposal', 'Follow-up', 'Ideas'],
  deleteditems: ['Old thread', 'Out of office', 'Spam-ish offer'],
  archive: ['2024 planning', 'Old contract', 'Archived minutes', 'Previous quarter'],
  junkemail: ['You won a prize!!!', 'Cheap watches', 'Urgent: verify your account'],
};

const PLAN: Array<[string, string, number]> = [
  ['inbox', 'inbox', 220], ['Inbox/Projects', 'projects', 25], ['Inbox/Projects/2025', 'projects', 15],
  ['Inbox/Projects/2026', 'projects', 15], ['Inbox/Clients', 'clients', 20], ['Inbox/Alerts', 'alerts', 30],
  ['Newsletters', 'newsletters', 20], ['Receipts', 'receipts', 10], ['Travel', 'travel', 5], ['sentitems', 'sentitems', 40],
  ['drafts', 'drafts', 5], ['deleteditems', 'deleteditems', 10], ['archive', 'archive', 20], ['junkemail', 'junkemail', 5],
];

const CATEGORIES = ['Red category', 'Blue category', 'Green category', 'Project Phoenix'];
const DAY = 86_400_000;

export function seedDemo(store: Store, prng: Prng): void {
  const top = store.idOf('folder', store.topFolder);
  for (const name of ['Newsletters', 'Receipts', 'Travel']) store.createFolder(top, name);
  const inbox = store.folderId('inbox');
  for (const name of ['Projects', 'Clients', 'Alerts']) store.createFolder(inbox, name);
  const projects = store.folderId('Inbox/Projects');
  store.createFolder(projects, '2025');
  store.createFolder(projects, '2026');
  store.createFolder(top, 'Social Activity Notifications', { isHidden: true });

  const now = Math.floor(store.clock.now() / 1000) * 1000;
  const planned: Array<{ folder: string; init: MessageInit; at: number }> = [];
  for (const [folder, topic, count] of PLAN) {
    let at = now - 10 * DAY + prng.int(DAY);
    const step = Math.floor((9.5 * DAY) / (0.65 * count));
    for (let i = 0; i < count; i += 1) {
      // Bursts: about a third of the messages land in the same second as the previous one.
      if (i === 0 || !prng.chance(0.35)) at += prng.int(step * 2);
      if (at > now - 60_000) at = now - 60_000 - prng.int(3_600_000);
      planned.push({ folder, at, init: messageInit(store, prng, topic, at, now) });
    }
  }
  planned.sort((a, b) => a.at - b.at);
  for (const { folder, init } of planned) store.insertMessage(store.requireFolder(folder), init);

  seedContacts(store, prng, now);
  seedEvents(store, prng, now);
  seedCalendar(store, prng, store.clock);
}

function messageInit(store: Store, prng: Prng, topic: string, at: number, now: number): MessageInit {
  const me = { emailAddress: { name: store.user.displayName, address: store.user.mail } };
  const outgoing = topic === 'sentitems' || topic === 'drafts';
  const pool = ['alerts', 'newsletters', 'receipts', 'travel'].includes(topic) ? SERVICES : PEOPLE;
  const [name, address] = prng.pick(pool);
  const other = { emailAddress: { name, address } };
  const subject = prng.pick(TOPICS[topic]);
  const later = at + prng.int(2 * DAY);
  const modifiedLater = prng.chance(0.2) && later < now - 1000 ? later : at;
  const ccCount = prng.chance(0.3) ? prng.between(1, 2) : 0;
  const init: MessageInit = {
    subject,
    body: { contentType: 'html', content: htmlBody(prng, subject, outgoing ? store.user.displayName.split(' ')[0] : name.split(' ')[0]) },
    from: outgoing ? me : other,
    sender: outgoing ? me : other,
    toRecipients: outgoing ? [other] : [me],
    ccRecipients: Array.from({ length: ccCount }, () => {
      const [n, a] = prng.pick(PEOPLE);
      return { emailAddress: { name: n, address: a } };
    }),
    isRead: outgoing || topic === 'archive' || prng.chance(0.7),
    isDraft: topic === 'drafts',
    importance: prng.chance(0.05) ? 'high' : prng.chance(0.03) ? 'low' : 'normal',
    inferenceClassification: ['newsletters', 'alerts', 'junkemail'].includes(topic) ? 'other' : 'focused',
    categories: prng.chance(0.15) ? [prng.pick(CATEGORIES)] : [],
    flag: prng.chance(0.1)
      ? { flagStatus: 'flagged', startDateTime: { dateTime: isoSeconds(at).replace('Z', '.0000000'), timeZone: 'UTC' }, dueDateTime: { dateTime: isoSeconds(at + 3 * DAY).replace('Z', '.0000000'), timeZone: 'UTC' } }
      : { flagStatus: 'notFlagged' },
    receivedDateTime: isoSeconds(at),
    sentDateTime: isoSeconds(at - prng.between(1, 5) * 1000),
    createdDateTime: isoSeconds(at),
    lastModifiedDateTime: isoSeconds(modifiedLater),
    internetMessageHeaders: outgoing ? undefined : [
      { name: 'Received', value: `from mail.${address.split('@')[1]} by sandbox.outlook.example; ${new Date(at).toUTCString()}` },
      { name: 'X-Mailer', value: 'Sandbox Mailer 1.0' },
    ],
  };
  if (prng.chance(0.08) || subject.startsWith('Invoice') || subject === 'Draft attached') init.attachments = [attachmentFor(prng, subject)];
  return init;
}

function htmlBody(prng: Prng, subject: string, greeting: string): string {
  const lines = [
    'Please find the details below.', 'Let me know what you think.', 'Thanks for the quick turnaround!',
    'Can we discuss this at the next sync?', "I've updated the numbers & the forecast.", 'See the attached file for more.',
    'Quick reminder: the deadline is Friday.', 'The <b>new</b> version is live.',
  ];
  const paragraphs = Array.from({ length: prng.between(1, 3) }, () => `<p>${prng.pick(lines)}</p>`).join('');
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div>Hi ${greeting},</div>${paragraphs}<div>Re: ${escapeHtml(subject)}</div><div>Best regards</div></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attachmentFor(prng: Prng, subject: string): AttachmentInit {
  const kind = subject.startsWith('Invoice') ? 0 : prng.int(4);
  switch (kind) {
    case 0: return { name: 'invoice-1042.pdf', contentType: 'application/pdf', content: tinyPdf('Invoice 1042: 3 items, total 129.90 EUR') };
    case 1: return { name: 'chart.png', contentType: 'image/png', content: tinyPng(prng, 4, 3) };
    case 2: return { name: 'figures.csv', contentType: 'text/csv', content: Buffer.from('quarter,revenue,cost\r\nQ1,1200,800\r\nQ2,1350,820\r\nQ3,1500,900\r\n') };
    default: return { name: 'notes.txt', contentType: 'text/plain', content: Buffer.from("Meeting notes\r\n- agree on scope\r\n- it's due Friday\r\n") };
  }
}

/** A minimal one-page PDF. */
export function tinyPdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 20 50 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 400 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>',
    `<</Length ${stream.length}>>\nstream\n${stream}\nendstream`, '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${body}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A small valid RGB PNG. */
export function tinyPng(prng: Prng, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width * 3; x += 1) raw[y * (width * 3 + 1) + 1 + x] = prng.int(256);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

function seedContacts(store: Store, prng: Prng, now: number): void {
  const suppliers = store.createContactFolder(null, 'Suppliers').id as string;
  const companies = ['Contoso', 'Fabrikam', 'Northwind Traders', 'Tailspin Toys', 'Adatum', 'Woodgrove Bank', 'Litware', 'Proseware'];
  let at = now - 10 * DAY;
  const people = [...PEOPLE, ['Ana Bowman', 'ana@contoso.example'], ['Bruno Costa', 'bruno.costa@fabrikam.example'],
    ['Chen Wei', 'chen.wei@litware.example'], ['Dana Whitley', 'dana@adatum.example'], ['Eli Cohen', 'eli.cohen@proseware.example']] as Array<[string, string]>;
  people.forEach(([name, address], i) => {
    if (!prng.chance(0.3)) at += prng.int(8 * 3_600_000);
    const [givenName, ...rest] = name.split(' ');
    store.insertContact(i % 4 === 3 ? store.requireContactFolder(suppliers) : store.defaultContactFolder, {
      givenName, surname: rest.join(' '), displayName: name, emailAddresses: [{ name, address }],
      companyName: prng.pick(companies), jobTitle: prng.pick(['Sales Lead', 'Engineer', 'Buyer', 'Account Manager', 'CFO']),
      businessPhones: [`+1 425 555 0${String(100 + i).slice(-3)}`], mobilePhone: prng.chance(0.5) ? `+1 206 555 0${String(140 + i).slice(-3)}` : null,
      categories: prng.chance(0.2) ? [prng.pick(CATEGORIES)] : [],
      businessAddress: { street: `${prng.between(1, 999)} Main St`, city: 'Redmond', state: 'WA', countryOrRegion: 'USA', postalCode: '98052' },
      createdDateTime: isoSeconds(at), lastModifiedDateTime: isoSeconds(at),
    });
  });
}

function seedEvents(store: Store, prng: Prng, now: number): void {
  const team = store.createCalendar('Team events', 'lightGreen').id as string;
  const subjects = ['Weekly sync', 'Customer call: Fabrikam', '1:1 with Megan', 'Sprint planning', 'Lunch & learn', 'Design review', 'Quarterly business review'];
  const dayStart = Math.floor(now / DAY) * DAY;
  for (let i = 0; i < 16; i += 1) {
    const start = dayStart + (prng.between(-7, 7)) * DAY + prng.between(8, 16) * 3_600_000 + (prng.chance(0.5) ? 1_800_000 : 0);
    const end = start + prng.pick([30, 60, 60, 90]) * 60_000;
    const [name, address] = prng.pick(PEOPLE);
    const rec = store.insertEvent({
      calendarId: i % 5 === 4 ? team : undefined,
      subject: prng.pick(subjects),
      body: { contentType: 'html', content: '<html><body><p>Agenda to follow.</p></body></html>' },
      start: { dateTime: new Date(start).toISOString().replace('Z', '0000'), timeZone: 'UTC' },
      end: { dateTime: new Date(end).toISOString().replace('Z', '0000'), timeZone: 'UTC' },
      location: { displayName: prng.pick(['Room 1.01', 'Teams', 'Cafeteria', 'Room 2.14']), locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} },
      attendees: [{ type: 'required', status: { response: prng.pick(['accepted', 'tentativelyAccepted', 'none']), time: '0001-01-01T00:00:00Z' }, emailAddress: { name, address } }],
      showAs: prng.pick(['busy', 'busy', 'tentative', 'free']),
    });
    const created = now - prng.between(1, 20) * DAY;
    rec.created = created;
    rec.modified = created + prng.int(DAY);
    rec.props.createdDateTime = isoTicks(created, prng.int(10000));
    rec.props.lastModifiedDateTime = isoTicks(rec.modified, prng.int(10000));
  }
}
