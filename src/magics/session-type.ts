import type { SessionType } from '../session/session-service.js';
import { settingRow } from '../session/settings/setting-registry.js';
import { defineMagic, type MagicSpec } from './magic-spec.js';
import { effective, shown } from './setting-magic.js';

/** %etl, %streaming and %session_type: Command.Name glueetl / gluestreaming. */

const LABEL: Record<SessionType, string> = { etl: 'ETL', streaming: 'Streaming' };

function sessionTypeSpec(
  name: string,
  fixed: SessionType | undefined,
  text: { summary: string; usage: string; example: string },
): MagicSpec {
  return defineMagic<{ type: SessionType }>({
    name,
    kind: 'line',
    section: 'Selecting Session Types',
    ...text,
    help: 'ETL sessions run glueetl; streaming sessions run gluestreaming. It applies to the next session.',
    livePolicy: 'next-session',
    parse: (arg) => ({ type: fixed ?? settingRow('sessionType').read(arg).value }),
    patch: (args) => ({ sessionType: args.type }),
    async run(args, env) {
      env.out.stdout(`Previous session type: ${shown(effective(env, 'sessionType'))}\n`);
      env.out.stdout(`Setting new session type to ${LABEL[args.type]}\n`);
    },
    completeValues: fixed === undefined ? () => ['etl', 'streaming'] : undefined,
  });
}

export const etlMagic = sessionTypeSpec('etl', 'etl', {
  summary: 'Makes the next session a Spark ETL session (glueetl), the default.',
  usage: '%etl',
  example: '%etl',
});

export const streamingMagic = sessionTypeSpec('streaming', 'streaming', {
  summary: 'Makes the next session a Spark Streaming session (gluestreaming).',
  usage: '%streaming',
  example: '%streaming',
});

export const sessionTypeMagic = sessionTypeSpec('session_type', undefined, {
  summary: 'Session type of the next session: etl or streaming.',
  usage: '%session_type etl|streaming',
  example: '%session_type streaming',
});

export const sessionTypeMagics: MagicSpec[] = [streamingMagic, etlMagic, sessionTypeMagic];
