import { KernelError, usageError } from '../errors.js';
import type { SessionSettings, SettingKey } from '../session/session-service.js';
import { parseCell, type CellItem, type RemoteCode } from './cell-parser.js';
import { magicLabel, type MagicCatalog, type MagicSpec } from './magic-spec.js';
import { suggestMagic } from './suggest.js';

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
      /** Settings it changes (empty for magics that act rather than configure). */
      patch: SessionSettings;
      /** A session is live when this step runs (as far as validation can tell). */
      liveBefore: boolean;
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
 * Settings that say where the kernel's AWS calls go. Changing one under a live session would point
 * the kernel away from it (the next cell would find it "lost" and orphan it), so whatever magic
 * sets them, they are refused while a session is live; the other keys follow the magic's policy.
 */
const CONNECTION_KEYS: ReadonlySet<SettingKey> = new Set([
  'profile',
  'region',
  'endpoint',
  'stsEndpoint',
]);

const KEY_LABELS: Partial<Record<SettingKey, string>> = { stsEndpoint: 'STS endpoint' };

export function planCell(text: string, catalog: MagicCatalog, liveView: LiveView): CellPlan {
  const cell = parseCell(text);
  const steps: PlannedStep[] = [];
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
    if (live && !endsSession) {
      const changed = changedKeys(patch, liveView);
      const refused =
        spec.livePolicy === 'refuse' ? changed : changed.filter((key) => CONNECTION_KEYS.has(key));
      if (refused.length > 0) {
        const what = refused.map((key) => KEY_LABELS[key] ?? key).join(', ');
        throw new KernelError(
          'state',
          `${magicLabel(spec)} (line ${item.line}) cannot change the ${what} of a live session; nothing in this cell was applied.`,
          {
            hint: 'Run %stop_session first, or use %%configure -f to stop the session and apply new settings.',
          },
        );
      }
    }
    steps.push({ kind: 'magic', spec, args, line: item.line, patch, liveBefore: live });
    if (endsSession) live = false;
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
      `${magicLabel(step.spec)} (line ${step.line}): the AWS profile '${profile}' is not defined in the AWS config or credentials file; nothing in this cell was applied.`,
      names.length > 0
        ? `Known profiles: ${names.join(', ')}.`
        : 'No profiles are defined; run `aws configure --profile NAME` first.',
    );
  }
}

function findSpec(item: Exclude<CellItem, { kind: 'shell' }>, catalog: MagicCatalog): MagicSpec {
  const kind = item.kind === 'cell-magic' ? 'cell' : 'line';
  const written = `${kind === 'cell' ? '%%' : '%'}${item.name}`;
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

function changedKeys(patch: SessionSettings, liveView: LiveView): SettingKey[] {
  return (Object.keys(patch) as SettingKey[]).filter(
    (key) => JSON.stringify(patch[key]) !== JSON.stringify(liveView.current(key)),
  );
}
