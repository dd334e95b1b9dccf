/**
 * A kernel process for integration tests: ZmqTransport + Kernel + the EchoInterpreter, wired
 * by the same serveKernel the real composition root uses.
 * Run: node --import tsx test/support/kernel-entry.ts -f CONNECTION_FILE
 */
import { serveKernel } from '../../src/kernel/serve-kernel.js';
import { stderrLogger } from '../../src/util/logger.js';
import { EchoInterpreter } from './echo-interpreter.js';

const at = process.argv.indexOf('-f');
const connectionFile = at >= 0 ? process.argv[at + 1] : undefined;
if (!connectionFile) {
  process.stderr.write('usage: kernel-entry.ts -f CONNECTION_FILE\n');
  process.exit(2);
}
await serveKernel({
  connectionFile,
  interpreter: new EchoInterpreter(),
  logger: stderrLogger('info', 'echo-kernel'),
  exit: (code) => process.exit(code),
});
