/**
 * Random notebook cells for the adversarial pass: magics (known and unknown) with random, garbage
 * and huge arguments (unicode, control characters, 1 MB), Python, `!` commands, %%configure and
 * %%tags dicts, and mixes. Secret values typed into cells are drawn from `typedSecrets`, so the
 * pass can check none of them is ever shown. `!` commands only ever echo quoted text: random
 * shell would be unsafe on a shared machine.
 */
import fc from 'fast-check';

const MAGICS = [
  'additional_python_modules',
  'assume_role',
  'config',
  'configure',
  'connections',
  'delete_session',
  'endpoint',
  'extra_jars',
  'extra_py_files',
  'glue_version',
  'help',
  'iam_role',
  'idle_timeout',
  'list_sessions',
  'number_of_workers',
  'profile',
  'reconnect',
  'region',
  'security_config',
  'session_id',
  'session_id_prefix',
  'spark_conf',
  'sql',
  'status',
  'stop_session',
  'tags',
  'timeout',
  'worker_type',
  'session_type',
  'streaming',
  'etl',
  'glue_ray',
  'local',
  'matplot',
  'plot',
  'toString',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'valueOf',
];
/** Magics that end the session or point the kernel elsewhere: rarer, so most cells run Python. */
const DISRUPTIVE = new Set([
  'stop_session',
  'delete_session',
  'endpoint',
  'profile',
  'region',
  'reconnect',
  'session_id',
]);

const SETTING_KEYS = [
  'worker_type',
  'number_of_workers',
  'idle_timeout',
  'timeout',
  'glue_version',
  'iam_role',
  'region',
  'session_id_prefix',
  'security_config',
  'extra_py_files',
  'extra_jars',
  'additional_python_modules',
  'default_arguments',
  'tags',
  'connections',
  'spark_conf',
  'session_type',
  '--conf',
  '--enable-glue-datacatalog',
  '__proto__',
  'constructor',
];
const SECRET_NAMES = [
  '--db_password',
  '--api_token',
  '--client_secret',
  '--aws_secret_access_key',
  '--private_key',
];

function quoteShell(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** `secret()` returns a fresh unique secret value and records it. */
export function cellArbitrary(secret: () => string, hugeEvery: number): fc.Arbitrary<string> {
  const unicode = fc.string({ unit: 'grapheme', maxLength: 40 });
  const binary = fc.string({ unit: 'binary', maxLength: 40 });
  const control = fc
    .array(fc.integer({ min: 0, max: 31 }), { maxLength: 12 })
    .map((codes) => String.fromCharCode(...codes));
  const huge = fc
    .tuple(fc.constantFrom('x', 'é', '\u0000', ' ', '🙂', '{', "'"), fc.integer({ min: 1, max: 3 }))
    .map(([unit, mb]) => unit.repeat(Math.floor((mb * 1_000_000) / unit.length)));
  const number = fc.oneof(
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom('0', '-1', '1e309', 'NaN', '0x10', '2147483648', '1_000'),
  );
  const textArg = fc.oneof(
    { weight: 5, arbitrary: unicode },
    { weight: 3, arbitrary: binary },
    { weight: 2, arbitrary: control },
    { weight: 3, arbitrary: number },
    { weight: 1, arbitrary: fc.constant('') },
  );
  const arg = fc.oneof({ weight: hugeEvery, arbitrary: textArg }, { weight: 1, arbitrary: huge });
  // Secrets typed where the kernel must treat them as secrets (docs: README "Secrets are masked").
  const secretCell = fc
    .tuple(fc.integer({ min: 0, max: 10 }), fc.constantFrom(...SECRET_NAMES), textArg)
    .map(([form, name, junk]) => {
      const value = secret();
      const url = `https://user:${value}@example.com/pkg-${junk.length}.whl`;
      return [
        `%additional_python_modules ${url}`,
        `%extra_py_files ${url}`,
        `%spark_conf spark.x.token=${value}`,
        `%%configure\n${JSON.stringify({ default_arguments: { [name]: value } })}`,
        `%%configure\n${JSON.stringify({ '--conf': `spark.x.token=${value}` })}`,
        `%%configure\n${JSON.stringify({ [name]: value })}`,
        `%%configure\n${JSON.stringify({ additional_python_modules: url })}`,
        `%%assume_role\n"${value}"`,
        `%%assume_role\n${JSON.stringify({ role_arn: value, junk })}`,
        `%endpoint https://user:${value}@example.com`,
        `%%assume_role\n${JSON.stringify({ aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: value })}`,
      ][form]!;
    });
  const magicName = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...MAGICS.filter((m) => !DISRUPTIVE.has(m))) },
    { weight: 1, arbitrary: fc.constantFrom(...DISRUPTIVE) },
    { weight: 1, arbitrary: unicode },
  );
  const lineMagic = fc
    .tuple(magicName, fc.array(arg, { maxLength: 3 }))
    .map(([name, args]) => `%${name} ${args.join(' ')}`);
  const jsonValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), textArg);
  const configureDict = fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...SETTING_KEYS), fc.constantFrom(...SECRET_NAMES), unicode),
        fc.oneof(
          jsonValue,
          fc.dictionary(fc.oneof(fc.constantFrom(...SECRET_NAMES), unicode), jsonValue, {
            maxKeys: 3,
          }),
        ),
      ),
      { maxLength: 5 },
    )
    .map((entries) => Object.fromEntries(entries));
  const configure = fc
    .tuple(fc.constantFrom('', ' -f', ' --bogus', ' -f -f'), configureDict, fc.boolean(), textArg)
    .map(([flag, dict, pythonStyle, junk]) => {
      const body = JSON.stringify(dict);
      const shown = pythonStyle ? body.replaceAll('true', 'True').replaceAll('null', 'None') : body;
      // Force (-f) would restart the session every time: keep it rare by dropping most of them.
      return `%%configure${flag.includes('-f') && junk.length % 4 !== 0 ? '' : flag}\n${shown}${junk.length % 5 === 0 ? junk : ''}`;
    });
  const tags = fc
    .tuple(
      fc.dictionary(
        fc.oneof(unicode, fc.constantFrom('aws:x', 'owner', '__proto__')),
        fc.oneof(unicode, number),
        { maxKeys: 6 },
      ),
      textArg,
    )
    .map(([dict, junk]) => `%%tags\n${JSON.stringify(dict)}${junk.length % 3 === 0 ? junk : ''}`);
  const cellMagic = fc
    .tuple(
      fc.constantFrom('sql', 'assume_role', 'configure', 'tags', 'local', 'bogus', 'toString'),
      arg,
      arg,
    )
    .map(([name, line, body]) => `%%${name} ${line}\n${body}`);
  const python = fc.oneof(
    fc.constantFrom(
      '1 + 1',
      'print("hello")',
      'x = 41\nx + 1',
      'raise ValueError("boom")',
      'undefined_name',
      'def f(:\n  pass',
      'import sys\nsys.stderr.write("to stderr\\n")',
      '[i * i for i in range(5)]',
      'import os\nsorted(k for k in os.environ if k.startswith("GLUE"))',
      'None',
      'spark',
      'input("name? ")',
      'import sys\nsys.stdin.read()',
      '"\\x00\\x01\\u2028"',
      'print("\\x1b[31mred\\x1b[0m")',
      'import sys\nsys.exit(3)',
      'exit()',
      'help',
      'b"\\xff" * 3',
      'print("é" * 1000)',
    ),
    textArg.map((text) => `print(${JSON.stringify(text)})`),
    textArg.map((text) => `s = ${JSON.stringify(text)}\nlen(s)`),
    unicode,
  );
  const bang = textArg.map((text) => `!echo ${quoteShell(text)}`);
  const fixedBang = fc.constantFrom(
    '!true',
    '!false',
    '!exit 7',
    '!printf "%s\\n" a b',
    '!echo $HOME',
    '!ls /nonexistent',
  );
  const single = fc.oneof(
    { weight: 6, arbitrary: lineMagic },
    { weight: 2, arbitrary: configure },
    { weight: 2, arbitrary: tags },
    { weight: 2, arbitrary: cellMagic },
    { weight: 6, arbitrary: python },
    { weight: 2, arbitrary: bang },
    { weight: 1, arbitrary: fixedBang },
    { weight: 1, arbitrary: secretCell },
  );
  const mixed = fc
    .tuple(fc.array(lineMagic, { minLength: 1, maxLength: 3 }), python)
    .map(([magics, code]) => `${magics.join('\n')}\n${code}`);
  return fc.oneof({ weight: 8, arbitrary: single }, { weight: 2, arbitrary: mixed });
}
