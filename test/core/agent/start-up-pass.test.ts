// The start-up pass on its own: its fixed order, a failed step retried from where it stopped (so
// `device_booted` is added once per start and the override telemetry is not repeated), and the
// firmware_version report (only when it changed, never while the running version is unproven).
import { describe, expect, it } from 'vitest';
import { createStartupPass, STARTUP_ORDER } from '../../../app/core/agent/start-up-pass';
import type { ConfigOutcome } from '../../../app/core/agent/agent-session';
import type { TelemetryReply } from '../../../app/core/hub/types';
import { createLogger } from '../../../app/core/log/logger';
import { createMemoryStateStore, type MemoryStateStore } from '../support/memory-state-store';
import { createFakeSession } from './fake-session';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');

function scene(reported: string | undefined = '0.9.0') {
  const state: MemoryStateStore = createMemoryStateStore({ configVersion: 3, openIncidents: [{ id: 'i1', issue: 'screen' }], ...(reported ? { reportedFirmwareVersion: reported } : {}) });
  const session = createFakeSession(state);
  const replies: TelemetryReply[] = [];
  const outcomes: ConfigOutcome[] = [];
  const pass = createStartupPass({
    session,
    state,
    appVersion: '1.0.0',
    now: () => NOW,
    logger: createLogger({ level: 'error', write: () => undefined }),
    buildTelemetry: () => ({ status: 'online', timestamp: new Date(NOW).toISOString(), telemetries: session.collectTelemetry() }),
    onTelemetryReply: (reply) => void replies.push(reply),
    onConfigOutcome: (outcome) => void outcomes.push(outcome),
  });
  return { session, state, pass, replies, outcomes };
}

const FULL_ORDER = [
  'reportInterrupted',
  'hub.sendTelemetry',
  'pullConfig',
  'hub.closeIncidents',
  'hub.addEvent',
  'queue {"firmware_version":"1.0.0"}',
  'flushDeviceUpdates',
];

describe('start-up pass', () => {
  it('declares its order', () => {
    expect(STARTUP_ORDER).toEqual(['report-interrupted', 'override-telemetry', 'pull-config', 'close-incidents', 'device-booted', 'firmware-version']);
  });

  it('runs interrupted report → override telemetry → config pull → close incidents → device_booted → firmware_version', async () => {
    const { session, state, pass, replies, outcomes } = scene();
    session.reply = { config_version: 4 };
    const reply = await pass.run();
    expect(session.log).toEqual(FULL_ORDER);
    expect(reply.config_version).toBe(4);
    expect(replies).toEqual([reply]);
    // Only this send carries override; the config pull asks for the version the reply named.
    expect(session.telemetry).toEqual([expect.objectContaining({ override: true, status: 'online' })]);
    expect(outcomes).toEqual([{ kind: 'unchanged', version: 4 }]);
    expect(session.events).toEqual(['device_booted']);
    expect(session.sentUpdates).toEqual([{ firmware_version: '1.0.0' }]);
    expect(state.get()).toMatchObject({ openIncidents: [], reportedFirmwareVersion: '1.0.0' });
  });

  it.each(STARTUP_ORDER.map((step, index) => [step, index] as const))('a failure at %s is retried from that step: device_booted exactly once', async (_step, index) => {
    const { session, pass } = scene();
    const failing = ['reportInterrupted', 'hub.sendTelemetry', 'pullConfig', 'hub.closeIncidents', 'hub.addEvent', 'flushDeviceUpdates'][index]!;
    session.failNext(failing, new Error('hub down'));
    await expect(pass.run()).rejects.toThrow('hub down');
    await pass.run();
    const firstTry = FULL_ORDER.slice(0, FULL_ORDER.indexOf(failing) + 1);
    const retry = FULL_ORDER.slice(FULL_ORDER.indexOf(failing === 'flushDeviceUpdates' ? 'queue {"firmware_version":"1.0.0"}' : failing));
    expect(session.log).toEqual([...firstTry, ...retry]);
    expect(session.events).toEqual(['device_booted']);
    // A send that succeeded is never repeated.
    expect(session.telemetry.filter((t) => t.override)).toHaveLength(1);
  });

  it('does not report a firmware_version the hub already has', async () => {
    const { session, pass } = scene('1.0.0');
    await pass.run();
    expect(session.log).toEqual(FULL_ORDER.slice(0, 5));
  });

  it('holds the report while the running version is unproven', async () => {
    const { session, state, pass } = scene();
    session.firmwareReportHeld = true;
    await pass.run();
    expect(session.log).not.toContain('queue {"firmware_version":"1.0.0"}');
    expect(state.get().reportedFirmwareVersion).toBe('0.9.0');
  });

  it('a throttled report stays queued and is not recorded as sent', async () => {
    const { session, state, pass } = scene();
    session.holdDeviceUpdates = true;
    await pass.run();
    expect(session.pending()).toEqual({ firmware_version: '1.0.0' });
    expect(state.get().reportedFirmwareVersion).toBe('0.9.0');
  });
});
