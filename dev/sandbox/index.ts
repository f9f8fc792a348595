/** The Graph sandbox: a local emulator of Microsoft Graph v1.0 and the identity platform. See CONTRACT.md. */
export { startSandbox, manualClock } from './sandbox';
export { realClock } from './clock';
export type * from './types';
