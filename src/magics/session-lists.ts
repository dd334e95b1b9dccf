import type { SessionSettings } from '../session/session-service.js';
import { settingRow } from '../session/settings/setting-registry.js';
import { stripQuotes } from './arg-readers.js';
import { defineMagic, type MagicSpec } from './magic-spec.js';
import { maskSecretsInText } from '../util/secrets.js';
import { effective, settingMagic, shown } from './setting-magic.js';

/** Magics that take comma lists (connections, modules, files) and the raw `--conf` string. */

type ListKey = 'connections' | 'additionalPythonModules' | 'extraPyFiles' | 'extraJars';

function listMagic(options: {
  name: string;
  key: ListKey;
  heading: string;
  summary: string;
  example: string;
  help: string;
  section: MagicSpec['section'];
}): MagicSpec {
  return settingMagic({
    name: options.name,
    section: options.section,
    summary: options.summary,
    usage: `%${options.name} ITEM[,ITEM...]`,
    example: options.example,
    help: options.help,
    key: options.key,
    report: (_previous, value) => [options.heading, ...value],
  });
}

export const connectionsMagic = listMagic({
  name: 'connections',
  key: 'connections',
  heading: 'Connections to be included:',
  summary: 'Glue connections for the session, e.g. the network connection that places it in a VPC.',
  example: '%connections session_vpc',
  help: 'Comma-separated names of Glue connections in the session region.',
  section: 'Magic for Spark Sessions (ETL & Streaming)',
});

export const additionalPythonModulesMagic = listMagic({
  name: 'additional_python_modules',
  key: 'additionalPythonModules',
  heading: 'Additional python modules to be included:',
  summary: 'Python modules pip installs in the session (--additional-python-modules).',
  example: '%additional_python_modules pandas==2.2.2,s3://bucket/wheels/mylib.whl',
  help: 'Comma-separated pip specifiers or S3 paths of wheels. These install in the session, not locally.',
  section: 'Glue Config Magic',
});

export const extraPyFilesMagic = listMagic({
  name: 'extra_py_files',
  key: 'extraPyFiles',
  heading: 'Extra py files to be included:',
  summary: 'Python files from S3 added to the session (--extra-py-files).',
  example: '%extra_py_files s3://bucket/code/helpers.py,s3://bucket/code/lib.zip',
  help: 'Comma-separated S3 paths.',
  section: 'Magic for Spark Sessions (ETL & Streaming)',
});

export const extraJarsMagic = listMagic({
  name: 'extra_jars',
  key: 'extraJars',
  heading: 'Extra jars to be included:',
  summary: 'Jars from S3 added to the session (--extra-jars).',
  example: '%extra_jars s3://bucket/jars/driver.jar',
  help: 'Comma-separated S3 paths.',
  section: 'Magic for Spark Sessions (ETL & Streaming)',
});

interface SparkConfArgs {
  /** Undefined: show the current value. */
  conf?: string;
}

/** Raw, as the official kernel: extra pairs go in as `a=b --conf c=d`. */
export const sparkConfMagic = defineMagic<SparkConfArgs>({
  name: 'spark_conf',
  kind: 'line',
  section: 'Magic for Spark Sessions (ETL & Streaming)',
  summary: 'Spark configuration (--conf); without an argument shows the current value.',
  usage: '%spark_conf [KEY=VALUE [--conf KEY=VALUE ...]]',
  example: '%spark_conf spark.serializer=org.apache.spark.serializer.KryoSerializer',
  help: 'Several settings: spark.a=1 --conf spark.b=2.',
  livePolicy: 'next-session',
  parse(arg) {
    if (stripQuotes(arg.trim()).trim() === '') return {};
    const row = settingRow('sparkConf');
    // First, so that a credential is refused before any word of it could be quoted back.
    row.refuseTyped?.(arg);
    return { conf: row.read(arg).value };
  },
  patch: (args): SessionSettings => (args.conf === undefined ? {} : { sparkConf: args.conf }),
  async run(args, env) {
    const previous = effective(env, 'sparkConf');
    if (args.conf === undefined) {
      // The value may come from the environment or a config file, unchecked: mask credentials.
      env.out.stdout(
        previous === undefined
          ? 'No Spark configuration set\n'
          : `${maskSecretsInText(previous)}\n`,
      );
      return;
    }
    env.out.stdout(`Previous Spark configuration: ${shown(previous)}\n`);
    env.out.stdout(`Setting new Spark configuration to: ${maskSecretsInText(args.conf)}\n`);
  },
});

export const sessionListMagics: MagicSpec[] = [
  connectionsMagic,
  additionalPythonModulesMagic,
  extraPyFilesMagic,
  extraJarsMagic,
  sparkConfMagic,
];
