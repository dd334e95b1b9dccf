/** The lines printed once before CreateSession, as the official kernel's creation messages. */
export function renderCreationSummary(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
