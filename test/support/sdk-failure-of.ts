/** What an AWS SDK call failed with, as a user would read it: error name, message, HTTP status. */
export interface SdkFailure {
  name: string;
  message: string;
  status?: number;
}

export async function sdkFailureOf(promise: Promise<unknown>): Promise<SdkFailure> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
