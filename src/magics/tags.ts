import { usageError } from '../errors.js';
import { readStringDict } from './arg-readers.js';
import { defineMagic } from './magic-spec.js';
import { maskSecretValues } from '../util/secrets.js';
import { pythonRepr } from './python-literal.js';
import { quoteInput } from '../util/quote-input.js';

/** %%tags: a dict of string tags sent with CreateSession, and tagged onto a live session at once. */

export const TAG_LIMITS = { count: 50, keyLength: 128, valueLength: 256 };

export function validateTags(tags: Record<string, string>): Record<string, string> {
  const keys = Object.keys(tags);
  if (keys.length === 0) throw usageError('The tags dict is empty; give at least one tag.');
  if (keys.length > TAG_LIMITS.count) {
    throw usageError(`${keys.length} tags given; Glue allows at most ${TAG_LIMITS.count}.`);
  }
  for (const [key, value] of Object.entries(tags)) {
    if (key === '') throw usageError('A tag key is empty.');
    if (key.length > TAG_LIMITS.keyLength) {
      throw usageError(
        `The tag key '${quoteInput(key, 40)}' is longer than ${TAG_LIMITS.keyLength} characters.`,
      );
    }
    if (value.length > TAG_LIMITS.valueLength) {
      throw usageError(
        `The value of tag '${quoteInput(key)}' is longer than ${TAG_LIMITS.valueLength} characters.`,
      );
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw usageError(`The tag key '${quoteInput(key)}' uses the reserved prefix 'aws:'.`);
    }
  }
  return tags;
}

export const tagsMagic = defineMagic<{ tags: Record<string, string> }>({
  name: 'tags',
  kind: 'cell',
  section: 'Glue Config Magic',
  summary: 'Tags for the session (a Python dict or JSON object of strings).',
  usage: '%%tags\n{"key": "value", ...}',
  example: "%%tags\n{'team': 'analytics', 'billing': 'Data-Platform'}",
  help:
    'Sent with CreateSession; with a live session they are also added to it right away. ' +
    `At most ${TAG_LIMITS.count} tags, keys up to ${TAG_LIMITS.keyLength} characters, values up to ${TAG_LIMITS.valueLength}.`,
  livePolicy: 'apply',
  parse(_arg, body) {
    if ((body ?? '').trim() === '') {
      throw usageError('%%tags needs a dict of tags on the lines below it.');
    }
    return { tags: validateTags(readStringDict(body ?? '', '%%tags body')) };
  },
  patch: (args) => ({ tags: args.tags }),
  async run(args, env) {
    if (env.session.liveState() === 'ready') {
      await env.session.tagLiveSession(args.tags, env.signal);
      env.out.stdout(`Tagged the live session ${env.session.currentSessionId() ?? ''}.\n`);
    }
    env.out.stdout(`Tag ${pythonRepr(maskSecretValues(args.tags))} added\n`);
  },
});
