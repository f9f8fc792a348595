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

  /**
   * The route's side: keeps the request's body buffer as it is and serves the stored one, without the defensive
   * copies of `get`/`put` (three 100 MB copies per round trip made the storage benchmark measure the sandbox).
   */
  adopt(content: Buffer, contentType: string): string {
    const id = randomUUID();
    this.objects.set(id, { contentType, content });
    return id;
  }

  peek(id: string): StoredObject | undefined {
    return this.objects.get(id);
  }

  delete(id: string): boolean {
    return this.objects.delete(id);
  }

  /** Replaces the bytes of an existing object (the route's `PUT /objects/{id}`, keeping the body buffer); false when there is none. */
  replace(id: string, content: Buffer, contentType: string): boolean {
    if (!this.objects.has(id)) return false;
    this.objects.set(id, { contentType, content });
    return true;
  }

  clear(): void {
    this.objects.clear();
  }

  count(): number {
    return this.objects.size;
  }
}
