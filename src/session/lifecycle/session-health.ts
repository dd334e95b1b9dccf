/**
 * What the user is told when the READY session turned out lost (timed out, stopped or deleted
 * elsewhere, its REPL gone). The kernel finds out from the statement's own RunStatement error
 * rather than a GetSession before every cell, so a statement costs no extra round trip.
 */
export function lostSessionNotice(id: string, why: string): string {
  return `Session ${id} was lost (${why}). Variables defined in it are gone; starting a new session with the same settings.`;
}
