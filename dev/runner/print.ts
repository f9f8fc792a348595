/** Readable one-line summaries of what a function emits. */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function s(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
}

function address(v: unknown): string {
  if (!isRecord(v)) return '';
  const email = isRecord(v.emailAddress) ? v.emailAddress : v;
  return s(email.address ?? email.name);
}

function when(v: unknown): string {
  return isRecord(v) ? `${s(v.dateTime)} ${s(v.timeZone)}`.trim() : s(v);
}

/** A one-line gist of a body: a mail, an event, a contact, a result, or compact JSON. */
export function gist(body: unknown): string {
  if (!isRecord(body)) return s(body).slice(0, 160);
  if ('subject' in body && ('receivedDateTime' in body || 'lastModifiedDateTime' in body) && !('start' in body)) {
    const atts = Array.isArray(body.attachments) && body.attachments.length ? ` +${body.attachments.length} attachment(s)` : '';
    return `mail "${s(body.subject)}" from ${address(body.from) || '?'} modified ${s(body.lastModifiedDateTime)}${body.isRead === false ? ' (unread)' : ''}${atts}`;
  }
  if (typeof body.sent === 'boolean' && Array.isArray(body.toRecipients)) {
    const whom = [...body.toRecipients, ...(Array.isArray(body.ccRecipients) ? body.ccRecipients : [])].map(address).join(', ');
    const files = Array.isArray(body.attachments) && body.attachments.length ? ` +${body.attachments.length} file(s)` : '';
    return `${body.sent ? 'sent' : 'kept in Drafts'} "${s(body.subject)}" to ${whom || '(nobody yet)'}${files}`;
  }
  if (Array.isArray(body.attachments) && body.attachments.every((a) => isRecord(a) && typeof a.method === 'string')) {
    const files = body.attachments.map((a) => (isRecord(a) ? `${s(a.name)} (${s(a.size)} bytes, ${s(a.method)})` : '')).join(', ');
    return `added to the draft: ${files}`;
  }
  if (typeof body.available === 'boolean') {
    return `${body.available ? 'free' : `not free (${s(body.status)})`} from ${when(body.start)} to ${when(body.end)}`;
  }
  if (typeof body.found === 'boolean') {
    return body.found ? `next free slot ${when(body.start)} to ${when(body.end)}` : `no free slot: ${s(body.explanation ?? body.emptySuggestionsReason)}`;
  }
  if ('start' in body && isRecord(body.start)) {
    return `event "${s(body.subject)}" ${s(body.start.dateTime)} ${s(body.start.timeZone)} → ${isRecord(body.end) ? s(body.end.dateTime) : ''}`;
  }
  if ('displayName' in body && ('emailAddresses' in body || 'givenName' in body)) {
    const mails = Array.isArray(body.emailAddresses) ? body.emailAddresses.map(address).join(', ') : '';
    return `contact "${s(body.displayName)}" ${mails}`;
  }
  if (typeof body.attachmentId === 'string') {
    const where = s(body.url || body.link).replace(/\?.*$/, '');
    return `${s(body.kind)} attachment "${s(body.name)}"${typeof body.size === 'number' ? ` (${body.size} bytes)` : ''} → ${where}`;
  }
  if (typeof body.path === 'string' && 'childFolderCount' in body) return `folder "${body.path}" (${s(body.totalItemCount)} items, ${s(body.unreadItemCount)} unread)`;
  if (Array.isArray(body.messages)) return `batch of ${body.messages.length} item(s)`;
  const json = JSON.stringify(body);
  return json.length > 200 ? `${json.slice(0, 197)}...` : json;
}

export function describeEmit(event: string, data: unknown): string {
  const body = isRecord(data) && 'body' in data ? data.body : data;
  switch (event) {
    case 'data': return `  ▸ data      ${gist(body)}`;
    case 'snapshot': return `  ▸ snapshot  ${JSON.stringify(data).slice(0, 200)}`;
    case 'updateKeys': return '  ▸ updateKeys (new access and refresh token handed to the platform)';
    case 'error': return `  ▸ error     ${data instanceof Error ? data.message : s(data)}`;
    case 'rebound': return `  ▸ rebound   ${data instanceof Error ? data.message : s(data)}`;
    default: return `  ▸ ${event.padEnd(9)} ${s(data).slice(0, 200)}`;
  }
}
