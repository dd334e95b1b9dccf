import { defineMagic, type MagicSpec } from './magic-spec.js';

/**
 * %config: IPython's configuration magic, which editors send on their own (VS Code:
 * `%config Completer.use_jedi = False`). There is no IPython in this kernel to configure, so it
 * is accepted and does nothing, rather than failing a cell the user never wrote.
 */
export const configMagic: MagicSpec = defineMagic<Record<string, never>>({
  name: 'config',
  kind: 'line',
  section: 'Sessions Magic',
  summary: "IPython's configuration magic: accepted for editors that send it, does nothing.",
  usage: '%config ...',
  example: '%config Completer.use_jedi = False',
  help: 'Editors send it in the background; this kernel has no IPython settings, so it changes nothing.',
  livePolicy: 'apply',
  parse: () => ({}),
  async run() {},
});
