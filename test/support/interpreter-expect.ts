import { expect } from 'chai';
import { KernelError } from '../../src/errors.js';

/** Runs `fn`, expects it to throw a KernelError of `kind`, and returns the error for more checks. */
export function thrownKernelError(
  fn: () => unknown,
  kind: KernelError['kind'] = 'usage',
): KernelError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'expected a KernelError to be thrown').to.be.instanceOf(KernelError);
  const error = thrown as KernelError;
  expect(error.kind, error.message).to.equal(kind);
  return error;
}
