import type { Environment } from './environment.js';

/**
 * The shared AWS config and credentials files, read with the SDK's own INI loader so profile
 * names and `[profile x]` sections mean exactly what they mean to the SDK. Loaded lazily (the
 * loader pulls in part of the SDK) and injected, so tests use temp files or plain objects.
 */
export interface SharedConfigSnapshot {
  configFile: Record<string, Record<string, string | undefined>>;
  credentialsFile: Record<string, Record<string, string | undefined>>;
}

export type SharedConfigLoader = () => Promise<SharedConfigSnapshot>;

/** Reads the files named by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/*. */
export function sharedConfigFileLoader(env: Environment): SharedConfigLoader {
  return async () => {
    const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
    const files = await loadSharedConfigFiles({
      configFilepath: env['AWS_CONFIG_FILE'],
      filepath: env['AWS_SHARED_CREDENTIALS_FILE'],
      ignoreCache: true,
    });
    return {
      configFile: files.configFile as SharedConfigSnapshot['configFile'],
      credentialsFile: files.credentialsFile as SharedConfigSnapshot['credentialsFile'],
    };
  };
}

/** Profile names from both files; SDK-internal sections (`sso-session.x`, `services.x`) are not profiles. */
export function knownProfiles(snapshot: SharedConfigSnapshot): string[] {
  const names = new Set([
    ...Object.keys(snapshot.configFile),
    ...Object.keys(snapshot.credentialsFile),
  ]);
  return [...names].filter((n) => !/^(sso-session|services)\./.test(n)).sort();
}
