/**
 * The page size of a polling drain. Graph warns that pages of many messages with full bodies can end in a gateway
 * timeout (504, learn.microsoft.com/graph/api/user-list-messages), and the same query times out every time, so a
 * fixed size could stall a trigger forever on a folder of large mails. The size is halved after a 504 or a
 * timeout (down to 1) and doubled again after a run of good pages; the snapshot keeps it between executions.
 */
import { GraphError, TimeoutError } from '../../graph/errors';

/** Good pages in a row before the size doubles again. */
const GROW_AFTER = 4;

export class PageSize {
  private good = 0;
  private current: number;

  constructor(readonly max: number, start?: number) {
    this.current = start !== undefined && start >= 1 && start < max ? Math.floor(start) : max;
  }

  get value(): number { return this.current; }

  /** Below the maximum: the size the snapshot should remember. */
  get reduced(): number | undefined { return this.current < this.max ? this.current : undefined; }

  /** After a gateway timeout: the smaller size to try, or undefined when already at 1. */
  shrink(): number | undefined {
    if (this.current <= 1) return undefined;
    this.current = Math.ceil(this.current / 2);
    this.good = 0;
    return this.current;
  }

  succeeded(): void {
    if (this.current >= this.max) return;
    this.good += 1;
    if (this.good < GROW_AFTER) return;
    this.current = Math.min(this.max, this.current * 2);
    this.good = 0;
  }
}

export function isGatewayTimeout(err: unknown): boolean {
  return (err instanceof GraphError && err.status === 504) || err instanceof TimeoutError;
}
