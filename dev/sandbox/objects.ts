/** Maester-compatible object storage: the bytes attachments are streamed to. */
import { randomUUID } from 'crypto';
import type { ObjectStorage, StoredObject } from './types';

export class ObjectStore implements ObjectStorage {
  private readonly objects = new Map<string, StoredObject>();

  get(id: string): StoredObject | undefined {
    const found = this.objects.get(id);
    return found ? { contentType: found.contentType, content: Buffer.from(found.content) } : undefined;
  }

  put(content: Buffer, contentType = 'application/octet-stream'): string {
    const id = randomUUID();
    this.objects.set(id, { contentType, content: Buffer.from(content) });
    return id;
  }

  delete(id: string): boolean {
    return this.objects.delete(id);
  }

  count(): number {
    return this.objects.size;
  }
}
