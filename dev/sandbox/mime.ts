/**
 * MIME (RFC 5322 / 2045) text of a message, as `GET /messages/{id}/$value` returns it: headers, the body, and each
 * attachment base64-encoded; an attached message is embedded as message/rfc822. Simplified but well-formed.
 */
import { createHash } from 'crypto';

export interface MimePart { name: string; contentType: string; content: Buffer; inline?: boolean; contentId?: string; embedded?: string }

interface Address { emailAddress?: { name?: string; address?: string } }

function encodeWord(text: string): string {
   
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function address(a: Address | null | undefined): string | undefined {
  const addr = a?.emailAddress?.address;
  if (!addr) return undefined;
  const name = a?.emailAddress?.name;
  return name ? `"${encodeWord(name).replace(/"/g, "'")}" <${addr}>` : `<${addr}>`;
}

function list(values: unknown): string | undefined {
  const out = (Array.isArray(values) ? values : []).map((a) => address(a as Address)).filter((s): s is string => s !== undefined);
  return out.length ? out.join(', ') : undefined;
}

function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function messageMime(json: Record<string, unknown>, parts: MimePart[]): Buffer {
  const body = (json.body ?? { contentType: 'text', content: '' }) as { contentType?: string; content?: string };
  const boundary = `_sandbox_${createHash('sha1').update(String(json.id)).digest('hex').slice(0, 24)}_`;
  const headers = [
    ['From', address(json.from as Address)], ['To', list(json.toRecipients)], ['Cc', list(json.ccRecipients)],
    ['Subject', encodeWord(String(json.subject ?? ''))], ['Date', new Date(String(json.sentDateTime)).toUTCString().replace('GMT', '+0000')],
    ['Message-ID', String(json.internetMessageId ?? '')], ['MIME-Version', '1.0'],
  ].filter((h): h is [string, string] => typeof h[1] === 'string' && h[1] !== '').map(([k, v]) => `${k}: ${v}`);
  const bodyType = body.contentType === 'html' ? 'text/html' : 'text/plain';
  const bodyPart = [`Content-Type: ${bodyType}; charset="utf-8"`, 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(body.content ?? '', 'utf8'))].join('\r\n');
  if (parts.length === 0) return Buffer.from([...headers, bodyPart, ''].join('\r\n'), 'utf8');
  const sections = [bodyPart, ...parts.map(attachmentPart)];
  const text = [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...sections.map((s) => `--${boundary}\r\n${s}`), `--${boundary}--`, ''].join('\r\n');
  return Buffer.from(text, 'utf8');
}

function attachmentPart(p: MimePart): string {
  if (p.embedded !== undefined) {
    return ['Content-Type: message/rfc822', `Content-Disposition: attachment; filename="${encodeWord(p.name)}"`, '', p.embedded].join('\r\n');
  }
  return [
    `Content-Type: ${p.contentType}; name="${encodeWord(p.name)}"`,
    `Content-Disposition: ${p.inline ? 'inline' : 'attachment'}; filename="${encodeWord(p.name)}"`,
    ...(p.contentId ? [`Content-ID: <${p.contentId}>`] : []),
    'Content-Transfer-Encoding: base64', '', base64Lines(p.content),
  ].join('\r\n');
}

function icsDate(value: unknown): string {
  const text = String((value as { dateTime?: string } | undefined)?.dateTime ?? '');
  return text.replace(/[-:]/g, '').replace(/\.\d+$/, '').slice(0, 15);
}

/** An event as iCalendar (what `$value` of an event item attachment returns, attachment-get example 7). */
export function eventIcs(item: Record<string, unknown>): Buffer {
  const zone = (item.start as { timeZone?: string } | undefined)?.timeZone ?? 'UTC';
  const lines = [
    'BEGIN:VCALENDAR', 'METHOD:PUBLISH', 'PRODID:Graph sandbox', 'VERSION:2.0', 'BEGIN:VEVENT',
    `UID:${String(item.iCalUId ?? item.id ?? 'sandbox-event')}`, `SUMMARY:${String(item.subject ?? '').replace(/[,;]/g, (c) => `\\${c}`)}`,
    `DTSTART;TZID=${zone}:${icsDate(item.start)}`, `DTEND;TZID=${zone}:${icsDate(item.end)}`, 'END:VEVENT', 'END:VCALENDAR', '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** A contact as vCard 3.0 (attachment-get example 6). */
export function contactVcf(item: Record<string, unknown>): Buffer {
  const emails = Array.isArray(item.emailAddresses) ? item.emailAddresses as Array<{ address?: string }> : [];
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `FN:${String(item.displayName ?? '')}`, `N:${String(item.surname ?? '')};${String(item.givenName ?? '')};;;`,
    ...emails.filter((e) => e.address).map((e) => `EMAIL;TYPE=INTERNET:${String(e.address)}`), 'END:VCARD', ''];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}
