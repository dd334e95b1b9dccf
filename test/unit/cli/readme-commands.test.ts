import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { DEFAULT_LOCAL_PORT } from '../../../src/cli/local-command.js';

/** The README's command examples say what the commands really do. */
const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README command examples', () => {
  it("the local endpoint's port in the examples is the real default", () => {
    const ports = [
      ...README.matchAll(/glue-kernel local \[--port (\d+)\]|127\.0\.0\.1:(\d+)/g),
    ].map((m) => Number(m[1] ?? m[2]));
    expect(ports.length).to.be.greaterThan(0);
    expect(new Set(ports)).to.deep.equal(new Set([DEFAULT_LOCAL_PORT]));
  });

  it('mentions --version', () => {
    expect(README).to.include('glue-kernel --version');
  });
});
