import { expect } from 'chai';
import {
  nextLiveState,
  type LifecycleEvent,
} from '../../../../src/session/lifecycle/session-lifecycle.js';
import type { LiveState } from '../../../../src/session/session-service.js';

describe('session lifecycle transitions', () => {
  const table: [LiveState, LifecycleEvent, LiveState][] = [
    ['none', { type: 'create-requested' }, 'provisioning'],
    ['lost', { type: 'create-requested' }, 'provisioning'],
    ['ready', { type: 'create-requested' }, 'ready'],
    ['provisioning', { type: 'status', status: 'PROVISIONING' }, 'provisioning'],
    ['provisioning', { type: 'status', status: 'READY' }, 'ready'],
    ['provisioning', { type: 'status', status: 'FAILED' }, 'none'],
    ['provisioning', { type: 'status', status: 'TIMEOUT' }, 'none'],
    ['provisioning', { type: 'status', status: 'STOPPED' }, 'none'],
    ['provisioning', { type: 'create-failed' }, 'none'],
    ['provisioning', { type: 'not-found' }, 'none'],
    ['ready', { type: 'status', status: 'READY' }, 'ready'],
    ['ready', { type: 'status', status: 'TIMEOUT' }, 'lost'],
    ['ready', { type: 'status', status: 'STOPPING' }, 'lost'],
    ['ready', { type: 'status', status: 'STOPPED' }, 'lost'],
    ['ready', { type: 'status', status: 'FAILED' }, 'lost'],
    ['ready', { type: 'not-found' }, 'lost'],
    ['ready', { type: 'unavailable' }, 'lost'],
    ['ready', { type: 'stopped-by-user' }, 'none'],
    ['none', { type: 'attached' }, 'ready'],
    ['lost', { type: 'attached' }, 'ready'],
    ['none', { type: 'status', status: 'READY' }, 'none'],
    ['lost', { type: 'status', status: 'READY' }, 'lost'],
    ['none', { type: 'not-found' }, 'none'],
  ];
  for (const [from, event, to] of table) {
    const label = event.type === 'status' ? `status ${event.status}` : event.type;
    it(`${from} + ${label} → ${to}`, () => {
      expect(nextLiveState(from, event)).to.equal(to);
    });
  }
});
