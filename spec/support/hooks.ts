/** Root hooks: no test reaches the network, and every nock interceptor must be used. */
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

export const mochaHooks = {
  afterEach(this: Mocha.Context): void {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length && this.currentTest?.state !== 'failed') {
      throw new Error(`Unused HTTP interceptors: ${pending.join(', ')}`);
    }
  },
};
