/** Listing contacts for polling, oldest change first. */
import type { GraphRequest } from '../../graph/GraphClient';
import { mailboxRoot, segment } from '../../graph/paths';

export interface Contact {
  id: string;
  lastModifiedDateTime?: string;
  changeKey?: string;
  [property: string]: unknown;
}

export const CONTACT_FIELDS = [
  'id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'categories', 'parentFolderId', 'birthday', 'fileAs',
  'displayName', 'givenName', 'initials', 'middleName', 'nickName', 'surname', 'title', 'generation', 'emailAddresses',
  'imAddresses', 'jobTitle', 'companyName', 'department', 'officeLocation', 'profession', 'businessHomePage',
  'assistantName', 'manager', 'homePhones', 'mobilePhone', 'businessPhones', 'homeAddress', 'businessAddress',
  'otherAddress', 'spouseName', 'personalNotes', 'children',
];

/** The maximum `$top` of contact lists is not documented (microsoftgraph/microsoft-graph-docs#12653); 500 stays clear of it. */
export const CONTACT_PAGE = 500;

export interface ContactQuery {
  mailbox?: string;
  /** A contact folder id; absent: the mailbox's default contacts folder. */
  folderId?: string;
  since: string;
  top: number;
}

/** The contacts of a folder (the default one without an id), as a request path. */
export function contactsPath(ref: { mailbox?: string; folderId?: string }): string {
  const root = mailboxRoot(ref.mailbox);
  return ref.folderId ? `${root}/contactFolders/${segment(ref.folderId, 'Contact Folder')}/contacts` : `${root}/contacts`;
}

export function listContactsModifiedSince(query: ContactQuery): GraphRequest {
  return {
    path: contactsPath(query),
    query: {
      $filter: `lastModifiedDateTime ge ${query.since}`,
      $orderby: 'lastModifiedDateTime asc',
      $top: query.top,
      $select: CONTACT_FIELDS.join(','),
    },
  };
}
