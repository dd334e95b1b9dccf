/**
 * Root hooks (loaded by .mocharc.json): no test may use the user's state directory. Anything that
 * starts an endpoint with the default state directory (a local kernel, `glue-kernel run --local`)
 * gets a throwaway one unless its test names its own (which tests that need a fresh one do).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let made: string | undefined;

export const mochaHooks = {
  beforeAll(): void {
    // Nor a Spark runtime the developer prepared with `glue-kernel local setup`.
    process.env['GLUE_KERNEL_RUNTIMES_DIR'] ??= join(tmpdir(), 'glue-kernel-test-no-runtimes');
    // Nor a Spark standby in every local kernel a test starts (test/integration/
    // local-kernel-standby.test.ts covers the default).
    process.env['GLUE_KERNEL_LOCAL_STANDBY'] ??= '0';
    if (process.env['GLUE_KERNEL_STATE_DIR']) return;
    made = mkdtempSync(join(tmpdir(), 'glue-kernel-test-state-'));
    process.env['GLUE_KERNEL_STATE_DIR'] = made;
  },
  afterAll(): void {
    if (made) rmSync(made, { recursive: true, force: true });
  },
};
