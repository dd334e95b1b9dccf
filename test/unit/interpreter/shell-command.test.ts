import { expect } from 'chai';
import { KernelError } from '../../../src/errors.js';
import { ChildProcessShell } from '../../../src/interpreter/shell-command.js';

function collector(): {
  out: { stdout(t: string): void; stderr(t: string): void };
  text: { stdout: string; stderr: string };
} {
  const text = { stdout: '', stderr: '' };
  return { text, out: { stdout: (t) => (text.stdout += t), stderr: (t) => (text.stderr += t) } };
}

describe('ChildProcessShell (! lines)', () => {
  const shell = new ChildProcessShell();

  it('streams stdout and stderr and returns the exit code', async () => {
    const { out, text } = collector();
    const code = await shell.run(
      'echo out; echo err >&2; exit 3',
      out,
      new AbortController().signal,
    );
    expect(code).to.equal(3);
    expect(text).to.deep.equal({ stdout: 'out\n', stderr: 'err\n' });
  });

  it('gives each command the environment the kernel chose, read when the command starts', async () => {
    let endpoint = 'http://127.0.0.1:4001';
    const chosen = new ChildProcessShell(process.cwd(), () => ({
      PATH: process.env['PATH'],
      AWS_ENDPOINT_URL_GLUE: endpoint,
    }));
    const first = collector();
    await chosen.run('echo "$AWS_ENDPOINT_URL_GLUE"', first.out, new AbortController().signal);
    endpoint = 'http://127.0.0.1:4002';
    const second = collector();
    await chosen.run('echo "$AWS_ENDPOINT_URL_GLUE"', second.out, new AbortController().signal);
    expect([first.text.stdout, second.text.stdout]).to.deep.equal([
      'http://127.0.0.1:4001\n',
      'http://127.0.0.1:4002\n',
    ]);
  });

  it('refuses a command holding a NUL character with a usage error, running nothing', async () => {
    const { out, text } = collector();
    const err = (await shell
      .run("echo 'a\u0000b'", out, new AbortController().signal)
      .catch((e: unknown) => e)) as KernelError;
    expect(err).to.be.instanceOf(KernelError);
    expect(err.ename).to.equal('UsageError');
    expect(err.message).to.equal('A ! command cannot contain a NUL character (\\0).');
    expect(err.hint).to.equal('Remove the NUL character from the command.');
    expect(text).to.deep.equal({ stdout: '', stderr: '' });
  });

  it('runs with stdin closed, so a command waiting for input ends', async () => {
    const { out, text } = collector();
    await shell.run('cat; echo done', out, new AbortController().signal);
    expect(text.stdout).to.equal('done\n');
  });

  it('stops the command on interrupt and says so', async () => {
    const { out } = collector();
    const controller = new AbortController();
    const running = shell.run(
      'echo started; sleep 30',
      { ...out, stdout: () => controller.abort() },
      controller.signal,
    );
    let thrown: unknown;
    try {
      await running;
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(KernelError);
    expect((thrown as KernelError).kind).to.equal('cancelled');
    expect((thrown as KernelError).message).to.equal(
      "The local command 'echo started; sleep 30' was interrupted and stopped.",
    );
  });
});
