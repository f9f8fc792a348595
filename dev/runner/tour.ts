/** `npm start`: a tour of the component's functions against the in-process Graph sandbox. */
import { findFunction, load, loadVerifyCredentials } from './component';
import { Emitted, Level, execute, newInput, runnerContext } from './context';
import { describeEmit } from './print';
import { sandboxTarget, Target } from './target';
import type { Sandbox } from '../sandbox';
import { FUNCTIONS } from '../../lib/functions/registry';
import { Sample, sampleOf } from './samples';
import { WEBHOOK_STEPS, runWebhookStep } from './tourWebhooks';

interface Step {
  /** component.json key; the step is skipped when the component does not declare it. */
  key: string;
  title: string;
  cfg?: (sb: Sandbox, memo: Memo) => Record<string, unknown>;
  msg?: (sb: Sandbox, memo: Memo) => Record<string, unknown>;
  /** Run before the step, to show what the next poll picks up. */
  before?: (sb: Sandbox, memo: Memo) => string | undefined;
  after?: (emitted: Emitted[], memo: Memo) => void;
  /** Delivers the previous step's input message again, id and all, as the platform does after a crash. */
  redelivery?: boolean;
}

interface Memo {
  snapshots: Record<string, unknown>;
  lastMessageId?: string;
  /** The mail the Reply step answered, forwarded next. */
  answeredId?: string;
  /** The draft Create Draft made, for the draft steps after it. */
  draftId?: string;
  /** The last input message, for a redelivery step. */
  lastInput?: ReturnType<typeof newInput>;
  samples: Record<string, Sample>;
}

const SHOWN_PER_STEP = 4;

function body(e: Emitted): Record<string, unknown> {
  const data = e.data as { body?: unknown } | undefined;
  return (data && typeof data.body === 'object' && data.body !== null ? data.body : {}) as Record<string, unknown>;
}

const inbox = { folderId: 'inbox' };
const berlin = { outputTimeZone: 'Europe/Berlin' };

/** A demo mail from someone else to several people, so that Reply All has someone to answer. */
function colleagueMail(sb: Sandbox): { id?: string } | undefined {
  const own = sb.user.mail.toLowerCase();
  return sb.store.messages('inbox').find((m) => m.from?.emailAddress?.address && m.from.emailAddress.address.toLowerCase() !== own
    && (m.toRecipients?.length ?? 0) + (m.ccRecipients?.length ?? 0) > 1);
}
const soon = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16) + ':00';

const STEPS: Step[] = [
  { key: 'readMail', title: 'Poll for New Mail, first execution: drains the Inbox', cfg: () => inbox },
  {
    key: 'readMail', title: 'Poll for New Mail again: only what changed since',
    cfg: () => inbox,
    before: (sb) => {
      const id = sb.store.folderId('inbox');
      sb.store.addMessage(id, { subject: 'Tour: a new message', from: { emailAddress: { address: 'new.sender@example.com', name: 'New Sender' } } });
      const older = sb.store.messages(id)[0];
      if (older?.id) sb.store.updateMessage(older.id, { isRead: !older.isRead });
      return 'added 1 message and marked 1 existing message read/unread in the sandbox Inbox';
    },
  },
  { key: 'getContacts', title: 'Contacts: new and changed contacts' },
  {
    key: 'sendMail', title: 'Send Mail to the mailbox itself',
    msg: (sb) => ({ to: sb.user.mail, subject: 'Tour: hello from outlook-component', body: 'Sent by npm start.', contentType: 'text' }),
  },
  {
    key: 'readMail', title: 'Poll for New Mail: the sent mail has arrived', cfg: () => inbox,
    after: (emitted, memo) => { memo.lastMessageId = emitted.map(body).find((b) => typeof b.id === 'string')?.id as string | undefined; },
  },
  {
    key: 'moveMail', title: 'Move Mail: the arrived mail to Archive',
    msg: (_sb, memo) => ({ messageId: memo.lastMessageId ?? '', destinationFolder: 'archive' }),
  },
  {
    key: 'getMessage', title: 'Get Message: the moved mail, as text, with its raw MIME stored as .eml',
    msg: (_sb, memo) => ({ messageId: memo.lastMessageId ?? '', bodyType: 'text', includeMime: true }),
  },
  {
    key: 'replyToMessage', title: 'Reply to all: an HTML answer with a file, to a mail from a colleague',
    msg: (sb, memo) => {
      const original = colleagueMail(sb);
      memo.answeredId = original?.id;
      const file = sb.objects.put(Buffer.from('item,amount\nlicences,1200\n'), 'text/csv');
      return {
        messageId: original?.id ?? '', replyAll: true, comment: '<p>Thanks, <b>figures attached</b>.</p>', contentType: 'html',
        attachments: [{ name: 'figures.csv', url: `${sb.url}/objects/${file}` }],
      };
    },
  },
  {
    key: 'forwardMessage', title: 'Forward: the same mail to a colleague, kept as a draft',
    msg: (_sb, memo) => ({ messageId: memo.answeredId ?? '', to: 'megan.bowen@contoso.onmicrosoft.com', comment: 'For your review.', saveAsDraft: true }),
  },
  {
    key: 'createDraft', title: 'Create Draft: an offer, not sent yet',
    msg: () => ({ to: 'megan.bowen@contoso.onmicrosoft.com', subject: 'Tour: offer 2027', body: '<p>Draft of the offer.</p>', contentType: 'html' }),
    after: (emitted, memo) => { memo.draftId = emitted.map(body).find((b) => typeof b.id === 'string')?.id as string | undefined; },
  },
  {
    key: 'updateDraft', title: 'Update Draft: a new subject and a Cc',
    msg: (_sb, memo) => ({ messageId: memo.draftId ?? '', subject: 'Tour: offer 2027 (final)', cc: 'legal@contoso.onmicrosoft.com' }),
  },
  {
    key: 'addDraftAttachment', title: 'Add Draft Attachment: a 4 MB file, through an upload session',
    msg: (sb, memo) => {
      const file = sb.objects.put(Buffer.alloc(4 * 1024 * 1024, 0x25), 'application/pdf');
      return { messageId: memo.draftId ?? '', attachments: [{ name: 'offer-2027.pdf', url: `${sb.url}/objects/${file}` }] };
    },
  },
  { key: 'sendDraft', title: 'Send Draft: the finished offer goes out', msg: (_sb, memo) => ({ messageId: memo.draftId ?? '' }) },
  {
    key: 'sendDraft', title: 'Send Draft, the same input message delivered again (after a crash): recognised, not sent twice',
    redelivery: true, after: (_emitted, memo) => { memo.lastInput = undefined; },
    before: (sb) => `${sb.store.sentMail().filter((m) => m.subject === 'Tour: offer 2027 (final)').length} copy of the offer sent so far`,
  },
  { key: 'getMessages', title: 'Get Messages: unread mail with attachments', msg: () => ({ unreadOnly: true, hasAttachments: true, maxResults: 5 }) },
  {
    key: 'downloadAttachments', title: 'Download Attachments: the files of a mail in the Inbox, into object storage',
    msg: (sb) => ({ messageId: sb.store.messages('inbox').find((m) => m.hasAttachments)?.id ?? '' }),
  },
  {
    key: 'createEvent', title: 'Create Event: a meeting tomorrow, Berlin time',
    msg: () => ({
      subject: 'Tour: planning', start: { dateTime: soon(24), timeZone: 'Europe/Berlin' }, end: { dateTime: soon(25), timeZone: 'Europe/Berlin' },
      attendees: 'colleague@contoso.onmicrosoft.com', location: 'Room 1',
    }),
  },
  { key: 'pollEvents', title: 'New or Updated Events, first execution: every event of the calendar, Berlin time', cfg: () => berlin },
  {
    key: 'pollEvents', title: 'New or Updated Events again: an edit, not Exchange\'s version without edits', cfg: () => berlin,
    before: (sb) => {
      const [first, second] = sb.store.events();
      if (first?.id) sb.store.updateEvent(first.id, { subject: `${String(first.subject)} (moved to Room 2)`, location: { displayName: 'Room 2' } });
      if (second?.id) sb.store.updateEvent(second.id, {});
      return 'edited 1 event; gave another a new version without any edit, as Exchange does daily';
    },
  },
  {
    key: 'upcomingEvents', title: 'Upcoming Events: what starts within 30 minutes', cfg: () => ({ minutesBefore: 30, outputTimeZone: 'Europe/Berlin' }),
    before: (sb) => {
      const start = Date.now() + 20 * 60_000;
      const at = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
      sb.store.addEvent({ subject: 'Tour: starts in 20 minutes', start: { dateTime: at(start), timeZone: 'UTC' }, end: { dateTime: at(start + 1_800_000), timeZone: 'UTC' } });
      return 'added an event starting in 20 minutes';
    },
  },
  { key: 'checkAvailability', title: 'Check Availability: am I free at that time?', msg: () => ({ time: soon(24), end: soon(25), timeZone: 'Europe/Berlin' }) },
  { key: 'findNextAvailableTime', title: 'Find Next Available Time: the next free hour', msg: () => ({ time: soon(1), durationMinutes: 60, timeZone: 'Europe/Berlin' }) },
  {
    key: 'respondToEvent', title: 'Respond to Invitation: tentatively accept a colleague\'s meeting, proposing the next day',
    msg: (sb) => {
      const invitation = sb.store.addEvent({
        subject: 'Tour: budget talk', start: { dateTime: soon(48), timeZone: 'Europe/Berlin' }, end: { dateTime: soon(49), timeZone: 'Europe/Berlin' },
        organizer: { emailAddress: { name: 'Megan Bowen', address: 'megan.bowen@contoso.onmicrosoft.com' } }, isOrganizer: false,
        responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
      });
      return { eventId: invitation.id, response: 'tentativelyAccept', comment: 'Could we do it a day later?', proposedNewTime: { start: soon(72), end: soon(73) }, timeZone: 'Europe/Berlin' };
    },
  },
  {
    key: 'cancelEvent', title: 'Cancel Event: call off a meeting you organise, with a word to the attendees',
    msg: (sb) => {
      const meeting = sb.store.addEvent({
        subject: 'Tour: retrospective', start: { dateTime: soon(30), timeZone: 'Europe/Berlin' }, end: { dateTime: soon(31), timeZone: 'Europe/Berlin' },
        attendees: [{ type: 'required', emailAddress: { address: 'megan.bowen@contoso.onmicrosoft.com' } }],
      });
      return { eventId: meeting.id, comment: 'Sorry, we have to move this to next week.' };
    },
  },
  {
    key: 'updateCalendar', title: 'Update Calendar: rename a team calendar and give it a colour',
    msg: (sb) => ({ calendarId: sb.store.createCalendar('Tour: team').id, name: 'Tour: team 2027', color: 'lightTeal' }),
  },
  { key: 'deleteCalendar', title: 'Delete Calendar: an old project calendar', msg: (sb) => ({ calendarId: sb.store.createCalendar('Tour: old project').id }) },
  {
    key: 'getSchedule', title: 'Get Free/Busy: me, a colleague and a room over the next 70 days (split into 62-day parts), all in one message',
    cfg: () => ({ emitBehavior: 'emitAll', intervalMinutes: 1440 }),
    msg: (sb) => ({ schedules: [sb.user.mail, 'megan.bowen@contoso.onmicrosoft.com', 'room.101@contoso.onmicrosoft.com'], start: soon(0), end: soon(70 * 24), timeZone: 'Europe/Berlin' }),
  },
  {
    key: 'findMeetingTimes', title: 'Find Meeting Times: an hour with a colleague and a room this week, Berlin time',
    cfg: () => ({ outputTimeZone: 'Europe/Berlin', maxCandidates: 3 }),
    msg: () => ({
      attendees: 'megan.bowen@contoso.onmicrosoft.com', rooms: 'room.101@contoso.onmicrosoft.com', durationMinutes: 60,
      start: soon(1), end: soon(7 * 24), timeZone: 'Europe/Berlin',
    }),
  },
];

/** A registered function that no scripted step shows runs its documented example, so none is left out of the tour. */
function exampleStep(key: string, title: string): Step {
  const sample = (sb: Sandbox, memo: Memo): Sample => (memo.samples[key] ??= sampleOf(FUNCTIONS.find((d) => d.key === key) as (typeof FUNCTIONS)[number], sb));
  return { key, title: `${title}: its documented example`, cfg: (sb, memo) => sample(sb, memo).config, msg: (sb, memo) => sample(sb, memo).input };
}

/** The scripted steps, then an example step for every function they leave out. */
export function tourSteps(): Step[] {
  const shown = new Set([...STEPS, ...WEBHOOK_STEPS].map((s) => s.key));
  return [...STEPS, ...FUNCTIONS.filter((d) => !shown.has(d.key)).map((d) => exampleStep(d.key, d.title))];
}

/** Where the tour writes its lines (the console, unless runTour is given another). */
let say: (line: string) => void = (line) => console.log(line);

export interface TourOptions {
  level: Level;
  /** Receives each printed line instead of the console. */
  print?: (line: string) => void;
  /** Called with the sandbox before the first step (e.g. to observe every exchange). */
  onSandbox?: (sb: Sandbox) => void;
}

export async function runTour(options: TourOptions): Promise<number> {
  const started = Date.now();
  say = options.print ?? ((line) => console.log(line));
  const target = await sandboxTarget();
  const sb = target.sandbox as Sandbox;
  options.onSandbox?.(sb);
  say(`Graph sandbox at ${sb.url}; mailbox ${sb.user.userPrincipalName}\n`);
  let functionsRun = 0;
  let messages = 0;
  let errors = 0;
  const memo: Memo = { snapshots: {}, samples: {} };

  const verified = await verifyStep(target, options.level);
  functionsRun += 1; errors += verified ? 0 : 1;
  const folders = await folderStep(target, options.level);
  if (folders !== undefined) { functionsRun += 1; errors += folders ? 0 : 1; }

  for (const step of WEBHOOK_STEPS) {
    const def = findFunction(step.key);
    if (!def) continue;
    say(`\n▶ ${step.title}  [webhook trigger ${def.key}]`);
    const run = await runWebhookStep(step, def, sb, target.credentials(), options.level, say);
    say(`  = ${run.messages} message(s) emitted${run.error ? ', error' : ''}`);
    functionsRun += 1;
    messages += run.messages;
    errors += run.error ? 1 : 0;
  }

  for (const step of tourSteps()) {
    const def = findFunction(step.key);
    if (!def) continue;
    say(`\n▶ ${step.title}  [${def.kind} ${def.key}]`);
    const note = step.before?.(sb, memo);
    if (note) say(`  (${note})`);
    let shown = 0;
    let hidden = 0;
    const ctx = runnerContext({
      level: options.level,
      log: (level, line) => say(`  [${level}] ${line}`),
      onEmit: (event, data) => {
        if (event === 'snapshot') memo.snapshots[step.key] = data;
        if (event === 'updateKeys') target.updateKeys(data);
        if (event === 'end') return;
        if (event === 'data' && shown >= SHOWN_PER_STEP) { hidden += 1; return; }
        if (event === 'data') shown += 1;
        if (event !== 'snapshot' || options.level === 'debug') say(describeEmit(event, data));
      },
    });
    const cfg = { ...(step.cfg?.(sb, memo) ?? {}), ...target.credentials() };
    const input = step.redelivery && memo.lastInput ? memo.lastInput : newInput(step.msg?.(sb, memo) ?? {});
    memo.lastInput = input;
    const { error } = await execute(ctx, load(def).process ?? (() => { throw new Error('no process export'); }), input, cfg, memo.snapshots[step.key] ?? {});
    const data = ctx.emitted.filter((e) => e.event === 'data');
    if (hidden) say(`  … and ${hidden} more data message(s)`);
    say(`  = ${data.length} message(s) emitted${error ? ', error' : ''}`);
    step.after?.(data, memo);
    functionsRun += 1;
    messages += data.length;
    errors += error ? 1 : 0;
  }
  await target.close();
  say(`\ntour: ${functionsRun} functions run, ${messages} messages emitted, ${errors} errors (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return errors === 0 ? 0 : 1;
}

async function verifyStep(target: Target, level: Level): Promise<boolean> {
  say('▶ Verify credentials  [verifyCredentials]');
  const ctx = runnerContext({ level, log: (l, line) => say(`  [${l}] ${line}`) });
  try {
    say(`  = ${JSON.stringify(await loadVerifyCredentials().call(ctx, target.credentials()))}`);
    return true;
  } catch (err) {
    say(`  ▸ error     ${(err as Error).message}`);
    return false;
  }
}

/** The folder picker a flow designer sees for "Poll for New Mail". */
async function folderStep(target: Target, level: Level): Promise<boolean | undefined> {
  const def = findFunction('readMail');
  const getFolders = def ? load(def).getFolders : undefined;
  if (typeof getFolders !== 'function') return undefined;
  say('\n▶ Folder picker of Poll for New Mail  [select model readMail.getFolders]');
  const ctx = runnerContext({ level, log: (l, line) => say(`  [${l}] ${line}`) });
  try {
    const options = await (getFolders as (this: unknown, cfg: unknown) => Promise<Record<string, string>>).call(ctx, target.credentials());
    const labels = Object.values(options);
    say(`  = ${labels.length} folders: ${labels.slice(0, 8).join(' | ')}${labels.length > 8 ? ' | …' : ''}`);
    return true;
  } catch (err) {
    say(`  ▸ error     ${(err as Error).message}`);
    return false;
  }
}
