/** Small types shared by the settings code and the session contract (session-service.ts). */

export type SessionType = 'etl' | 'streaming';

/** Where a resolved value came from, shown in the creation summary and %status. */
export type SettingSource = 'magic' | 'environment' | 'config-file' | 'default' | 'derived';

export interface ResolvedSetting<T> {
  value: T;
  source: SettingSource;
}
