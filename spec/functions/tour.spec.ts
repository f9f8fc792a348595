/** `npm start` shows every registered function: a scripted step, or the function's documented example. */
import assert from 'node:assert/strict';
import { tourSteps } from '../../dev/runner/tour';
import { WEBHOOK_STEPS } from '../../dev/runner/tourWebhooks';
import { FUNCTIONS } from '../../lib/functions/registry';

describe('the npm start tour', () => {
  it('runs every registered function at least once', () => {
    const keys = new Set([...tourSteps(), ...WEBHOOK_STEPS].map((s) => s.key));
    assert.deepEqual(FUNCTIONS.map((d) => d.key).filter((k) => !keys.has(k)), []);
  });

  it('only names functions that exist', () => {
    const known = new Set(FUNCTIONS.map((d) => d.key));
    assert.deepEqual([...tourSteps(), ...WEBHOOK_STEPS].map((s) => s.key).filter((k) => !known.has(k)), []);
  });
});
