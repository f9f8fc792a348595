/** Function specs against the in-process Graph sandbox (real HTTP on 127.0.0.1): environment, credential, runs. */
import { Sandbox, manualClock, startSandbox } from '../../../dev/sandbox';
import type { ComponentContext, Message } from '../../../lib/platform/context';
import { forgetRefreshedTokens } from '../../../lib/platform/credentials';
import { RecordingContext, recordingContext } from '../../support/context';

type Action = { process: (this: ComponentContext, msg: Message, cfg: unknown) => Promise<unknown> };
const ENV_KEYS = ['MSGRAPH_BASE_URL', 'MSAPP_AUTHORITY_HOST', 'MSAPP_CLIENT_ID', 'MSAPP_CLIENT_SECRET', 'ELASTICIO_OBJECT_STORAGE_URI', 'ELASTICIO_OBJECT_STORAGE_TOKEN'];

export interface SandboxRun {
  data: Array<Record<string, unknown>>;
  error?: Error;
  ctx: RecordingContext;
}

export interface SandboxWorld {
  readonly sb: Sandbox;
  /** The credential every run gets: the sandbox's tenant and a fresh token. */
  readonly cfg: Record<string, unknown>;
  /** Runs process() once; `id` is the incoming message's id (the same id again is a redelivery). */
  run(action: Action, body: Record<string, unknown>, options?: { id?: string; fields?: Record<string, unknown> }): Promise<SandboxRun>;
  /** A file in the sandbox's object storage, as the platform's attachment descriptors name it. */
  stored(name: string, content: Buffer, contentType?: string): { name: string; url: string; contentType?: string };
}

/** The component's environment pointed at a sandbox for a test (`point`), and put back as it was (`restore`). */
export function sandboxEnv(): { point(sb: Sandbox): void; restore(): void } {
  const saved: Record<string, string | undefined> = {};
  return {
    point(sb) {
      for (const key of ENV_KEYS) saved[key] = process.env[key];
      Object.assign(process.env, {
        MSGRAPH_BASE_URL: sb.url, MSAPP_AUTHORITY_HOST: sb.url, MSAPP_CLIENT_ID: sb.clientId, MSAPP_CLIENT_SECRET: sb.clientSecret,
        ELASTICIO_OBJECT_STORAGE_URI: sb.url, ELASTICIO_OBJECT_STORAGE_TOKEN: sb.objectStorageToken,
      });
      forgetRefreshedTokens();
    },
    restore() {
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    },
  };
}

/** A fresh sandbox (no demo data, manual clock) for each test, the component's environment pointed at it. */
export function useSandbox(): SandboxWorld {
  let sb: Sandbox | undefined;
  let cfg: Record<string, unknown> = {};
  let runs = 0;
  const env = sandboxEnv();
  beforeEach(async () => {
    sb = await startSandbox({ seed: 1, demo: false, clock: manualClock(Date.UTC(2026, 10, 23, 9, 0, 0)) });
    env.point(sb);
    cfg = { tenantId: sb.tenantId, oauth: sb.issueToken() };
  });
  afterEach(async () => {
    await sb?.stop();
    env.restore();
  });
  const current = (): Sandbox => {
    if (!sb) throw new Error('the sandbox runs only inside a test');
    return sb;
  };
  return {
    get sb() { return current(); },
    get cfg() { return cfg; },
    async run(action, body, options = {}) {
      const ctx = recordingContext();
      runs += 1;
      let error: Error | undefined;
      try {
        await action.process.call(ctx, { id: options.id ?? `in-${runs}`, body, headers: {}, attachments: {} }, { ...cfg, ...options.fields });
      } catch (err) {
        error = err as Error;
      }
      return { ctx, error, data: ctx.emittedOf('data').map((m) => (m as { body: Record<string, unknown> }).body) };
    },
    stored(name, content, contentType) {
      const id = current().objects.put(content, contentType ?? 'application/octet-stream');
      return { name, url: `${current().url}/objects/${id}`, ...(contentType ? { contentType } : {}) };
    },
  };
}
