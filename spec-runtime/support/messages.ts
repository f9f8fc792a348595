/** Helpers over what the sailor delivered. */
import { strict as assert } from 'node:assert';
import type { DataMessage, Step } from '../../dev/runtime/harness';

/** `id|changeKey` of an emitted Graph item: one entry per version of a message or contact. */
export function versionOf(message: DataMessage): string {
  const body = message.body as { id?: unknown; changeKey?: unknown };
  assert.equal(typeof body.id, 'string', `an emitted body has no id: ${JSON.stringify(message.body).slice(0, 200)}`);
  return `${String(body.id)}|${String(body.changeKey)}`;
}

/** No secret may reach the sailor's log (every sailor process of the step). */
export function assertNoSecretsLogged(step: Step, secrets: string[]): void {
  for (const sailor of step.sailors) {
    const text = sailor.logText();
    for (const secret of secrets) assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 4)}…) appears in the sailor log`);
  }
}
