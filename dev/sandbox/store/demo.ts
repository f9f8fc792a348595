/** The deterministic demo mailbox. */
import type { Prng } from '../random';
import type { Store } from './Store';

export function seedDemo(store: Store, prng: Prng): void {
  void store;
  void prng;
}
