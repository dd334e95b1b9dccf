import { expect } from 'chai';
import { helpBundle } from '../../../src/magics/help.js';
import { HELP_SECTIONS, magicLabel } from '../../../src/magics/magic-spec.js';
import { createMagicRegistry } from '../../../src/magics/registry.js';

/** Every magic of the official kernel, as users write it. */
export const SPEC_MAGICS = [
  '%help',
  '%profile',
  '%region',
  '%endpoint',
  '%assume_role',
  '%%assume_role',
  '%iam_role',
  '%%tags',
  '%connections',
  '%idle_timeout',
  '%timeout',
  '%glue_version',
  '%worker_type',
  '%number_of_workers',
  '%security_config',
  '%additional_python_modules',
  '%extra_py_files',
  '%extra_jars',
  '%spark_conf',
  '%etl',
  '%streaming',
  '%session_type',
  '%session_id_prefix',
  '%session_id',
  '%%configure',
  '%status',
  '%list_sessions',
  '%stop_session',
  '%delete_session',
  '%reconnect',
  '%%sql',
  '%matplot',
  '%plotly',
  // IPython's, sent by editors in the background: accepted, does nothing.
  '%config',
  // Generated from a settings registry row (the Glue job parameter --enable-auto-scaling).
  '%enable_auto_scaling',
];

describe('magic registry', () => {
  const registry = createMagicRegistry();

  it('registers every magic of the spec, and nothing unexplained', () => {
    expect([...registry.labels()].sort()).to.deep.equal([...SPEC_MAGICS].sort());
  });

  for (const spec of createMagicRegistry().all()) {
    it(`${magicLabel(spec)} has a summary, usage, example, help, section and policy`, () => {
      expect(spec.summary.length).to.be.greaterThan(10);
      expect(spec.usage).to.match(new RegExp(`^${magicLabel(spec)}`));
      expect(spec.example).to.include(magicLabel(spec));
      expect(spec.help.length).to.be.greaterThan(10);
      expect(HELP_SECTIONS).to.include(spec.section);
      expect(['apply', 'next-session', 'refuse']).to.include(spec.livePolicy);
    });
  }

  it('every example parses with its own magic', () => {
    for (const spec of registry.all()) {
      const lines = spec.example.split('\n');
      const magicLine = lines.find((l) => l.startsWith(magicLabel(spec)))!;
      const arg = magicLine.slice(magicLabel(spec).length).trim();
      const body =
        spec.kind === 'cell' ? lines.slice(lines.indexOf(magicLine) + 1).join('\n') : undefined;
      expect(() => spec.parse(arg, body), magicLabel(spec)).not.to.throw();
    }
  });

  it('%help lists every magic in markdown and plain text, with the version and where code runs', () => {
    const bundle = helpBundle(registry, '9.8.7');
    const markdown = String(bundle['text/markdown']);
    const plain = String(bundle['text/plain']);
    for (const label of SPEC_MAGICS) {
      expect(markdown).to.include(`\`${label}\``);
      expect(plain).to.match(new RegExp(`^${label} `, 'm'));
    }
    for (const section of HELP_SECTIONS) expect(markdown).to.include(`## ${section}`);
    expect(markdown).to.include('# Available Magic Commands');
    expect(plain).to.include('glue-kernel 9.8.7');
    expect(plain).to.include('runs remotely, in the AWS Glue interactive session');
    expect(plain).to.include('lines starting with ! run as local shell commands');
    // A cell magic's usage lines are code spans, not a `<br>` some renderers show as text.
    expect(markdown).not.to.match(/<br>|&lt;br>/);
    expect(markdown).to.include('`%%tags` `{"key": "value", ...}`');
  });

  it('looks magics up by name and kind', () => {
    expect(registry.get('assume_role', 'cell')?.kind).to.equal('cell');
    expect(registry.get('assume_role', 'line')?.kind).to.equal('line');
    expect(registry.get('assume_role')?.kind).to.equal('line');
    expect(registry.get('tags', 'line')).to.equal(undefined);
    expect(registry.get('Region')).to.equal(undefined);
  });
});
