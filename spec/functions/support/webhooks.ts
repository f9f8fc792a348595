/**
 * Webhook trigger specs: a real-clock Graph sandbox, the component's environment pointed at it, and the step behind
 * a local stand-in for the platform's webhook gateway (dev/runner/webhookStep.ts), which Graph's notifications reach.
 */
import { Sandbox, startSandbox } from '../../../dev/sandbox';
import { LocalWebhookStep, WebhookModule } from '../../../dev/runner/webhookStep';
import type { Level } from '../../../dev/runner/context';
import { sandboxEnv } from './sandbox';
import { configureWebhooks, stopKeepers, WebhookRuntime } from '../../../lib/platform/webhook/step';


export interface WebhookWorld {
  readonly sb: Sandbox;
  readonly cfg: Record<string, unknown>;
  /** Hook lines (init, shutdown) of the keeper. */
  readonly hookLogs: Array<{ level: Level; line: string }>;
  /** Starts the step (its `init` hook) and waits until its subscription exists and the first catch-up ran. */
  start(module: WebhookModule, fields?: Record<string, unknown>, options?: { replyChannel?: boolean; runtime?: WebhookRuntime; ready?: boolean; port?: number }): Promise<LocalWebhookStep>;
  /** Waits until every notification the sandbox has to send was answered and the step is idle. */
  settle(step: LocalWebhookStep): Promise<void>;
}

export async function until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function useWebhookSandbox(): WebhookWorld {
  let sb: Sandbox | undefined;
  let cfg: Record<string, unknown> = {};
  const steps: LocalWebhookStep[] = [];
  const hookLogs: Array<{ level: Level; line: string }> = [];
  const env = sandboxEnv();
  const log = (level: Level) => (line: string): void => { hookLogs.push({ level, line }); };
  beforeEach(async () => {
    hookLogs.length = 0;
    sb = await startSandbox({ seed: 3, demo: false });
    sb.subscriptions().configure({ batchDelayMs: 5, retryDelaysMs: [20, 50] });
    env.point(sb);
    cfg = { tenantId: sb.tenantId, oauth: sb.issueToken() };
  });
  afterEach(async () => {
    for (const step of steps.splice(0)) await step.close();
    stopKeepers();
    configureWebhooks({});
    await sb?.stop();
    env.restore();
  });
  const current = (): Sandbox => {
    if (!sb) throw new Error('the sandbox runs only inside a test');
    return sb;
  };
  const settle = async (step: LocalWebhookStep): Promise<void> => {
    await current().subscriptions().flush();
    await step.idle();
  };
  return {
    get sb() { return current(); },
    get cfg() { return cfg; },
    hookLogs,
    async start(module, fields = {}, options = {}) {
      configureWebhooks({ logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }, ...options.runtime });
      const step = await LocalWebhookStep.start({ module, cfg: { ...cfg, ...fields }, replyChannel: options.replyChannel, port: options.port });
      steps.push(step);
      if (options.ready ?? true) {
        await until(() => hookLogs.some((l) => /asked the step for a catch-up/.test(l.line)), 'the subscription and the first catch-up request');
        await settle(step);
      }
      return step;
    },
    settle,
  };
}
