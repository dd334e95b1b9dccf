/** How Python prints a dict of strings, which is how existing notebooks show tags. */
export function pythonStringDict(dict: Record<string, string>): string {
  const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `{${Object.entries(dict)
    .map(([k, v]) => `${quote(k)}: ${quote(v)}`)
    .join(', ')}}`;
}
