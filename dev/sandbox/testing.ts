/** For specs of the sandbox itself: the internals behind a started Sandbox (what route handlers see as `ctx.core`). */
import type { SandboxCore } from './core';
import type { Sandbox } from './types';

const cores = new WeakMap<Sandbox, SandboxCore>();

export function registerCore(sb: Sandbox, core: SandboxCore): void {
  cores.set(sb, core);
}

export function core(sb: Sandbox): SandboxCore {
  const found = cores.get(sb);
  if (!found) throw new Error('Not a sandbox started by startSandbox()');
  return found;
}
