/** The sailor's message encryption (AES-256-CBC, key = SHA-256 of the password), for publishing input and reading output. */
import { createCipheriv, createDecipheriv, createHash } from 'crypto';

export interface CryptoSettings {
  password: string;
  /** Exactly 16 characters: the sailor passes the string to createCipheriv as-is. */
  iv: string;
}

export class MessageCipher {
  private readonly key: Buffer;

  constructor(private readonly settings: CryptoSettings) {
    if (Buffer.byteLength(settings.iv) !== 16) throw new Error('MESSAGE_CRYPTO_IV must be 16 bytes');
    this.key = createHash('sha256').update(settings.password, 'utf8').digest();
  }

  /** JSON → ciphertext; protocol 1 (the default) carries it as base64 text, protocol 2 as raw bytes. */
  encrypt(value: unknown, protocolVersion = 1): Buffer {
    const cipher = createCipheriv('aes-256-cbc', this.key, this.settings.iv);
    const raw = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return protocolVersion < 2 ? Buffer.from(raw.toString('base64')) : raw;
  }

  decrypt(content: Buffer | string, protocolVersion = 1): unknown {
    const raw = protocolVersion < 2 ? Buffer.from(content.toString(), 'base64') : Buffer.from(content);
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.settings.iv);
    const text = Buffer.concat([decipher.update(raw), decipher.final()]).toString('utf8');
    return JSON.parse(text) as unknown;
  }
}
