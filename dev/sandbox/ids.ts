/**
 * Opaque ids in the style of Exchange immutable ids: long base64 with `-`, `_` and a `=` pad. They are derived from
 * a kind and a serial number, so the store keeps numbers and a 100,000-message mailbox needs no id strings in memory.
 */
import { createHash } from 'crypto';
import { mix32 } from './random';

export type IdKind = 'message' | 'folder' | 'attachment' | 'contact' | 'contactFolder' | 'event' | 'calendar';

const KINDS: Record<IdKind, { byte: number; tail: number }> = {
  // Total byte length 29 + tail is 2 mod 3, so every id ends with one `=` like real ones.
  message: { byte: 0x46, tail: 84 },
  folder: { byte: 0x2e, tail: 39 },
  attachment: { byte: 0x12, tail: 111 },
  contact: { byte: 0x47, tail: 84 },
  contactFolder: { byte: 0x2f, tail: 39 },
  event: { byte: 0x48, tail: 84 },
  calendar: { byte: 0x30, tail: 39 },
};
const HEADER = 29;

export class IdCodec {
  private readonly header: Buffer;
  private readonly salt: number;

  constructor(seed: number) {
    const digest = createHash('sha256').update(`sandbox-mailbox:${seed}`).digest();
    this.header = Buffer.alloc(24);
    Buffer.from([0x00, 0x03, 0x24, 0x00]).copy(this.header, 0);
    digest.copy(this.header, 4, 0, 17);
    // Aligned on a 3-byte boundary these encode as "--__", so every id carries both URL-unsafe-in-base64 characters.
    Buffer.from([0xfb, 0xef, 0xff]).copy(this.header, 21);
    this.salt = digest.readUInt32BE(20);
  }

  encode(kind: IdKind, serial: number): string {
    const { byte, tail } = KINDS[kind];
    const buf = Buffer.allocUnsafe(HEADER + tail);
    this.header.copy(buf, 0);
    buf[24] = byte;
    buf.writeUInt32BE(serial >>> 0, 25);
    for (let i = 0; i < tail; i += 4) {
      const word = mix32(this.salt ^ Math.imul(serial + 1, 0x01000193) ^ (i * 0x9e37) ^ byte);
      for (let j = 0; j < 4 && i + j < tail; j += 1) buf[HEADER + i + j] = (word >>> (8 * j)) & 0xff;
    }
    // Every length is 2 mod 3, so standard base64 would end with exactly one '='.
    return `${buf.toString('base64url')}=`;
  }

  /** The serial encoded in `id` when it is a well-formed id of this kind and mailbox; ids are case-sensitive. */
  decode(kind: IdKind, id: string): number | undefined {
    const { tail } = KINDS[kind];
    if (id.length !== Math.ceil((HEADER + tail) / 3) * 4 || !/^[A-Za-z0-9_-]+=*$/.test(id)) return undefined;
    const buf = Buffer.from(id.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (buf.length !== HEADER + tail || buf[24] !== KINDS[kind].byte) return undefined;
    const serial = buf.readUInt32BE(25);
    return this.encode(kind, serial) === id ? serial : undefined;
  }

  /** True when `id` looks like one of ours of any kind (used to tell "malformed" from "not found"). */
  wellFormed(id: string): boolean {
    return (Object.keys(KINDS) as IdKind[]).some((k) => this.decode(k, id) !== undefined);
  }
}

/** A changeKey: base64 of a version stamp; unique per change, so same-second edits differ. */
export function changeKeyOf(mailboxSalt: string, seq: number): string {
  const buf = Buffer.alloc(30);
  Buffer.from([0x09, 0, 0, 0, 0x16, 0, 0, 0]).copy(buf, 0);
  Buffer.from(mailboxSalt, 'hex').copy(buf, 8, 0, 16);
  buf.writeUIntBE(seq, 24, 6);
  return buf.toString('base64');
}
