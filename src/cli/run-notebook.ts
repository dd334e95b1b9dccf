/**
 * `glue-kernel run NOTEBOOK`: executes every code cell through a kernel process (no Python
 * Jupyter needed), writes the executed notebook, prints a transcript, and exits non-zero on an
 * unexpected error or a timeout. Cells tagged `raises-exception` are expected to fail.
 * SIGINT/SIGTERM/SIGHUP shut the kernel down before the runner exits (128 + the signal number).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KernelClient, KernelClientError } from '../client/kernel-client.js';
import { parseCommandArgs, UsageError } from './cli-usage.js';
import {
  isKernelKind,
  kindOfKernelName,
  KERNEL_ENVIRONMENT,
  KERNEL_KINDS,
  KERNEL_NODE_FLAGS,
  type KernelKind,
} from '../app/kernel-kinds.js';
import { readNotebook, writeNotebook, hasTag, sourceText, type Notebook } from './notebook-file.js';
import { NotebookOutputs } from './notebook-outputs.js';
import { signalExitCode, StopSignals, type StopSignal } from './stop-signals.js';
import { cellHeader, outputText } from './transcript.js';
import { errorHeadline } from '../util/error-headline.js';
import { quoteInput } from '../util/quote-input.js';

export const RUN_USAGE = `Usage: glue-kernel run NOTEBOOK.ipynb [--output OUT.ipynb] [--timeout SECONDS] [--allow-errors]
                      [--local [--accounts FILE] | --kind pyspark|scala|local] [--kernel-argv JSON]

  --output OUT      where to write the executed notebook (default: NOTEBOOK.out.ipynb)
  --timeout S       per-cell timeout in seconds (default: none)
  --allow-errors    keep going after an unexpected error (the exit code is still non-zero)
  --local           run with the local Glue endpoint (same as --kind local)
  --accounts FILE   the local endpoint's accounts file (implies --local; sets GLUE_KERNEL_LOCAL_ACCOUNTS)
  --kind K          the kernel kind; default: from the notebook's kernelspec name
  --kernel-argv J   run another kernel instead: a JSON array with "{connection_file}" in it`;

export interface RunOptions {
  notebookPath: string;
  outputPath: string;
  timeoutMs: number | undefined;
  allowErrors: boolean;
  argv: string[];
  /** The kernel's environment (paths made absolute: the kernel runs in the notebook's folder). */
  env: NodeJS.ProcessEnv;
  write: (line: string) => void;
}

export interface RunSummary {
  executed: number;
  unexpectedErrors: number;
  timedOut: boolean;
  /** The signal that stopped the run, if one did. */
  stoppedBy?: StopSignal;
  /** False when the run stopped before the kernel started (nothing to write). */
  wroteNotebook: boolean;
}

/** Bound on the kernel's clean shutdown after a signal (it then gets SIGTERM, then SIGKILL). */
const SIGNAL_SHUTDOWN_MS = 5000;

export async function runCommand(args: string[]): Promise<number> {
  const options = await readRunOptions(args);
  const summary = await runNotebook(options);
  if (summary.stoppedBy) {
    options.write(
      `STOPPED by ${summary.stoppedBy}: ${summary.executed} cell(s) executed` +
        (summary.wroteNotebook ? `; wrote ${options.outputPath}` : ''),
    );
    return signalExitCode(summary.stoppedBy);
  }
  const problems = summary.unexpectedErrors > 0 || summary.timedOut;
  options.write(
    `${problems ? 'FAILED' : 'OK'}: ${summary.executed} cell(s) executed, ${summary.unexpectedErrors} unexpected error(s)` +
      `${summary.timedOut ? ', timed out' : ''}; wrote ${options.outputPath}`,
  );
  return problems ? 1 : 0;
}

export async function runNotebook(options: RunOptions): Promise<RunSummary> {
  const notebook = await readNotebook(options.notebookPath);
  const summary: RunSummary = {
    executed: 0,
    unexpectedErrors: 0,
    timedOut: false,
    wroteNotebook: false,
  };
  let client: KernelClient | undefined;
  const stop = new StopSignals((signal, count) => {
    summary.stoppedBy ??= signal;
    if (count === 1) {
      options.write(`${signal}: shutting the kernel down.`);
      void client?.shutdown(SIGNAL_SHUTDOWN_MS);
    } else {
      options.write(`${signal} again: killing the kernel.`);
      void client?.process.kill(0);
    }
  });
  stop.install();
  try {
    client = await KernelClient.start({
      argv: options.argv,
      env: options.env,
      cwd: dirname(options.notebookPath),
      abortSignal: stop.abortSignal,
    });
    await runCells(notebook, client, options, summary);
  } catch (err) {
    // A signal ends the run on purpose; the kernel's own complaints about it are expected.
    if (summary.stoppedBy && err instanceof KernelClientError) return summary;
    throw err;
  } finally {
    stop.remove();
  }
  return summary;
}

async function runCells(
  notebook: Notebook,
  client: KernelClient,
  options: RunOptions,
  summary: RunSummary,
): Promise<void> {
  const outputs = new NotebookOutputs();
  try {
    let index = 0;
    for (const cell of notebook.cells) {
      if (summary.stoppedBy) break;
      if (cell.cell_type !== 'code') continue;
      index += 1;
      const source = sourceText(cell);
      options.write(cellHeader(index, source));
      const collected = outputs.cell();
      cell.outputs = collected.outputs;
      cell.execution_count = null;
      let result;
      try {
        result = await client.execute(source, {
          timeoutMs: options.timeoutMs,
          onOutput: (message) => void collected.apply(message),
          stopOnError: !options.allowErrors,
        });
      } catch (err) {
        if (summary.stoppedBy) break;
        if (err instanceof KernelClientError && err.reason === 'timeout') {
          summary.timedOut = true;
          options.write(
            `Cell ${index} timed out after ${(options.timeoutMs ?? 0) / 1000} s; interrupting the kernel.`,
          );
          await client.interrupt(5000).catch(() => undefined);
          break;
        }
        throw err;
      }
      summary.executed += 1;
      cell.execution_count =
        result.reply.status === 'aborted' ? null : result.reply.execution_count;
      for (const output of collected.outputs) options.write(outputText(output));
      // The cell ended because the kernel is going away (e.g. Ctrl-C interrupted it too).
      if (summary.stoppedBy) break;
      if (result.reply.status === 'error') {
        if (hasTag(cell, 'raises-exception')) {
          options.write('(error expected: the cell is tagged raises-exception)');
          continue;
        }
        summary.unexpectedErrors += 1;
        if (!options.allowErrors) {
          options.write(
            `Stopped at cell ${index}: ${errorHeadline(result.reply.ename ?? '', result.reply.evalue ?? '')}`,
          );
          break;
        }
      }
    }
  } finally {
    await client.shutdown(summary.stoppedBy ? SIGNAL_SHUTDOWN_MS : 10_000);
    await writeNotebook(options.outputPath, notebook);
    summary.wroteNotebook = true;
  }
}

async function readRunOptions(args: string[]): Promise<RunOptions> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      output: { type: 'string', short: 'o' },
      timeout: { type: 'string' },
      'allow-errors': { type: 'boolean' },
      local: { type: 'boolean' },
      accounts: { type: 'string' },
      kind: { type: 'string' },
      'kernel-argv': { type: 'string' },
    },
    RUN_USAGE,
    true,
  );
  const [notebookPath, ...extra] = positionals;
  if (!notebookPath) throw new UsageError('Name the notebook to run.', RUN_USAGE);
  if (extra.length > 0) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}`, RUN_USAGE);
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new UsageError(
        `--timeout needs a positive number of seconds, e.g. --timeout 600 (got "${quoteInput(values.timeout)}").`,
        RUN_USAGE,
      );
    }
    timeoutMs = seconds * 1000;
  }
  if (values.accounts !== undefined) values.local = true;
  const argv =
    values['kernel-argv'] !== undefined
      ? parseKernelArgv(values['kernel-argv'])
      : await ownKernelArgv(notebookPath, values);
  const env = { ...process.env, ...KERNEL_ENVIRONMENT };
  const accounts = values.accounts ?? env['GLUE_KERNEL_LOCAL_ACCOUNTS'];
  // Relative to where the user ran us, not to the notebook's folder where the kernel runs.
  if (accounts) env['GLUE_KERNEL_LOCAL_ACCOUNTS'] = resolve(accounts);
  if (values.accounts !== undefined && !existsSync(resolve(values.accounts))) {
    throw new UsageError(
      `--accounts ${values.accounts}: no such accounts file (looked for ${resolve(values.accounts)}).`,
      RUN_USAGE,
    );
  }
  return {
    notebookPath,
    outputPath:
      values.output ??
      join(dirname(notebookPath), `${basename(notebookPath, extname(notebookPath))}.out.ipynb`),
    timeoutMs,
    allowErrors: values['allow-errors'] ?? false,
    argv,
    env,
    write: (line) => console.log(line),
  };
}

function parseKernelArgv(text: string): string[] {
  let argv: unknown;
  try {
    argv = JSON.parse(text);
  } catch {
    argv = undefined;
  }
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === 'string')) {
    throw new UsageError(
      `--kernel-argv needs a JSON array of strings, e.g. '["python3","-m","ipykernel_launcher","-f","{connection_file}"]'.`,
      RUN_USAGE,
    );
  }
  return argv;
}

async function ownKernelArgv(
  notebookPath: string,
  values: { local?: boolean; kind?: string },
): Promise<string[]> {
  return kernelArgvForKind(await kernelKind(notebookPath, values));
}

/** How `run` starts a kernel of a kind: this same CLI, with the kernel's node flags. */
export function kernelArgvForKind(
  kind: KernelKind,
  execArgv: readonly string[] = process.execArgv,
): string[] {
  // This same CLI (from dist, or from src under tsx: execArgv carries the loader).
  const self = fileURLToPath(
    new URL(`./glue-kernel${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
  );
  return [
    process.execPath,
    // The kernel's own flags first, so a flag this process was started with wins.
    ...KERNEL_NODE_FLAGS,
    ...portableNodeFlags(execArgv),
    self,
    'kernel',
    '--kind',
    kind,
    '-f',
    '{connection_file}',
  ];
}

async function kernelKind(
  notebookPath: string,
  values: { local?: boolean; kind?: string },
): Promise<KernelKind> {
  if (values.local) return 'local';
  if (values.kind !== undefined) {
    if (!isKernelKind(values.kind)) {
      throw new UsageError(
        `Unknown kernel kind "${quoteInput(values.kind)}"; use one of ${KERNEL_KINDS.join(', ')}.`,
        RUN_USAGE,
      );
    }
    return values.kind;
  }
  const notebook: Notebook = await readNotebook(notebookPath);
  const name = notebook.metadata.kernelspec?.name;
  const kind = typeof name === 'string' ? kindOfKernelName(name) : undefined;
  if (!kind) {
    throw new UsageError(
      `The notebook's kernelspec (${JSON.stringify(name ?? null)}) is not a Glue kernel; pass --kind pyspark|scala|local or --local.`,
      RUN_USAGE,
    );
  }
  return kind;
}

/**
 * Node flags for the kernel child. The kernel runs in the notebook's directory (as with nbclient),
 * so a bare loader such as `--import tsx` is resolved here first; debugger flags are dropped.
 */
export function portableNodeFlags(execArgv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i]!;
    if (flag.startsWith('--inspect')) continue;
    const joined = /^--import=(.+)$/.exec(flag);
    const specifier = joined ? joined[1]! : flag === '--import' ? execArgv[++i] : undefined;
    if (specifier === undefined) {
      flags.push(flag);
      continue;
    }
    flags.push(`--import=${isBare(specifier) ? resolveFromCwd(specifier) : specifier}`);
  }
  return flags;
}

/** Resolved as node resolved it for this process: from the working directory. */
function resolveFromCwd(specifier: string): string {
  try {
    return pathToFileURL(createRequire(join(process.cwd(), 'noop.js')).resolve(specifier)).href;
  } catch {
    return specifier;
  }
}

function isBare(specifier: string): boolean {
  return !/^(\.{0,2}\/|[a-z]+:)/i.test(specifier);
}
