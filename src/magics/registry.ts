import { configureMagic } from './configure.js';
import { assumeRoleCellMagic, assumeRoleLineMagic } from './credentials.js';
import { helpMagic } from './help.js';
import { configMagic } from './ipython-config.js';
import { lifecycleMagics } from './lifecycle.js';
import { magicLabel, type MagicCatalog, type MagicKind, type MagicSpec } from './magic-spec.js';
import { plotMagics } from './plots.js';
import { sessionSettingMagics } from './session-setting-magics.js';
import { sessionListMagics } from './session-lists.js';
import { sessionTypeMagics } from './session-type.js';
import { sqlMagic } from './sql.js';
import { tagsMagic } from './tags.js';

/** Every magic the kernel knows, in %help order; lookup by name and kind. */
export class MagicRegistry implements MagicCatalog {
  private readonly byLabel = new Map<string, MagicSpec>();

  constructor(private readonly specs: readonly MagicSpec[]) {
    for (const spec of specs) {
      const label = magicLabel(spec);
      if (this.byLabel.has(label)) throw new Error(`The magic ${label} is registered twice.`);
      this.byLabel.set(label, spec);
    }
  }

  all(): readonly MagicSpec[] {
    return this.specs;
  }

  get(name: string, kind?: MagicKind): MagicSpec | undefined {
    if (kind !== undefined) return this.byLabel.get(kind === 'cell' ? `%%${name}` : `%${name}`);
    return this.byLabel.get(`%${name}`) ?? this.byLabel.get(`%%${name}`);
  }

  /** `%name` and `%%name` labels of every magic. */
  labels(): string[] {
    return [...this.byLabel.keys()];
  }
}

export function createMagicRegistry(): MagicRegistry {
  return new MagicRegistry([
    helpMagic,
    ...sessionSettingMagics,
    ...lifecycleMagics,
    assumeRoleLineMagic,
    ...sessionTypeMagics,
    configureMagic,
    tagsMagic,
    assumeRoleCellMagic,
    ...sessionListMagics,
    sqlMagic,
    ...plotMagics,
    configMagic,
  ]);
}
