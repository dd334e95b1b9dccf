import { expect } from 'chai';
import { sessionHarness } from '../../support/session-harness.js';
import { interpreterHarness } from '../../support/interpreter-harness.js';

const SNAPSHOT = {
  configFile: {
    default: { region: 'us-east-1' },
    analytics: { region: 'eu-west-1' },
    'sso-session.corp': { sso_region: 'us-east-1' },
    'services.local': { glue: 'endpoint_url = http://localhost' },
  },
  credentialsFile: { default: {}, ci: {}, analytics: {} },
};

describe('SessionController.knownProfiles', () => {
  it('lists the profiles of both shared config files once, sorted, without SDK-internal sections', async () => {
    const h = sessionHarness({ config: SNAPSHOT });
    expect(await h.controller.knownProfiles()).to.deep.equal(['analytics', 'ci', 'default']);
  });

  it('is empty when there are no config files, and when they cannot be read', async () => {
    expect(await sessionHarness().controller.knownProfiles()).to.deep.equal([]);
    const unreadable = sessionHarness({
      controller: {
        loadSharedConfig: () => Promise.reject(new Error('EACCES: permission denied')),
      },
    });
    expect(await unreadable.controller.knownProfiles()).to.deep.equal([]);
  });

  it('makes Tab after %profile offer the matching profile names', async () => {
    const h = interpreterHarness({ config: SNAPSHOT });
    const code = '%profile a';
    expect(await h.interpreter.complete(code, code.length)).to.deep.include({
      matches: ['analytics'],
      cursor_start: code.length - 1,
      cursor_end: code.length,
    });
  });
});
