import type { KernelInfo, LanguageInfo } from '../kernel-api/interpreter.js';
import type { SessionKind } from '../session/session-service.js';

/** kernel_info for the two kernels: Python (PySpark) or Scala (Spark) code, run in Glue. */

const LANGUAGE: Record<SessionKind, LanguageInfo> = {
  pyspark: {
    name: 'python',
    version: '3',
    mimetype: 'text/x-python',
    file_extension: '.py',
    pygments_lexer: 'python3',
    codemirror_mode: { name: 'python', version: 3 },
    nbconvert_exporter: 'python',
  },
  scala: {
    name: 'scala',
    version: '2.12',
    mimetype: 'text/x-scala',
    file_extension: '.scala',
    pygments_lexer: 'scala',
    codemirror_mode: 'text/x-scala',
  },
};

const DISPLAY_NAME: Record<SessionKind, string> = { pyspark: 'Glue PySpark', scala: 'Glue Spark' };

export function buildKernelInfo(kind: SessionKind, version: string): KernelInfo {
  return {
    implementation: 'glue-kernel',
    implementation_version: version,
    language_info: { ...LANGUAGE[kind] },
    banner:
      `${DISPLAY_NAME[kind]} (glue-kernel ${version})\n` +
      'Code runs remotely in an AWS Glue interactive session; %help lists the magics.',
    help_links: [
      {
        text: 'AWS Glue interactive sessions',
        url: 'https://docs.aws.amazon.com/glue/latest/dg/interactive-sessions.html',
      },
      {
        text: 'Magics',
        url: 'https://docs.aws.amazon.com/glue/latest/dg/interactive-sessions-magics.html',
      },
    ],
  };
}
