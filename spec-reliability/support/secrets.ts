/**
 * The suite-wide secret ledger: every secret any sandbox issued and every text the component produced (log
 * lines, errors, emitted messages, console output, request targets). Each test's texts are scanned when it ends.
 */

export interface Leak {
  test: string;
  where: string;
  /** The first and last characters of what leaked, never the whole secret. */
  what: string;
}

const secrets = new Set<string>();
let outputs: Array<{ where: string; text: string }> = [];
const leaks: Leak[] = [];
const totals = { texts: 0, bytes: 0, tests: 0 };

/**
 * Shapes of the sandbox's credentials, to catch a token the suite never learned (e.g. one issued and logged
 * before any updateKeys): JWT-like access/id tokens and `0.A…` refresh tokens.
 */
const SHAPES = [/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{40,}/, /\b0\.A[\w-]{200,}/];

export function addSecret(...values: Array<string | undefined>): void {
  for (const value of values) if (typeof value === 'string' && value.length >= 8) secrets.add(value);
}

/** Learns the tokens of an OAuth token response (cfg.oauth, updateKeys payloads). */
export function addTokenSecrets(token: unknown): void {
  if (typeof token !== 'object' || token === null) return;
  const t = token as Record<string, unknown>;
  for (const key of ['access_token', 'refresh_token', 'id_token']) addSecret(typeof t[key] === 'string' ? t[key] : undefined);
}

/** True when `text` holds a secret known so far or a credential-shaped string. */
export function containsSecret(text: string): boolean {
  for (const secret of secrets) if (text.includes(secret)) return true;
  return SHAPES.some((shape) => shape.test(text));
}

export function recordOutput(where: string, text: string): void {
  outputs.push({ where, text });
}

function abbreviate(secret: string): string {
  return `${secret.slice(0, 6)}…${secret.slice(-4)} (${secret.length} chars)`;
}

/** Scans the texts recorded since the last call against every secret known now; returns how many leaks it found. */
export function scanRecorded(test: string): number {
  const before = leaks.length;
  const batch = outputs;
  outputs = [];
  totals.tests += 1;
  for (const { where, text } of batch) {
    totals.texts += 1;
    totals.bytes += text.length;
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push({ test, where, what: abbreviate(secret) });
    }
    for (const shape of SHAPES) {
      const match = shape.exec(text);
      if (match) leaks.push({ test, where, what: `a credential-shaped string ${abbreviate(match[0])}` });
    }
  }
  return leaks.length - before;
}

export function ledgerSummary(): { secrets: number; texts: number; bytes: number; tests: number; leaks: Leak[] } {
  return { secrets: secrets.size, ...totals, leaks: [...leaks] };
}
