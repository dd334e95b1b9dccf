/**
 * Python for a statement that never ends on its own: it starts a detached child
 * (`start_new_session=True`, out of the worker's process group), writes `[its pid, the child's]`
 * to `pidFile` and spins; with `ignoreInterrupt`, SIGINT is ignored first.
 */
export function spinningStatement(pidFile: string, options: { ignoreInterrupt?: boolean } = {}) {
  return [
    'import json, os, signal, subprocess',
    ...(options.ignoreInterrupt ? ['signal.signal(signal.SIGINT, signal.SIG_IGN)'] : []),
    "child = subprocess.Popen(['sleep', '300'], start_new_session=True)",
    `with open(${JSON.stringify(pidFile)}, 'w') as f:`,
    '    json.dump([os.getpid(), child.pid], f)',
    'while True:',
    '    pass',
  ].join('\n');
}
