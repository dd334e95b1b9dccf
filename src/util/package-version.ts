import { readFileSync } from 'node:fs';

/**
 * The kernel's version from package.json, read once by the composition root and passed in.
 * Works from src/ (tests, tsx) and from dist/ (the built kernel): both sit one level below it.
 */
export function readPackageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  const parsed = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
