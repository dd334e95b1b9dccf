import { expect } from 'chai';
import { resolve } from 'node:path';
import { KernelError } from '../../../src/errors.js';
import type { GatewayTarget } from '../../../src/session/aws/aws-access.js';
import type {
  LocalAccountsChoice,
  LocalEndpointPort,
  LocalEndpointTarget,
} from '../../../src/session/aws/endpoint-resolver.js';
import { CREATION_ROLE, sessionHarness } from '../../support/session-harness.js';

const BUILT_IN_ROLE = 'arn:aws:iam::123456789012:role/GlueLocalSessionRole';

/** A local endpoint that "starts" at once: a new URL and keys per accounts file. */
class FakeLocalEndpoint implements LocalEndpointPort {
  readonly starts: LocalAccountsChoice[] = [];
  private running: { file?: string; target: LocalEndpointTarget } | undefined;

  start(accounts: LocalAccountsChoice): Promise<LocalEndpointTarget> {
    if (this.running && this.running.file === accounts.file)
      return Promise.resolve(this.running.target);
    this.starts.push(accounts);
    const n = this.starts.length;
    const target: LocalEndpointTarget = {
      url: `http://127.0.0.1:${4000 + n}`,
      credentials: { accessKeyId: `AKIALOCAL${n}`, secretAccessKey: `local-secret-${n}` },
      ...(accounts.file === undefined
        ? { defaultRole: BUILT_IN_ROLE, builtInAccount: '123456789012' }
        : {}),
    };
    this.running = { file: accounts.file, target };
    return Promise.resolve(target);
  }
}

function localHarness(env: Record<string, string> = { AWS_REGION: 'us-east-1' }) {
  const local = new FakeLocalEndpoint();
  const targets: GatewayTarget[] = [];
  const h = sessionHarness({
    env,
    controller: {
      localEndpoint: local,
      gateways: (t) => {
        targets.push(t);
        return h.glue.withCredentials(t.credentials);
      },
    },
  });
  h.controller.applySettings({ endpoint: 'local' });
  return { ...h, local, targets };
}

describe('the session layer resolves %endpoint local to the embedded endpoint', () => {
  it('sends calls to the endpoint it starts, signed with its keys, while the setting reads local', async () => {
    const h = localHarness();
    await h.controller.callerIdentity();
    expect(h.local.starts).to.deep.equal([
      { file: undefined, namedBy: 'GLUE_KERNEL_LOCAL_ACCOUNTS' },
    ]);
    const target = h.targets.at(-1)!;
    expect(target.endpoint).to.equal('http://127.0.0.1:4001');
    expect((await target.credentials()).accessKeyId).to.equal('AKIALOCAL1');
    expect(h.sts.identityCalls).to.equal(1);
    expect(h.controller.resolve('endpoint')?.value).to.equal('local');
  });

  it("creates sessions with the built-in account's role when none is set", async () => {
    const h = localHarness();
    const info = await h.controller.ensureSession(h.observer, h.signal);
    expect(h.glue.session(info.id)?.request.role).to.equal(BUILT_IN_ROLE);
    expect(h.controller.resolve('iamRole')).to.deep.equal({
      value: BUILT_IN_ROLE,
      source: 'default',
    });
  });

  it('brings no role with an accounts file, whose path is made absolute', async () => {
    const h = localHarness({ AWS_REGION: 'us-east-1', GLUE_KERNEL_LOCAL_ACCOUNTS: 'team.json' });
    const failed = await h.controller.ensureSession(h.observer, h.signal).catch((e: unknown) => e);
    expect(h.local.starts).to.deep.equal([
      { file: resolve('team.json'), namedBy: 'GLUE_KERNEL_LOCAL_ACCOUNTS' },
    ]);
    expect((failed as KernelError).message).to.include('No IAM role is set');
  });

  it('keeps an assumed role when %endpoint local is set again; other accounts start from their own keys', async () => {
    const h = localHarness();
    expect((await h.controller.assumeRole({ roleArn: CREATION_ROLE })).arn).to.include(
      'assumed-role/GlueSessionCreationRole',
    );
    h.controller.applySettings({ endpoint: 'local' });
    expect((await h.controller.callerIdentity()).arn).to.include('assumed-role/');

    h.controller.applySettings({ endpoint: 'local', localAccounts: '/notebooks/team.json' });
    await h.controller.callerIdentity();
    expect(h.local.starts.at(-1)).to.deep.equal({
      file: '/notebooks/team.json',
      namedBy: '%endpoint local --accounts',
    });
    const target = h.targets.at(-1)!;
    expect(target.endpoint).to.equal('http://127.0.0.1:4002');
    expect((await target.credentials()).accessKeyId).to.equal('AKIALOCAL2');
  });

  it('says how to choose an accounts file when the built-in account is refused', async () => {
    const h = localHarness();
    h.sts.denyAssume = {
      name: 'AccessDenied',
      message: 'not authorized to perform sts:AssumeRole',
    };
    const denied = (await h.controller
      .assumeRole({ roleArn: 'arn:aws:iam::222222222222:role/Other' })
      .catch((e: unknown) => e)) as KernelError;
    expect(denied.ename).to.equal('AccessDenied');
    expect(denied.hint).to.include('built-in account (123456789012)');
    expect(denied.hint).to.include('%endpoint local --accounts FILE');
  });

  it('refuses local in a process without an embedded endpoint, with a hint', async () => {
    const h = sessionHarness();
    h.controller.applySettings({ endpoint: 'local' });
    const err = (await h.controller.callerIdentity().catch((e: unknown) => e)) as KernelError;
    expect(err.kind).to.equal('config');
    expect(err.hint).to.include('%endpoint URL');
  });
});
