import stringWidth from 'string-width';

/**
 * Widths in terminal columns, for text laid out in columns (tables, %help): a CJK character or an
 * emoji takes two columns, a combining mark none, so `.length` misaligns them. string-width
 * knows Unicode's East Asian Width and emoji tables.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` followed by spaces up to `width` columns. */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `text` cut to at most `max` columns, ending with … when cut; never splits a character. */
export function clipToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    const next = displayWidth(segment);
    if (width + next > max - 1) break;
    out += segment;
    width += next;
  }
  return `${out}…`;
}
