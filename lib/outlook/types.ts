/** The Graph value types the component builds and reads (learn.microsoft.com/graph/api/resources). */

export interface EmailAddress { address: string; name?: string }
export interface Recipient { emailAddress: EmailAddress }
export type BodyType = 'text' | 'html';
export interface ItemBody { contentType: BodyType; content: string }
export interface DateTimeTimeZone { dateTime: string; timeZone: string }
export interface InternetHeader { name: string; value: string }

export interface FileAttachment {
  '@odata.type': '#microsoft.graph.fileAttachment';
  name: string;
  contentType: string;
  contentBytes: string;
}

export interface Attendee extends Recipient { type: 'required' | 'optional' | 'resource' }

export interface PatternedRecurrence {
  pattern: Record<string, unknown>;
  range: Record<string, unknown>;
}
