/**
 * The one line that names an error: `ename: evalue`, or the message alone when it already opens
 * with the name ("Interrupted: statement 4 was cancelled.") so the name is not shown twice —
 * in the kernel's error output and in the `glue-kernel run` transcript alike.
 */
export function errorHeadline(ename: string, evalue: string): string {
  const named = evalue.startsWith(ename) && !/^\w/.test(evalue.slice(ename.length));
  return named && ename !== '' ? evalue : `${ename}: ${evalue}`;
}
