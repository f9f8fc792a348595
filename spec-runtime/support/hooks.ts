/** One runtime (RabbitMQ connection + fake platform API) for the whole suite; specs open their own steps on it. */
import { Runtime, startRuntime } from '../../dev/runtime/harness';

let shared: Runtime | undefined;

export function runtime(): Runtime {
  if (!shared) throw new Error('the runtime is not started: spec-runtime/support/hooks.js must be a mocha root hook');
  return shared;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(20_000);
    shared = await startRuntime();
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await shared?.close();
    shared = undefined;
  },
};
