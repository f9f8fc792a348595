/** Request/response over the IPC channel of a forked child: the benchmark's sandbox and component processes. */
import { ChildProcess, fork } from 'child_process';

interface Call { id: number; op: string; args: unknown }
interface Reply { id: number; result?: unknown; error?: string }

export type Handlers = Record<string, (args: never) => Promise<unknown> | unknown>;

/** In the child: answers calls until told to exit. */
export function serve(handlers: Handlers): void {
  process.on('message', (raw: unknown) => {
    const call = raw as Call;
    const handler = handlers[call.op] as ((args: unknown) => Promise<unknown> | unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown operation ${call.op}`);
        return handler(call.args);
      })
      .then(
        (result) => process.send?.({ id: call.id, result } satisfies Reply),
        (err: unknown) => process.send?.({ id: call.id, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies Reply),
      );
  });
  process.send?.({ id: 0, result: 'ready' } satisfies Reply);
}

export interface Child {
  call<T>(op: string, args?: unknown): Promise<T>;
  /** Ends the child and waits for it to exit. */
  stop(): Promise<void>;
  readonly process: ChildProcess;
}

/** Forks a compiled script (with `node` options such as a heap cap) and waits until it serves. */
export function spawnChild(script: string, argv: string[] = [], nodeOptions: string[] = []): Promise<Child> {
  const child = fork(script, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc', ...nodeOptions] });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let serial = 0;
  return new Promise((resolveReady, rejectReady) => {
    child.once('exit', (code) => {
      rejectReady(new Error(`${script} exited with ${code} before it was ready`));
      for (const p of pending.values()) p.reject(new Error(`${script} exited with ${code}`));
    });
    child.on('message', (raw: unknown) => {
      const reply = raw as Reply;
      if (reply.id === 0) {
        resolveReady({
          process: child,
          call<T>(op: string, args?: unknown): Promise<T> {
            serial += 1;
            const id = serial;
            return new Promise<T>((resolve, reject) => {
              pending.set(id, { resolve: resolve, reject });
              child.send({ id, op, args } satisfies Call);
            });
          },
          stop: () => new Promise<void>((resolve) => {
            if (child.exitCode !== null) { resolve(); return; }
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
        });
        return;
      }
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.error !== undefined) waiter.reject(new Error(reply.error)); else waiter.resolve(reply.result);
    });
  });
}
