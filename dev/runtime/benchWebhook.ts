/**
 * Latency of a real-time trigger through the real sailor: from a message arriving in the sandbox's Inbox to its
 * data message on the next step's queue, with Graph's notification going through the stand-in webhook gateway.
 */
import { startSandbox } from '../sandbox';
import { WebhookGateway } from './gateway';
import type { Runtime } from './harness';

export interface LatencyResult {
  name: string;
  description: string;
  changes: number;
  perSecond: number;
  emitted: number;
  distinct: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The sandbox gathers a URL's notifications for this long before it POSTs them (Graph batches too). */
  batchDelayMs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

export async function benchWebhookLatency(runtime: Runtime, changes: number, perSecond: number): Promise<LatencyResult> {
  const batchDelayMs = 20;
  const sandbox = await startSandbox({ seed: 1, demo: false });
  sandbox.subscriptions().configure({ batchDelayMs });
  const gateway = await WebhookGateway.start();
  const step = await runtime.step({
    function: 'newMessageWebhook', fields: { folderId: 'inbox' }, start: false, logLevel: 'info',
    account: { tenantId: sandbox.tenantId, oauth: sandbox.issueToken() },
    env: {
      MSGRAPH_BASE_URL: sandbox.url, MSAPP_AUTHORITY_HOST: sandbox.url, MSAPP_CLIENT_ID: sandbox.clientId, MSAPP_CLIENT_SECRET: sandbox.clientSecret,
      ELASTICIO_FLOW_WEBHOOK_URI: gateway.url,
    },
  });
  gateway.attach(step);
  const addedAt = new Map<string, number>();
  const latencies: number[] = [];
  const subjects: string[] = [];
  step.queues.onOutput((o) => {
    if (o.kind !== 'data') return;
    const subject = String((o.body as { body?: { subject?: unknown } }).body?.subject);
    subjects.push(subject);
    const at = addedAt.get(subject);
    if (at !== undefined) latencies.push(o.receivedAt - at);
  });
  try {
    await step.start();
    await step.sailor.until(() => /asked the step for a catch-up/.test(step.sailor.logText()), 30_000, 'the subscription');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    for (let i = 0; i < changes; i += 1) {
      const wait = started + (i * 1000) / perSecond - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const subject = `latency ${i}`;
      addedAt.set(subject, Date.now());
      sandbox.store.addMessage('inbox', { subject });
    }
    await step.queues.waitUntil(() => latencies.length >= changes, 60_000, `${changes} data messages`);
  } finally {
    await step.close();
    await gateway.close();
    await sandbox.stop();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name: 'webhook-latency',
    description: `New Message (real-time): ${changes} mails at ${perSecond}/s, from arrival in the sandbox to the next step's queue`,
    changes, perSecond, emitted: subjects.length, distinct: new Set(subjects).size,
    p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), maxMs: sorted[sorted.length - 1], batchDelayMs,
  };
}
