/**
 * The local endpoint's time is the project's one Clock (src/util/clock.ts). These names remain
 * for the session workers' modules (src/local/python) until they import the Clock directly.
 */
export type { Clock as Timers } from '../util/clock.js';
export { systemClock as systemTimers } from '../util/clock.js';
