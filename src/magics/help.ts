import { renderHelp } from '../render/help-table.js';
import { defineMagic, HELP_SECTIONS, magicLabel, type MagicCatalog } from './magic-spec.js';
import type { MimeBundle } from '../kernel-api/interpreter.js';

/** %help: every magic, generated from the registry, grouped as the official kernel groups them. */

export function helpBundle(catalog: MagicCatalog, version: string): MimeBundle {
  return renderHelp({
    title: 'Available Magic Commands',
    intro: [
      `glue-kernel ${version}.`,
      'Code in a cell runs remotely, in the AWS Glue interactive session. Magics (lines starting with %) ' +
        'configure the session and run in the kernel; lines starting with ! run as local shell commands on ' +
        'this machine (so !pip installs locally; use %additional_python_modules for the session).',
      'Put magics at the top of a cell, one per line; a cell magic (%%) takes the rest of the cell as its body.',
    ],
    sections: HELP_SECTIONS.map((name) => ({
      name,
      rows: catalog
        .all()
        .filter((spec) => spec.section === name)
        .map((spec) => ({
          label: magicLabel(spec),
          kind: spec.kind,
          usage: spec.usage,
          summary: spec.summary,
        })),
    })),
  });
}

export const helpMagic = defineMagic<Record<string, never>>({
  name: 'help',
  kind: 'line',
  section: 'Sessions Magic',
  summary: 'Lists every magic with what it does.',
  usage: '%help',
  example: '%help',
  help: 'Shift+Tab on a magic name shows its full help.',
  livePolicy: 'apply',
  parse: () => ({}),
  async run(_args, env) {
    env.out.display(helpBundle(env.catalog, env.version));
  },
});
