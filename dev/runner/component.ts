/** Loads trigger/action modules from component.json exactly as the sailor does (require of the compiled main). */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface FunctionDef {
  key: string;
  kind: 'trigger' | 'action';
  title: string;
  main: string;
  type?: string;
  fields: Record<string, { label?: string; required?: boolean; model?: unknown; viewClass?: string }>;
}

interface Manifest {
  triggers?: Record<string, Omit<FunctionDef, 'key' | 'kind'>>;
  actions?: Record<string, Omit<FunctionDef, 'key' | 'kind'>>;
}

export function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'component.json'), 'utf8')) as Manifest;
}

export function functions(): FunctionDef[] {
  const m = manifest();
  const list: FunctionDef[] = [];
  for (const [key, def] of Object.entries(m.triggers ?? {})) list.push({ ...def, fields: def.fields ?? {}, key, kind: 'trigger' });
  for (const [key, def] of Object.entries(m.actions ?? {})) list.push({ ...def, fields: def.fields ?? {}, key, kind: 'action' });
  return list;
}

export function findFunction(key: string): FunctionDef | undefined {
  return functions().find((f) => f.key === key);
}

export type ProcessFn = (this: unknown, msg: unknown, cfg: unknown, snapshot: unknown) => Promise<unknown> | unknown;

export interface LoadedModule {
  process?: ProcessFn;
  [name: string]: unknown;
}

export function load(def: FunctionDef): LoadedModule {
  const file = path.join(ROOT, def.main);
  if (!fs.existsSync(file)) throw new Error(`${def.key}: ${def.main} does not exist; run \`npm run build\` first`);
  return require(file) as LoadedModule;
}

export function loadVerifyCredentials(): (this: unknown, cfg: unknown) => Promise<unknown> {
  const file = path.join(ROOT, 'verifyCredentials.js');
  if (!fs.existsSync(file)) throw new Error('verifyCredentials.js does not exist; run `npm run build` first');
  return require(file) as (this: unknown, cfg: unknown) => Promise<unknown>;
}
