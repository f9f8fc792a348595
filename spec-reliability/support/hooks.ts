/**
 * Root hooks of the reliability suite: console output is teed into the secret ledger, each test's texts are
 * scanned when it ends, and the suite fails at the end if any secret appeared anywhere.
 */
import { ledgerSummary, recordOutput, scanRecorded } from './secrets';

type Write = typeof process.stdout.write;
const originals: Array<{ stream: NodeJS.WriteStream; write: Write }> = [];

function tee(stream: NodeJS.WriteStream, label: string): void {
  const write: Write = stream.write.bind(stream);
  originals.push({ stream, write: stream.write });
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    recordOutput(label, typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  });
}

export const mochaHooks = {
  beforeAll(): void {
    tee(process.stdout, 'stdout');
    tee(process.stderr, 'stderr');
  },
  afterEach(this: Mocha.Context): void {
    const found = scanRecorded(this.currentTest?.fullTitle() ?? 'unknown test');
    if (found > 0) process.stderr.write(`      ${found} secret leak(s) found in this test (listed at the end)\n`);
  },
  afterAll(): void {
    scanRecorded('after the last test');
    for (const { stream, write } of originals.splice(0)) stream.write = write;
    const summary = ledgerSummary();
    process.stdout.write(`\n  Secret scan: ${summary.secrets} secrets (access, refresh and id tokens, client secret, storage token) `
      + `searched in ${summary.texts} texts (${(summary.bytes / 1e6).toFixed(1)} MB of log lines, errors, emitted messages, console output, request targets) `
      + `over ${summary.tests} tests: ${summary.leaks.length} leaks\n`);
    if (summary.leaks.length > 0) {
      const lines = summary.leaks.slice(0, 20).map((l) => `  - ${l.test} / ${l.where}: ${l.what}`);
      throw new Error(`Secrets leaked into component output:\n${lines.join('\n')}`);
    }
  },
};
