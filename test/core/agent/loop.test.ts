// The session loop on its own (one set of credentials): the start-up pass once, then ticks of
// telemetry → sync steps → Update Device flush → wait; failures wait un-nudgeably and restart the
// tick with a fresh send; a refused config is a standing error; only a 401 ends the session.
import { afterEach, describe, expect, it } from 'vitest';
import { createConfigView } from '../../../app/core/agent/config-view';
import { createEventBus } from '../../../app/core/agent/event-bus';
import type { FirmwareNotice } from '../../../app/core/agent/firmware-notice';
import { createIssues } from '../../../app/core/agent/issues';
import { runSession, type SessionEnd } from '../../../app/core/agent/loop';
import { createSleeper } from '../../../app/core/agent/sleeper';
import { createStatusTracker, type StatusTracker } from '../../../app/core/agent/status';
import { HubError } from '../../../app/core/hub/types';
import { silentLogger } from '../../../app/core/log/logger';
import type { ConnectionState } from '../../../app/ipc/contract';
import { createMemoryStateStore } from '../support/memory-state-store';
import { createFakeClock, waitFor } from './fake-clock';
import { createFakeSession, type FakeSession } from './fake-session';

const INTERVAL_MS = 60_000;

interface Scene {
  session: FakeSession;
  status: StatusTracker;
  connections: ConnectionState[];
  hooks: string[];
  clock: ReturnType<typeof createFakeClock>;
  ended: Promise<SessionEnd | 'aborted'>;
  sleeper: ReturnType<typeof createSleeper>;
  stop(): Promise<SessionEnd | 'aborted'>;
}

let current: Scene | undefined;
afterEach(async () => {
  await current?.stop();
  current = undefined;
});

function start(prepare: (session: FakeSession) => void = () => undefined, auto = true): Scene {
  const session = createFakeSession();
  prepare(session);
  const state = createMemoryStateStore({ reportedFirmwareVersion: '1.0.0' });
  const clock = createFakeClock({ auto });
  const bus = createEventBus(silentLogger);
  const connections: ConnectionState[] = [];
  const status = createStatusTracker(
    {
      appVersion: '1.0.0',
      now: clock.now,
      state: () => state.get(),
      config: createConfigView(state),
      hardware: () => null,
      identity: () => null,
      summarizeLicenses: () => ({ active: 0, items: [] }),
    },
    bus,
  );
  const setConnection = status.setConnection.bind(status);
  status.setConnection = (c) => {
    connections.push(c);
    setConnection(c);
  };
  const sleeper = createSleeper(clock);
  const issues = createIssues(() => sleeper.nudge());
  const hooks: string[] = [];
  const notice: FirmwareNotice = { onReply: () => undefined, checkPostponed: () => undefined, postpone: () => ({ ok: true, remindAt: null }), fileIdFor: () => undefined };
  const controller = new AbortController();
  const ended = runSession({
    session,
    state,
    status,
    notice,
    issues,
    sleeper,
    clock,
    random: () => 0.5,
    logger: silentLogger,
    appVersion: '1.0.0',
    intervalMs: () => INTERVAL_MS,
    signal: controller.signal,
    upgradeHooks: { onTelemetryReply: () => void hooks.push('reply'), afterFirmwareStep: () => void hooks.push('firmware-step') },
  }).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'AbortError') return 'aborted' as const;
    throw error;
  });
  const scene: Scene = {
    session,
    status,
    connections,
    hooks,
    clock,
    ended,
    sleeper,
    stop: async () => {
      controller.abort();
      return ended;
    },
  };
  current = scene;
  return scene;
}

const sends = (s: FakeSession) => s.log.filter((c) => c === 'hub.sendTelemetry').length;

describe('session loop', () => {
  it('runs the start-up pass once, then ticks: telemetry → sync → flush → wait the interval', async () => {
    const scene = start();
    await waitFor(() => sends(scene.session) >= 4, 'four sends');
    await scene.stop();
    const log = scene.session.log;
    expect(log.slice(0, 5)).toEqual(['reportInterrupted', 'hub.sendTelemetry', 'pullConfig', 'hub.closeIncidents', 'hub.addEvent']);
    // The start-up reply is the first tick's reply: its sync steps run without a second send.
    expect(log.slice(5, 8)).toEqual(['flushDeviceUpdates', 'hub.sendTelemetry', 'flushDeviceUpdates']);
    expect(scene.session.events).toEqual(['device_booted']);
    expect(scene.session.telemetry.filter((t) => t.override)).toHaveLength(1);
    expect(scene.clock.sleeps.filter((ms) => ms === INTERVAL_MS).length).toBeGreaterThanOrEqual(3);
    expect(scene.hooks.slice(0, 4)).toEqual(['reply', 'firmware-step', 'reply', 'firmware-step']);
    expect(scene.connections).toContainEqual({ state: 'online' });
  });

  it('a nudge ends the interval wait early: the next send needs no time to pass', async () => {
    const scene = start(undefined, false);
    await waitFor(() => scene.clock.waiting() === 1 && sends(scene.session) === 1, 'first interval wait');
    const before = scene.clock.now();
    scene.sleeper.nudge();
    await waitFor(() => sends(scene.session) === 2, 'nudged send');
    expect(scene.clock.now()).toBe(before);
    await waitFor(() => scene.clock.waiting() === 1, 'next interval wait');
    await scene.clock.advance(INTERVAL_MS);
    await waitFor(() => sends(scene.session) === 3, 'send after the interval');
  });

  it('a failed tick waits with back-off (not the interval) and starts again with a fresh send', async () => {
    const scene = start();
    await waitFor(() => sends(scene.session) >= 2, 'two sends');
    scene.session.failNext('drainCommands', new HubError('transient', 'getCommand', 'connection reset'));
    scene.session.reply = { command: true };
    await waitFor(() => scene.connections.some((c) => c.state === 'offline'), 'offline');
    await waitFor(() => scene.session.log.filter((c) => c === 'drainCommands').length >= 2, 'commands again');
    const failedAt = scene.session.log.indexOf('drainCommands');
    expect(scene.session.log.slice(failedAt, failedAt + 2)).toEqual(['drainCommands', 'hub.sendTelemetry']);
    expect(scene.session.events).toEqual(['device_booted']);
  });

  it('a refused config is a standing error in status and telemetry until a good one applies', async () => {
    const scene = start((session) => {
      session.reply = { config_version: 5 };
      session.configOutcome = (version) => (version === 5 ? { kind: 'refused', version, message: 'config version 5 refused: bad key' } : { kind: 'applied', version });
    });
    await waitFor(() => scene.session.telemetry.some((t) => t.status === 'error'), 'error telemetry');
    expect(scene.session.telemetry.find((t) => t.status === 'error')?.message).toBe('config version 5 refused: bad key');
    // The screen stays online with a discreet marker; the hub gets the error.
    expect(scene.connections).toContainEqual({ state: 'online', issue: 'config version 5 refused: bad key' });
    const pulls = scene.session.log.filter((c) => c === 'syncConfig').length;
    await waitFor(() => sends(scene.session) >= 6, 'more ticks');
    // The refused version is not fetched again on every tick.
    expect(scene.session.log.filter((c) => c === 'syncConfig').length).toBe(pulls);

    scene.session.reply = { config_version: 6 };
    await waitFor(() => scene.session.telemetry.at(-1)?.status === 'online', 'online again');
    expect(scene.connections.at(-1)).toEqual({ state: 'online' });
  });

  it('a 401 ends the session', async () => {
    const scene = start();
    await waitFor(() => sends(scene.session) >= 2, 'two sends');
    scene.session.failNext('hub.sendTelemetry', new HubError('unauthorized', 'sendTelemetry', 'unauthorized', { status: 401 }));
    await expect(scene.ended).resolves.toBe('unauthorized');
  });

  it('a 401 during the start-up pass ends the session before any tick', async () => {
    const scene = start((session) => session.failNext('hub.closeIncidents', new HubError('unauthorized', 'closeIncidents', 'unauthorized', { status: 401 })));
    await expect(scene.ended).resolves.toBe('unauthorized');
    expect(scene.session.events).toEqual([]);
  });
});
