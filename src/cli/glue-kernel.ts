#!/usr/bin/env node
/**
 * The `glue-kernel` command. Each subcommand's module is imported only when it runs, so starting
 * a kernel loads neither the installer nor the notebook runner (and `install` loads no zeromq).
 */
import { UsageError } from './cli-usage.js';
import { quoteInput } from '../util/quote-input.js';

const USAGE = `Usage: glue-kernel <command> [options]
       glue-kernel --version

Commands:
  install     install the Glue PySpark, Glue Spark and Glue PySpark (local) kernelspecs
  uninstall   remove them
  run         execute a notebook headless through the kernel
  local       start the local Glue endpoint
  kernel      start a kernel (what Jupyter runs; see the installed kernel.json)

Run \`glue-kernel <command> --help\` for a command's options.`;

type Command = (args: string[]) => Promise<number | 'running'>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  kernel: async () => (await import('./kernel-command.js')).kernelCommand,
  install: async () => (await import('./install.js')).installCommand,
  uninstall: async () => (await import('./install.js')).uninstallCommand,
  run: async () => (await import('./run-notebook.js')).runCommand,
  local: async () => (await import('./local-command.js')).localCommand,
};

const HELP: Record<string, () => Promise<string>> = {
  kernel: async () => (await import('./kernel-command.js')).KERNEL_USAGE,
  install: async () => (await import('./install.js')).INSTALL_USAGE,
  uninstall: async () => (await import('./install.js')).INSTALL_USAGE,
  run: async () => (await import('./run-notebook.js')).RUN_USAGE,
};

async function main(argv: string[]): Promise<number | 'running'> {
  const [name, ...args] = argv;
  if (name === '--version') {
    const { readPackageVersion } = await import('../util/package-version.js');
    console.log(`glue-kernel ${readPackageVersion()}`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  // Own keys only: `glue-kernel toString` is an unknown command, not Object's method.
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    console.error(`Unknown command "${quoteInput(name)}".\n\n${USAGE}`);
    return 2;
  }
  const help = Object.hasOwn(HELP, name) ? HELP[name] : undefined;
  if ((args.includes('--help') || args.includes('-h')) && help) {
    console.log(await help());
    return 0;
  }
  try {
    return await (
      await load()
    )(args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`glue-kernel ${name}: ${err.message}\n\n${err.usage}`);
      return 2;
    }
    console.error(`glue-kernel ${name}: ${(err as Error).message}`);
    return 1;
  }
}

// No top-level await: the bundle's lazily loaded chunks import modules from this file, and they
// could not finish loading while this module still waited for the command that loads them.
void main(process.argv.slice(2)).then((outcome) => {
  // A started kernel keeps running (its sockets hold the event loop) and exits on shutdown.
  if (outcome !== 'running') process.exitCode = outcome;
});
