/**
 * The three kernels this package installs, as data: `install` writes their kernelspecs, `run`
 * maps a notebook's kernelspec name back to a kind, `kernel --kind` starts one.
 */
export type KernelKind = 'pyspark' | 'scala' | 'local';

/**
 * Node flags for every kernel process (installed kernelspecs and `glue-kernel run`). V8 sizes its
 * heap for throughput and grows it lazily: after 1,000 statements a kernel's RSS climbed to
 * ~110 MB while its live heap stayed ~14 MB. A kernel mostly waits on the network, so V8's
 * optimize-for-size mode suits it: RSS stayed flat at ~82 MB over 1,500 statements (a smaller
 * semi-space alone still grew to 118 MB), with no hard heap cap that a large output could hit.
 */
export const KERNEL_NODE_FLAGS: readonly string[] = ['--optimize-for-size'];

/**
 * Environment for every kernel process (the kernelspecs' `env`, and `glue-kernel run`): the AWS
 * SDK warns on stderr about its releases after January 2027 needing Node 22; the pinned SDK works
 * on Node 20, and the kernel never writes its own process environment.
 */
export const KERNEL_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
export const KERNEL_KINDS: readonly KernelKind[] = ['pyspark', 'scala', 'local'];

export interface KernelFlavour {
  kind: KernelKind;
  name: string;
  /** The name the official aws-glue-sessions kernel uses, for --official-names. */
  officialName: string;
  displayName: string;
  language: 'python' | 'scala';
}

export const KERNEL_FLAVOURS: readonly KernelFlavour[] = [
  {
    kind: 'pyspark',
    name: 'glue_kernel_pyspark',
    officialName: 'glue_pyspark',
    displayName: 'Glue PySpark',
    language: 'python',
  },
  {
    kind: 'scala',
    name: 'glue_kernel_spark',
    officialName: 'glue_spark',
    displayName: 'Glue Spark',
    language: 'scala',
  },
  {
    kind: 'local',
    name: 'glue_kernel_pyspark_local',
    officialName: 'glue_pyspark_local',
    displayName: 'Glue PySpark (local)',
    language: 'python',
  },
];

export function isKernelKind(value: string): value is KernelKind {
  return (KERNEL_KINDS as readonly string[]).includes(value);
}

/** The kind for a kernelspec name (ours or the official one), or undefined. */
export function kindOfKernelName(name: string): KernelKind | undefined {
  return KERNEL_FLAVOURS.find((f) => f.name === name || f.officialName === name)?.kind;
}
