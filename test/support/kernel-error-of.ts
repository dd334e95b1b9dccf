import { expect } from 'chai';
import { KernelError } from '../../src/errors.js';

/** The KernelError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function kernelErrorOf(promise: Promise<unknown>): Promise<KernelError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(KernelError);
    return err as KernelError;
  }
  throw new Error('expected a rejection with a KernelError');
}
