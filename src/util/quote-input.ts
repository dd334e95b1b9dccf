import { maskSecretsInText } from './secrets.js';

/**
 * How user input appears inside an error message or a log line: secrets masked (util/secrets.ts),
 * then at most QUOTED_INPUT_LIMIT characters of it and how long it really was. A 50 MB magic
 * argument must not become a 50 MB error reply and log line; 200 characters are enough to
 * recognise what was typed.
 */
export const QUOTED_INPUT_LIMIT = 200;

export function quoteInput(text: string, limit = QUOTED_INPUT_LIMIT): string {
  // Masked before it is cut (a cut could split a secret from what marks it as one), but only
  // a few times the limit of it, so that huge inputs cost nothing.
  const masked = maskSecretsInText(text.length > limit * 4 ? text.slice(0, limit * 4) : text);
  if (text.length <= limit) return masked;
  const shown = masked.slice(0, limit);
  // Never end on half of a surrogate pair (an emoji cut in two shows as garbage).
  const whole = /[\uD800-\uDBFF]$/.test(shown) ? shown.slice(0, -1) : shown;
  return `${whole}… (${text.length.toLocaleString('en-US')} characters)`;
}

/**
 * A value given where a role ARN was expected, for an error message. An ARN is no secret and is
 * quoted; anything else may be a key pasted into the wrong place (`%%assume_role "SECRET"`), so
 * only its length is told.
 */
export function quoteSupposedArn(value: string): string {
  return /^arn:/i.test(value.trim())
    ? `'${quoteInput(value)}'`
    : `The value given (${value.length.toLocaleString('en-US')} characters, not shown)`;
}
