/**
 * Graph behaviours that vary between tenants, mailboxes or over time, as one runtime knob object (CONTRACT.md,
 * "Graph behaviours and their sources"). Every module reads `current()` when it needs a value, so a change applies
 * to the next request.
 */
import type { GraphBehaviour, GraphBehaviourSettings } from './types';

export const DEFAULT_BEHAVIOUR: Readonly<GraphBehaviourSettings> = Object.freeze({
  maxResponseBytes: undefined,
  readChangesLastModified: true,
  partialDeltaItems: false,
  gzip: false,
  account: 'work',
  eventsDailyNoEditChange: false,
});

const BOOLEANS = ['readChangesLastModified', 'partialDeltaItems', 'gzip', 'eventsDailyNoEditChange'] as const;

function validate(settings: GraphBehaviourSettings): void {
  const max = settings.maxResponseBytes;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new Error(`maxResponseBytes must be a positive integer, got ${String(max)}`);
  for (const key of BOOLEANS) {
    if (typeof settings[key] !== 'boolean') throw new Error(`${key} must be a boolean, got ${String(settings[key])}`);
  }
  if (settings.account !== 'work' && settings.account !== 'personal') throw new Error(`account must be 'work' or 'personal', got ${String(settings.account)}`);
}

function merge(base: GraphBehaviourSettings, partial: Partial<GraphBehaviourSettings>): GraphBehaviourSettings {
  const next: GraphBehaviourSettings = { ...base };
  for (const [key, value] of Object.entries(partial) as Array<[keyof GraphBehaviourSettings, unknown]>) {
    if (!(key in DEFAULT_BEHAVIOUR)) throw new Error(`Unknown Graph behaviour '${key}'`);
    // `maxResponseBytes: undefined` clears the limit; other keys keep their value when given undefined.
    if (value === undefined && key !== 'maxResponseBytes') continue;
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  validate(next);
  return next;
}

export class BehaviourKnobs implements GraphBehaviour {
  private readonly initial: GraphBehaviourSettings;
  private settings: GraphBehaviourSettings;

  /** `initial` (from `startSandbox({ graphBehaviour })`) is what `reset()` returns to. */
  constructor(initial: Partial<GraphBehaviourSettings> = {}) {
    this.initial = merge({ ...DEFAULT_BEHAVIOUR }, initial);
    this.settings = { ...this.initial };
  }

  configure(partial: Partial<GraphBehaviourSettings>): void {
    this.settings = merge(this.settings, partial);
  }

  reset(): void {
    this.settings = { ...this.initial };
  }

  current(): GraphBehaviourSettings {
    return { ...this.settings };
  }
}

/** The consumer tenant of personal Microsoft accounts (learn.microsoft.com/entra/identity-platform/id-token-claims-reference). */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
