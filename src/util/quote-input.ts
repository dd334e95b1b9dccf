/**
 * How user input appears inside an error message or a log line: at most QUOTED_INPUT_LIMIT
 * characters of it, then how long it really was. A 50 MB magic argument must not become a
 * 50 MB error reply and log line; 200 characters are enough to recognise what was typed.
 */
export const QUOTED_INPUT_LIMIT = 200;

export function quoteInput(text: string, limit = QUOTED_INPUT_LIMIT): string {
  if (text.length <= limit) return text;
  // Never end on half of a surrogate pair (an emoji cut in two shows as garbage).
  const end = /[\uD800-\uDBFF]/.test(text.charAt(limit - 1)) ? limit - 1 : limit;
  return `${text.slice(0, end)}… (${text.length.toLocaleString('en-US')} characters)`;
}
