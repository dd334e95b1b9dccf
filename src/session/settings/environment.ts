/**
 * The process environment as the session layer reads it (injected, never `process.env` directly):
 * setting sources, the shared config file locations and the SDK credential chain all use it.
 */
export type Environment = Readonly<Record<string, string | undefined>>;
