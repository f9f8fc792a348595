/**
 * Every function, every parameter: what the definition declares is all it reads, and a wrong value fails before
 * any request with an error that names the field by its label and its key. Generic over lib/functions/registry.ts,
 * so a new function is covered the moment it is registered.
 */
import assert from 'node:assert/strict';
import { FUNCTIONS, MODULE_PATHS } from '../../lib/functions/registry';
import type { FunctionDefinition } from '../../lib/platform/definition';
import { ConfigurationError } from '../../lib/outlook/errors';
import { parseParams } from '../../lib/platform/params';
import { recordingContext } from '../support/context';

const CREDENTIAL = { tenantId: 'common', oauth: { access_token: 'eyJ0eXAi.INPUTS-SPEC-TOKEN.secret', token_type: 'Bearer' } };
const ROOT = '../..';

type ProcessFn = (this: unknown, msg: unknown, cfg: unknown, snapshot?: unknown) => Promise<unknown>;

function processOf(def: FunctionDefinition): ProcessFn {
  const module = require(`${ROOT}/${MODULE_PATHS[def.key].replace(/^\.\//, '')}`) as { process: ProcessFn };
  return module.process;
}

/** Runs the function with the example's configuration and input, one value replaced; resolves to its error. */
async function failure(def: FunctionDefinition, where: 'config' | 'input', key: string, value: unknown): Promise<unknown> {
  const cfg = { ...CREDENTIAL, ...def.example.config, ...(where === 'config' ? { [key]: value } : {}) };
  const body = { ...def.example.input, ...(where === 'input' ? { [key]: value } : {}) };
  const ctx = Object.assign(recordingContext(), { clock: undefined });
  try {
    await processOf(def).call(ctx, { id: 'in-1', body, headers: {} }, cfg, {});
  } catch (err) {
    assert.deepEqual(ctx.emittedOf('data'), [], 'a refused input emitted data');
    return err;
  }
  return assert.fail(`${def.key} accepted ${JSON.stringify(value)} for ${key}`);
}

describe('function inputs (every definition of lib/functions/registry.ts)', () => {

  for (const def of FUNCTIONS) {
    describe(`${def.kind} ${def.key}`, () => {
      it('parses its own example configuration and input', () => {
        parseParams(def.params, { body: def.example.input ?? {}, cfg: def.example.config ?? {} });
      });

      it('gets exactly the parameters it declares, nothing else of the message or the step', () => {
        const body = { ...def.example.input, notDeclared: 'x' };
        const values = parseParams(def.params, { body, cfg: { ...def.example.config, alsoNotDeclared: 1 } });
        assert.deepEqual(Object.keys(values).sort(), Object.keys(def.params).sort());
      });

      for (const [name, param] of Object.entries(def.params)) {
        const where = param.inInput() ? 'input' : 'config';
        const key = where === 'input' ? param.inputKeyOf(name) : param.configKeyOf(name);
        it(`refuses ${JSON.stringify(param.spec.invalid)} for ${key} before any request, naming "${param.spec.label} (${key})"`, async () => {
          const err = await failure(def, where, key, param.spec.invalid);
          assert.ok(err instanceof ConfigurationError, `not a ConfigurationError: ${String(err)}`);
          assert.ok(err.field.startsWith(`${param.spec.label} (${key}`), `the error names "${err.field}"`);
        });
      }

      const required = Object.entries(def.params).filter(([, p]) => p.options.required && p.options.default === undefined);
      for (const [name, param] of required) {
        const key = param.inInput() ? param.inputKeyOf(name) : param.configKeyOf(name);
        it(`refuses a missing ${key}, naming it`, async () => {
          const err = await failure(def, param.inInput() ? 'input' : 'config', key, '');
          assert.ok(err instanceof ConfigurationError && err.field === `${param.spec.label} (${key})` && /is required/.test(err.message), String(err));
        });
      }
    });
  }
});
