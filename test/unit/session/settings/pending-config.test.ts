import { expect } from 'chai';
import { KernelError } from '../../../../src/errors.js';
import { PendingConfig } from '../../../../src/session/settings/pending-config.js';
import { silentLogger } from '../../../../src/util/logger.js';

function pending(env: Record<string, string> = { AWS_REGION: 'us-east-1' }) {
  let loads = 0;
  const config = new PendingConfig({
    env,
    loadSharedConfig: async () => {
      loads++;
      return { configFile: { dev: { region: 'eu-west-1' } }, credentialsFile: {} };
    },
    logger: silentLogger,
  });
  return { config, loads: () => loads };
}

describe('PendingConfig', () => {
  it('merges tags and arguments, replaces other values, unsets keys given as undefined', () => {
    const { config } = pending();
    config.apply({ tags: { a: '1' }, idleTimeout: 10, extraArguments: { '--x': '1' } });
    config.apply({ tags: { b: '2' }, idleTimeout: 20, extraArguments: { '--y': '2' } });
    config.apply({ glueVersion: '5.0' });
    config.apply({ glueVersion: undefined });
    expect(config.settings()).to.deep.equal({
      tags: { a: '1', b: '2' },
      idleTimeout: 20,
      extraArguments: { '--x': '1', '--y': '2' },
    });
    expect(config.resolve('glueVersion')).to.deep.equal({ value: '4.0', source: 'default' });
  });

  it('says when a change moves AWS calls elsewhere, and re-reads the files on a profile change', async () => {
    const { config, loads } = pending();
    expect(config.apply({ idleTimeout: 5 }).connectionChanged).to.equal(false);
    expect(config.apply({ region: 'us-west-2' }).connectionChanged).to.equal(true);
    expect(config.apply({ profile: 'dev', region: undefined }).connectionChanged).to.equal(true);
    await config.ready();
    expect(loads()).to.equal(2);
    expect(config.awsTarget()).to.deep.include({ profile: 'dev', region: 'us-east-1' });
  });

  it('resolves a custom session id until it has been used once', () => {
    const { config } = pending();
    config.apply({ sessionId: 'mine' });
    config.markCustomIdUsed();
    expect(config.resolve('sessionId')).to.equal(undefined);
    config.apply({ sessionId: 'again' });
    expect(config.resolve('sessionId')?.value).to.equal('again');
  });

  it('refuses a target without a region, or with a profile the files do not define', async () => {
    const { config } = pending({});
    await config.ready();
    expect(() => config.awsTarget()).to.throw(KernelError, 'No AWS region is set.');
    config.apply({ profile: 'prod', region: 'us-east-1' });
    await config.ready();
    expect(() => config.awsTarget()).to.throw(KernelError, "The AWS profile 'prod' is not defined");
  });
});
