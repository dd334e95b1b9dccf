/**
 * How this kernel names itself to AWS: `glue-kernel/<version>` appended to the User-Agent of every
 * SDK client it builds (Glue and STS), so CloudTrail's userAgent and service logs tell it apart
 * from the official kernel. The `--glue_kernel_version` session argument cannot do this: it
 * carries the protocol level of the official kernel we implement (see session-request.ts).
 */
export type SdkUserAgent = [name: string, version: string][];

export function kernelUserAgent(packageVersion: string): SdkUserAgent {
  return [['glue-kernel', packageVersion]];
}
