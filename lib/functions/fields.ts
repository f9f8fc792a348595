/**
 * The catalogue of fields: each defined once (label, help, schema fragment, configuration view, parser) and
 * placed by the functions that use it (`place(fields.mailbox, 'both')`). Kinds of fields first, then the fields.
 */
import { dateTimeLiteral } from '../graph/odata';
import { FilterSyntaxError, canonicalFilter } from '../graph/odataFilter';
import type { FilterSpec } from '../graph/odataFilter';
import { toLocation } from '../outlook/calendar/payloads';
import { parseItemBody, toAttachmentRefs, toInternetHeaders } from '../outlook/mail/payloads';
import { segmentProblem } from '../graph/paths';
import { ConfigurationError } from '../outlook/errors';
import { toRecipients } from '../outlook/values/recipients';
import {
  emailAddress, fields as objectOf, optionalBoolean, optionalEnum, optionalId, optionalInteger, optionalString, stringList,
} from '../outlook/values/text';
import { TimeZone, ZonedInput, optionalUtc, parseZonedInput, timeZone } from '../outlook/values/times';
import type { Recipient } from '../outlook/types';
import type { FieldSpec, ItemKind, JsonSchema, View } from '../platform/params';
import { attachmentRef } from './shapes';

// ---- kinds --------------------------------------------------------------------------------------------------------

interface Common { help?: string; placeholder?: string; examples?: readonly unknown[]; invalid?: unknown }

function textView(c: Common): View {
  return { viewClass: 'TextFieldView', ...(c.placeholder ? { placeholder: c.placeholder } : {}) };
}

export function text(label: string, c: Common & { max?: number } = {}): FieldSpec<string> {
  return {
    label, help: c.help, schema: { type: 'string', ...(c.examples ? { examples: c.examples } : {}) }, view: textView(c),
    parse: (v, name) => optionalString(v, name, c.max), invalid: { not: 'text' },
  };
}

export function integer(label: string, c: Common & { min: number; max: number }): FieldSpec<number> {
  return {
    label, help: c.help ?? `${c.min} to ${c.max}`, schema: { type: 'number' }, view: textView(c),
    parse: (v, name) => optionalInteger(v, name, { min: c.min, max: c.max }), invalid: 'many',
  };
}

export function checkbox(label: string, c: Common = {}): FieldSpec<boolean> {
  return { label, help: c.help, schema: { type: 'boolean' }, view: { viewClass: 'CheckBoxView' }, parse: (v, name) => optionalBoolean(v, name), invalid: 'maybe' };
}

/** One of fixed values, spelled once: Graph's value is the key, the label is what the designer shows. */
export function choice<T extends string>(label: string, values: Readonly<Record<T, string>>, c: Common & { prompt?: string } = {}): FieldSpec<T> {
  const keys = Object.keys(values) as T[];
  return {
    label, help: c.help, schema: { type: 'string', enum: keys },
    view: { viewClass: 'SelectView', model: values, ...(c.prompt ? { prompt: c.prompt } : {}) },
    parse: (v, name) => optionalEnum(v, name, keys), invalid: 'no-such-value',
  };
}

/** The id of an Outlook item: text, checked with the rules the transport applies to a path segment. */
export function itemId(label: string, refersTo: ItemKind, c: Common = {}): FieldSpec<string> {
  return { label, help: c.help, schema: { type: 'string' }, view: textView(c), parse: (v, name) => optionalId(v, name), refersTo, invalid: '..' };
}

/** A folder or calendar chosen with a picker (select model); in a mapping also a name or a path. */
export function picked(label: string, picker: string, c: Common & { prompt?: string; refersTo: ItemKind }): FieldSpec<string> {
  return {
    label, help: c.help, schema: { type: 'string' }, refersTo: c.refersTo,
    view: { viewClass: 'SelectView', model: picker, ...(c.prompt ? { prompt: c.prompt } : {}) },
    parse: (v, name) => pathText(v, name, 2048),
    invalid: '..',
  };
}

/** Text that becomes one path segment (a folder reference, a mailbox): checked with the transport's rules now. */
function pathText(value: unknown, name: string, max: number): string | undefined {
  // A number is no folder id, calendar id or mailbox: refuse it rather than address the folder "42".
  if (typeof value === 'number' || typeof value === 'boolean') throw new ConfigurationError(name, `must be an id, a name or an address, got a ${typeof value}`);
  const text = optionalString(value, name, max);
  const problem = text === undefined ? undefined : segmentProblem(text);
  if (problem) throw new ConfigurationError(name, problem);
  return text;
}

/** A value of any shape that the function interprets itself (e.g. `start` as text or `{dateTime, timeZone}`). */
export function shaped<T>(label: string, schema: JsonSchema, parse: (value: unknown, name: string) => T | undefined, c: Common & { refersTo?: ItemKind } = {}): FieldSpec<T> {
  return { label, help: c.help, schema, view: textView(c), parse, invalid: c.invalid, ...(c.refersTo ? { refersTo: c.refersTo } : {}) };
}

/** A `$filter` of the user's: parsed, checked against what `spec` allows and written out again before use. */
export function odataFilter(spec: (name: string) => FilterSpec, c: Common & { help: string; invalid: string }): FieldSpec<string> {
  return shaped('OData Filter', { type: 'string' }, (v, name) => {
    const value = optionalString(v, name, 2000);
    if (value === undefined) return undefined;
    try {
      return canonicalFilter(value, spec(name));
    } catch (err) {
      if (err instanceof FilterSyntaxError) throw new ConfigurationError(name, err.problem);
      throw err;
    }
  }, c);
}

export function zone(label: string, c: Common = {}): FieldSpec<TimeZone> {
  return { label, help: c.help, schema: { type: 'string' }, view: textView(c), parse: (v, name) => timeZone(v, name), invalid: 'Mars/Olympus_Mons' };
}

export function recipients(label: string, c: Common = {}): FieldSpec<Recipient[]> {
  return {
    label, help: c.help, schema: { type: 'string' }, view: textView(c),
    parse: (v, name) => { const list = toRecipients(v, name); return list.length ? list : undefined; }, invalid: 'not an address',
  };
}

export function list(label: string, c: Common = {}): FieldSpec<string[]> {
  return {
    label, help: c.help, schema: { type: 'string' }, view: textView(c),
    parse: (v, name) => { const items = stringList(v, name); return items.length ? items : undefined; }, invalid: [42],
  };
}

// ---- fields shared by many functions ----------------------------------------------------------------------------------

const MAILBOX_HELP = 'User id or principal name of a shared or delegated mailbox; empty: the signed-in user\'s';

/** `/users/{mailbox}` instead of `/me`; checked with the path rules before any request. */
export const mailbox: FieldSpec<string> = {
  label: 'Mailbox', help: MAILBOX_HELP, schema: { type: 'string' }, view: { viewClass: 'TextFieldView', placeholder: 'shared@contoso.com' },
  parse: (v, name) => pathText(v, name, 320),
  invalid: '..',
};

export const emitBehavior = choice('Emit Behavior', { emitIndividually: 'Emit Individually', emitAll: 'Emit All' } as const, {
  prompt: 'Emit Individually (default)', help: 'One message per result, or all results of a page (split below the platform\'s message size limit) in one message',
});

export const mailFolder = picked('Mail Folder', 'getFolders', {
  refersTo: 'mailFolder', prompt: 'Select a Mail Folder',
  help: 'A folder of the mailbox; in a mapping also a well-known name (inbox, archive, sentitems, …) or a path such as "Inbox / Projects"',
});

export const contactFolder = picked('Contact Folder', 'getContactFolders', { refersTo: 'contactFolder', prompt: 'Default contacts folder' });

export const calendar = picked('Calendar', 'getCalendars', { refersTo: 'calendar', prompt: 'Default calendar', help: 'Calendars you can write to; empty: the default calendar' });

export const timeZoneField = zone('Time Zone', {
  placeholder: 'UTC', help: 'Of times without an offset: an IANA (Europe/Berlin) or Windows (W. Europe Standard Time) name; default UTC',
});

export const outputTimeZone = zone('Output Time Zone', { placeholder: 'UTC', help: 'Time zone of the date-times in the output (default UTC)' });

export const bodyContentType = choice('Body Content Type', { text: 'Text', html: 'HTML' } as const, { prompt: 'Text (default)' });

export const importance = choice('Importance', { low: 'Low', normal: 'Normal', high: 'High' } as const, { prompt: 'Normal (default)' });

export const messageId = itemId('Message ID', 'message', { help: 'The id of the message (an immutable id, as every function emits it)' });

export const subject = text('Subject', { max: 255 });

/** Text, or `{content, contentType}`; the content type may also come from a Body Content Type field. */
export const itemBody = shaped('Body', { type: 'string' }, parseItemBody, { help: 'Text or HTML; or {content, contentType}', invalid: { content: 42 } });

/** One e-mail address. */
export function address(label: string, c: Common = {}): FieldSpec<string> {
  return shaped(label, { type: 'string' }, (v, name) => {
    const value = optionalString(v, name, 320);
    return value === undefined ? undefined : emailAddress(value, name);
  }, { ...c, invalid: 'not-an-address' });
}

/** A point in time, as a DateTimeOffset literal in UTC: ISO 8601, taken as UTC when it has no offset. */
export function instant(label: string, c: Common = {}): FieldSpec<string> {
  return shaped(label, { type: 'string' }, (v, name) => {
    const utc = optionalUtc(v, name);
    return utc === undefined ? undefined : dateTimeLiteral(utc, name);
  }, { help: 'ISO 8601; UTC when it has no offset', ...c, invalid: 'yesterday' });
}

export const internetHeaders = shaped('Custom Headers', { type: 'object' }, (v, name) => {
  const headers = toInternetHeaders(v, name);
  return headers.length ? headers : undefined;
}, { help: 'Names must start with x-: {"X-Ticket": "42"} or [{name, value}]', invalid: { Subject: 'x' } });

/** Files in the platform's object storage (or other http(s) URLs), as the triggers emit them. */
export const attachmentRefs = shaped('Attachments', { type: 'array', items: attachmentRef }, (v, name) => {
  const refs = toAttachmentRefs(v, name);
  return refs.length ? refs : undefined;
}, { help: '[{name, url, contentType?, size?}], e.g. the attachments of Poll for New Mail', invalid: [{ url: 'file:///etc/passwd' }], refersTo: 'storedFile' });

export const location = shaped('Location', { type: 'string' }, toLocation, { help: 'A name, or {displayName, address}', invalid: { displayName: { not: 'text' } } });

/** The user's recurrence: checked to be an object here, interpreted against the start by the function. */
export const recurrence = shaped('Recurrence', { type: 'object' }, (v, name) => (v === undefined || v === null || v === '' ? undefined : objectOf(v, name)), {
  help: '{"pattern": "weekly", "interval": 2, "daysOfWeek": "monday,thursday", "endDate": "2027-06-30"} or Graph\'s {pattern, range}',
  invalid: 'every tuesday',
});

// ---- polling -----------------------------------------------------------------------------------------------------

export const DEFAULT_START = '1970-01-01T00:00:00.000Z';

export const startTime: FieldSpec<string> = {
  label: 'Start Time', schema: { type: 'string' }, view: { viewClass: 'TextFieldView', placeholder: '2026-01-01T00:00:00Z' },
  help: `First execution only: items last modified at or after this ISO 8601 date-time. Default: ${DEFAULT_START}`,
  parse: (v, name) => {
    const value = optionalString(v, name, 64);
    if (value === undefined) return undefined;
    try {
      return dateTimeLiteral(value, name);
    } catch {
      throw new ConfigurationError(name, `"${value}" is not an ISO 8601 date-time with a time zone (e.g. 2024-05-01T08:00:00Z)`);
    }
  },
  invalid: 'yesterday',
};

export const lookbackSeconds = integer('Look-back (seconds)', {
  min: 0, max: 300, placeholder: '5',
  help: 'Re-reads this many seconds before the newest change emitted, to catch items that become visible late (0 to 300)',
});

export function maxPerExecution(noun: string): FieldSpec<number> {
  return integer(`Maximum ${noun} per Execution`, { min: 1, max: Number.MAX_SAFE_INTEGER, placeholder: 'no limit', help: 'The next execution continues exactly there' });
}

// ---- calendar ----------------------------------------------------------------------------------------------------

/** A date-time: text with or without an offset, or `{dateTime, timeZone}`; the function applies its zones. */
export function dateTime(label: string, c: Common = {}): FieldSpec<ZonedInput> {
  return {
    label, help: c.help, view: textView(c), parse: parseZonedInput, invalid: '2026-13-45T25:00',
    schema: { type: 'object', properties: { dateTime: { type: 'string', title: 'Date-time' }, timeZone: { type: 'string', title: 'Time zone' } } },
  };
}

export const showAs = choice('Show As', {
  free: 'Free', tentative: 'Tentative', busy: 'Busy', oof: 'Out of Office', workingElsewhere: 'Working Elsewhere', unknown: 'Unknown',
} as const);

export const sensitivity = choice('Sensitivity', { normal: 'Normal', personal: 'Personal', private: 'Private', confidential: 'Confidential' } as const);
