import { AwsError, type FaultSettings } from './local-types.js';
import type { LifecycleSettings } from './glue/local-session.js';
import type { Clock } from '../util/clock.js';

/** Provisioning takes this long unless configured: fast tests, yet a visible progress display. */
export const DEFAULT_PROVISIONING_DELAY_MS = 300;

/** Options win over the accounts file's `faults` section, field by field. */
export function mergeFaults(...layers: (FaultSettings | undefined)[]): FaultSettings {
  const merged: FaultSettings = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** Rejects nonsense settings with a message that names the setting and its range. */
export function validateFaults(faults: FaultSettings): FaultSettings {
  const rate = (name: keyof FaultSettings, value: number | undefined): void => {
    if (value !== undefined && !(value >= 0 && value <= 1)) {
      throw new Error(`${name} must be a rate between 0 and 1 (got ${value}), e.g. 0.1 for 10%.`);
    }
  };
  const nonNegative = (name: keyof FaultSettings, value: number | undefined): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new Error(`${name} must be a number ≥ 0 (got ${value}).`);
    }
  };
  rate('throttleRate', faults.throttleRate);
  rate('serverErrorRate', faults.serverErrorRate);
  nonNegative('addedLatencyMs', faults.addedLatencyMs);
  nonNegative('provisioningDelayMs', faults.provisioningDelayMs);
  nonNegative('credentialLifetimeSeconds', faults.credentialLifetimeSeconds);
  if (
    faults.timeScale !== undefined &&
    !(Number.isFinite(faults.timeScale) && faults.timeScale > 0)
  ) {
    throw new Error(
      `timeScale must be a number > 0 (got ${faults.timeScale}), e.g. 0.001 for tests.`,
    );
  }
  return faults;
}

/**
 * Fault injection for Glue requests: added latency first, then throttling ("Rate exceeded", 400)
 * and InternalServiceException (500) at the configured rates. Randomness is injected for tests.
 */
export class FaultInjector {
  constructor(
    readonly settings: FaultSettings,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
  ) {}

  async beforeGlueRequest(): Promise<void> {
    const latencyMs = this.settings.addedLatencyMs ?? 0;
    if (latencyMs > 0) await this.clock.sleep(latencyMs);
    if (this.random() < (this.settings.throttleRate ?? 0)) {
      throw new AwsError('ThrottlingException', 'Rate exceeded');
    }
    if (this.random() < (this.settings.serverErrorRate ?? 0)) {
      throw new AwsError(
        'InternalServiceException',
        'Injected internal failure (fault injection).',
        500,
      );
    }
  }

  lifecycle(): LifecycleSettings {
    return {
      provisioningDelayMs: this.settings.provisioningDelayMs ?? DEFAULT_PROVISIONING_DELAY_MS,
      timeScale: this.settings.timeScale ?? 1,
      sessionFailure: this.settings.sessionFailure,
    };
  }
}
