/** What component.json declares, as the sailor reads it: functions, their modules and their select models. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { isRecord } from './fakePlatform';

export interface SelectModel {
  field: string;
  /** Name of the function exported by the module, called by `runService.js selectModel`. */
  method: string;
}

export interface ComponentFunction {
  key: string;
  kind: 'trigger' | 'action';
  main: string;
  type?: string;
  models: SelectModel[];
}

export function readManifest(root: string): ComponentFunction[] {
  const json = JSON.parse(readFileSync(path.join(root, 'component.json'), 'utf8')) as unknown;
  if (!isRecord(json)) throw new Error('component.json is not a JSON object');
  return [...functionsOf(json.triggers, 'trigger'), ...functionsOf(json.actions, 'action')];
}

function functionsOf(map: unknown, kind: 'trigger' | 'action'): ComponentFunction[] {
  if (!isRecord(map)) return [];
  return Object.entries(map).filter(([, def]) => isRecord(def)).map(([key, def]) => {
    const record = def as Record<string, unknown>;
    return {
      key, kind,
      main: typeof record.main === 'string' ? record.main : '',
      type: typeof record.type === 'string' ? record.type : undefined,
      models: modelsOf(record.fields),
    };
  });
}

function modelsOf(fields: unknown): SelectModel[] {
  if (!isRecord(fields)) return [];
  return Object.entries(fields)
    .filter(([, f]) => isRecord(f) && typeof f.model === 'string')
    .map(([field, f]) => ({ field, method: (f as Record<string, unknown>).model as string }));
}
