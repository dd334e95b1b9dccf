/**
 * The kernels the bench runs against the local endpoint: ours (the bundled kernel, as an
 * installed kernelspec runs it) and the official aws-glue-sessions PySpark kernel from the
 * bench's venv. Both get the endpoint's built-in account through standard AWS settings. The
 * official kernel's clients reach a custom endpoint only after %%assume_role (its clients built
 * from the temporary credentials then honour AWS_ENDPOINT_URL_GLUE/STS), so it assumes the
 * built-in session role first, as a cross-account user of it would.
 */
import { DEFAULT_ROLE_ARN } from '../src/local/identity/accounts.js';
import { isolatedEnv, ourKernelArgv } from './kernel-launch.js';
import type { BenchEndpoint } from './session-kernel.js';

export type PeerId = 'ours' | 'official';

export interface SessionPeer {
  id: PeerId;
  label: string;
  argv: string[];
  env(bench: BenchEndpoint): NodeJS.ProcessEnv;
  /** Cells run once after start, before anything is measured. */
  setupCells: string[];
}

function awsEnv(bench: BenchEndpoint): Record<string, string> {
  const { endpoint, proxy } = bench;
  return {
    AWS_ENDPOINT_URL_GLUE: proxy.url,
    AWS_ENDPOINT_URL_STS: proxy.url,
    AWS_ACCESS_KEY_ID: endpoint.defaultCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoint.defaultCredentials.secretAccessKey,
    AWS_REGION: endpoint.region,
    AWS_DEFAULT_REGION: endpoint.region,
    glue_role_arn: DEFAULT_ROLE_ARN,
  };
}

export const OURS: SessionPeer = {
  id: 'ours',
  label: 'glue-kernel',
  argv: ourKernelArgv(),
  env: (bench) => isolatedEnv(awsEnv(bench)),
  setupCells: [],
};

/** The official PySpark kernel (aws-glue-sessions) run by `python`. */
export function officialPeer(python: string): SessionPeer {
  return {
    id: 'official',
    label: 'aws-glue-sessions',
    argv: officialKernelArgv(python),
    env: (bench) => officialKernelEnv(awsEnv(bench)),
    setupCells: [`%%assume_role\n'${DEFAULT_ROLE_ARN}'`],
  };
}

/** The official kernel's environment: isolated (kernel-launch.ts) plus the `aws` settings given. */
export function officialKernelEnv(aws: Record<string, string>): NodeJS.ProcessEnv {
  return isolatedEnv({
    ...aws,
    // Its first cell asks PyPI for a newer version (requests, no timeout): an unreachable
    // proxy makes that fail at once instead of reaching the internet; AWS calls go direct.
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  });
}

/** What the official kernelspec (glue_pyspark) runs. */
export function officialKernelArgv(python: string): string[] {
  return [
    python,
    '-m',
    'aws_glue_interactive_sessions_kernel.glue_pyspark.GlueKernel',
    '-f',
    '{connection_file}',
  ];
}

export function ipykernelArgv(python: string): string[] {
  return [python, '-m', 'ipykernel_launcher', '-f', '{connection_file}'];
}
