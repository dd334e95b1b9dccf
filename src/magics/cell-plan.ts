import { KernelError, usageError } from '../errors.js';
import type { SessionSettings, SettingKey } from '../session/session-service.js';
import {
  CONNECTION_SETTINGS,
  mergedValue,
  settingLabel,
} from '../session/settings/setting-registry.js';
import { parseCell, type CellItem, type RemoteCode } from './cell-parser.js';
import { magicLabel, type MagicCatalog, type MagicSpec } from './magic-spec.js';
import { suggestMagic } from './suggest.js';
import { quoteInput } from '../util/quote-input.js';

/**
 * Validate, then apply: the whole cell is parsed and every magic's argument validated before
 * anything runs. A cell with a bad magic anywhere yields a usage error and no plan at all.
 */

export type PlannedStep =
  | {
      kind: 'magic';
      spec: MagicSpec;
      args: unknown;
      line: number;
      /** Settings it sets (empty for magics that act rather than configure). */
      patch: SessionSettings;
      /**
       * A session is live when this step runs and the step changes settings that only a new
       * session gets: the official "already connected" notice is shown.
       */
      appliesToNextSession: boolean;
    }
  | { kind: 'shell'; command: string; line: number };

export interface CellPlan {
  steps: PlannedStep[];
  code?: RemoteCode;
}

/** What validation needs to know of the session: is one live, and what is set now. */
export interface LiveView {
  live: boolean;
  current<K extends SettingKey>(key: K): SessionSettings[K];
}

/**
 * Settings that say where the kernel's AWS calls go (the registry's connection settings). Changing
 * one under a live session would point the kernel away from it (the next cell would find it "lost"
 * and orphan it), so whatever magic sets them, they are refused while a session is live; the other
 * keys follow the magic's policy.
 */
const CONNECTION_KEYS: ReadonlySet<SettingKey> = new Set(CONNECTION_SETTINGS);

/**
 * The one place that decides, step by step, whether a session is live (a magic may end one or
 * attach another) and what each step changes, from the settings as the steps before leave them.
 */
export function planCell(text: string, catalog: MagicCatalog, liveView: LiveView): CellPlan {
  const cell = parseCell(text);
  const steps: PlannedStep[] = [];
  const settings = new SettingsSoFar(liveView);
  let live = liveView.live;
  for (const item of cell.items) {
    if (item.kind === 'shell') {
      steps.push({ kind: 'shell', command: item.command, line: item.line });
      continue;
    }
    const spec = findSpec(item, catalog);
    const args = parseArgs(spec, item);
    const patch = spec.patch?.(args as never) ?? {};
    const endsSession = spec.endsSession?.(args as never) === true;
    const changed = changedKeys(patch, settings);
    if (live && !endsSession) {
      const refused =
        spec.livePolicy === 'refuse' ? changed : changed.filter((key) => CONNECTION_KEYS.has(key));
      if (refused.length > 0) {
        const what = refused.map(settingLabel).join(', ');
        throw new KernelError(
          'state',
          `${magicLabel(spec)} (line ${item.line}) cannot change the ${what} of a live session; nothing in this cell was applied.`,
          {
            hint: 'Run %stop_session first, or use %%configure -f to stop the session and apply new settings.',
          },
        );
      }
    }
    const appliesToNextSession =
      live && !endsSession && spec.livePolicy === 'next-session' && changed.length > 0;
    steps.push({ kind: 'magic', spec, args, line: item.line, patch, appliesToNextSession });
    settings.apply(patch);
    if (endsSession) live = false;
    else if (spec.attachesSession?.(args as never) === true) live = true;
  }
  return { steps, code: cell.code };
}

/**
 * A profile the AWS config files do not define would only fail on some later, unrelated cell, so
 * it is refused with the cell. The list is read only when the cell sets a profile; without one
 * (`known` undefined) any name is accepted.
 */
export async function checkProfiles(
  plan: CellPlan,
  known: (() => Promise<string[]>) | undefined,
): Promise<void> {
  if (known === undefined) return;
  let names: string[] | undefined;
  for (const step of plan.steps) {
    const profile = step.kind === 'magic' ? step.patch.profile : undefined;
    if (step.kind !== 'magic' || profile === undefined) continue;
    names ??= await known();
    if (names.includes(profile)) continue;
    throw usageError(
      `${magicLabel(step.spec)} (line ${step.line}): the AWS profile '${quoteInput(profile)}' is not defined in the AWS config or credentials file; nothing in this cell was applied.`,
      names.length > 0
        ? `Known profiles: ${names.join(', ')}.`
        : 'No profiles are defined; run `aws configure --profile NAME` first.',
    );
  }
}

function findSpec(item: Exclude<CellItem, { kind: 'shell' }>, catalog: MagicCatalog): MagicSpec {
  const kind = item.kind === 'cell-magic' ? 'cell' : 'line';
  const written = quoteInput(`${kind === 'cell' ? '%%' : '%'}${item.name}`);
  const spec = catalog.get(item.name, kind);
  if (spec !== undefined) return spec;
  const other = catalog.get(item.name, kind === 'cell' ? 'line' : 'cell');
  if (other !== undefined) {
    throw usageError(
      `${written} (line ${item.line}): ${magicLabel(other)} is a ${other.kind} magic, not a ${kind} magic.`,
      `Usage: ${other.usage.replace(/\n/g, ' ')} — for example:\n${other.example}`,
    );
  }
  const suggestion = suggestMagic(item.name, kind, catalog);
  throw usageError(
    `Unknown magic ${written} (line ${item.line}); nothing in this cell was applied.`,
    `${suggestion !== undefined ? `${suggestion} ` : ''}%help lists every magic.`,
  );
}

function parseArgs(spec: MagicSpec, item: Exclude<CellItem, { kind: 'shell' }>): unknown {
  try {
    return spec.parse(item.arg, item.kind === 'cell-magic' ? item.body : undefined);
  } catch (err) {
    if (err instanceof KernelError && err.kind === 'usage') {
      throw usageError(
        `${magicLabel(spec)} (line ${item.line}): ${err.message}`,
        err.hint ?? `Usage: ${spec.usage.replace(/\n/g, ' ')} — for example:\n${spec.example}`,
      );
    }
    throw err;
  }
}

/** Settings as the steps planned so far leave them; tags and extra arguments merge, as applied. */
class SettingsSoFar {
  private readonly set: SessionSettings = {};

  constructor(private readonly before: LiveView) {}

  current<K extends SettingKey>(key: K): SessionSettings[K] {
    return key in this.set ? this.set[key] : this.before.current(key);
  }

  apply(patch: SessionSettings): void {
    for (const key of Object.keys(patch) as SettingKey[]) {
      const value = patch[key];
      (this.set as Record<SettingKey, unknown>)[key] =
        value === undefined ? value : mergedValue(key, this.current(key), value as never);
    }
  }
}

/** The keys of `patch` whose value differs from what is set now (a merge that adds nothing is no change). */
function changedKeys(
  patch: SessionSettings,
  now: { current<K extends SettingKey>(key: K): SessionSettings[K] },
): SettingKey[] {
  return (Object.keys(patch) as SettingKey[]).filter((key) => {
    const value = patch[key];
    const current = now.current(key);
    const next = value === undefined ? value : mergedValue(key, current, value as never);
    return JSON.stringify(next) !== JSON.stringify(current);
  });
}
