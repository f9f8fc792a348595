/**
 * The README's coverage table names every function of the component, and only functions that exist: a function
 * added without its row, or a row left behind by a removed or renamed key, fails here.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FUNCTIONS } from '../lib/functions/registry';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** The lines of one `## ` section, heading excluded. */
function section(heading: string): string[] {
  const lines = README.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `README has no "## ${heading}" section`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Function keys of the table's Functions column (the third), in backticks. */
export function coverageKeys(lines: string[]): string[] {
  const rows = lines.filter((line) => line.startsWith('|') && !/^\|[-| ]+\|$/.test(line)).slice(1);
  return rows.flatMap((row) => {
    const cells = row.split('|').map((cell) => cell.trim());
    return [...(cells[3] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  });
}

describe('README coverage table', () => {
  const listed = coverageKeys(section('Coverage'));
  const keys = FUNCTIONS.map((fn) => fn.key);

  it('lists every function of the component', () => {
    const missing = keys.filter((key) => !listed.includes(key));
    assert.deepEqual(missing, [], `functions without a row in the README's Coverage table: ${missing.join(', ')}`);
  });

  it('lists only functions that exist', () => {
    const unknown = listed.filter((key) => !keys.includes(key));
    assert.deepEqual(unknown, [], `keys in the Coverage table that are not functions: ${unknown.join(', ')}`);
  });

  it('reads the Functions column of a table row and nothing else', () => {
    const sample = ['| Area | Capability | Functions | Graph API |', '|---|---|---|---|', '| Mail | `x` in prose | `a`, `b` | `c` |'];
    assert.deepEqual(coverageKeys(sample), ['a', 'b']);
  });

  it('says what is not covered', () => {
    assert.match(section('Coverage').join('\n'), /^Not covered/m);
  });
});
