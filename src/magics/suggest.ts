import type { MagicCatalog, MagicKind } from './magic-spec.js';
import { magicLabel } from './magic-spec.js';
import { editDistance } from '../util/edit-distance.js';

/** "Did you mean": the nearest known magic by edit distance. */

/**
 * Local IPython magics users bring from other kernels, with where to go instead. A Map, because
 * the key is user text: a plain object would answer `%toString` from its prototype.
 */
const LOCAL_MAGIC_HINTS = new Map<string, string>([
  [
    'pip',
    'Use !pip ... to run pip locally, or %additional_python_modules to install modules in the session.',
  ],
  ['conda', 'Use !conda ... to run conda locally, or %additional_python_modules for the session.'],
  ['env', 'Use %%configure or environment variables set before the kernel starts.'],
  ['local', 'Code runs in the Glue session; use ! lines for local shell commands.'],
]);

export function suggestMagic(
  name: string,
  kind: MagicKind,
  catalog: MagicCatalog,
): string | undefined {
  const local = LOCAL_MAGIC_HINTS.get(name);
  if (local !== undefined) return local;
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: { label: string; distance: number } | undefined;
  for (const spec of catalog.all()) {
    // The distance is at least the length difference: a long name is never compared in full.
    if (Math.abs(name.length - spec.name.length) > limit) continue;
    const distance =
      spec.name.toLowerCase() === name.toLowerCase()
        ? 0.5
        : editDistance(name, spec.name) + (spec.kind === kind ? 0 : 0.25);
    if (best === undefined || distance < best.distance)
      best = { label: magicLabel(spec), distance };
  }
  if (best === undefined || best.distance > limit) return undefined;
  return `Did you mean ${best.label}?`;
}
