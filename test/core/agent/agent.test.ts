// The agent on its own (register → session → back to registration on 401), over scripted sessions:
// `device_booted` is added exactly once per start whatever fails around it, once more for the new
// device record after a 401, and registration records the version the hub now knows.
import { afterEach, describe, expect, it } from 'vitest';
import { createAgent, type Agent } from '../../../app/core/agent/agent';
import { createConfigView } from '../../../app/core/agent/config-view';
import { createEventBus } from '../../../app/core/agent/event-bus';
import type { FirmwareNotice } from '../../../app/core/agent/firmware-notice';
import type { IdentityStoreLike } from '../../../app/core/agent/registration';
import { createAgentSignals } from '../../../app/core/agent/signals';
import { createStatusTracker } from '../../../app/core/agent/status';
import { HubError, type EntryClient } from '../../../app/core/hub';
import { silentLogger } from '../../../app/core/log/logger';
import type { Identity } from '../../../app/core/state/schema';
import { createMemoryStateStore } from '../support/memory-state-store';
import { createFakeClock, waitFor } from './fake-clock';
import { createFakeSession, type FakeSession } from './fake-session';

const IDENTITY: Identity = { deviceId: 'dev-1', accessKey: 'key-1', hubUrl: 'http://127.0.0.1:1', registeredAt: '2025-06-01T00:00:00.000Z' };

let agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  agents = [];
});

function start(options: { identity?: Identity | null; prepare?: (session: FakeSession, index: number) => void } = {}) {
  const state = createMemoryStateStore();
  let saved: Identity | null = options.identity === undefined ? IDENTITY : options.identity;
  const identityStore: IdentityStoreLike = { load: () => saved, save: (id) => void (saved = id), wipe: () => void (saved = null) };
  const registrations: string[] = [];
  const entry: EntryClient = {
    registerDevice: async (body) => {
      registrations.push(body.firmware_version);
      return { id: `dev-${registrations.length + 1}`, access_key: 'key-new', hub_url: 'http://127.0.0.1:2' };
    },
    bulkRegister: async () => [],
    registerChild: async () => ({ id: 'child', access_key: 'k' }),
  };
  const clock = createFakeClock();
  const status = createStatusTracker(
    { appVersion: '1.0.0', now: clock.now, state: () => state.get(), config: createConfigView(state), hardware: () => null, identity: () => saved, summarizeLicenses: () => ({ active: 0, items: [] }) },
    createEventBus(silentLogger),
  );
  const signals = createAgentSignals(clock, status);
  const notice: FirmwareNotice = { onReply: () => undefined, checkPostponed: () => undefined, postpone: () => ({ ok: true, remindAt: null }), fileIdFor: () => undefined };
  const sessions: FakeSession[] = [];
  const identities: (string | null)[] = [];
  const agent = createAgent({
    env: { appVersion: '1.0.0', clock, random: () => 0.5, logger: silentLogger },
    view: { state, status, notice, issues: signals.issues, sleeper: signals.sleeper },
    registration: { entry, identityStore, hardware: { hardwareKey: 'hk', sn: 'SN-1', cloudId: 'XKSKabcdefghijklmnopqrst' } },
    openHub: () => createFakeSession().hub,
    openSession: () => {
      const session = createFakeSession(state);
      options.prepare?.(session, sessions.length);
      sessions.push(session);
      return session;
    },
    intervalMs: () => 30_000,
    onIdentity: (id) => void identities.push(id?.deviceId ?? null),
  });
  agents.push(agent);
  agent.start();
  const sends = () => sessions.reduce((n, s) => n + s.telemetry.length, 0);
  const booted = () => sessions.flatMap((s) => s.events).filter((e) => e === 'device_booted').length;
  return { agent, state, sessions, sends, booted, registrations, identities };
}

describe('agent', () => {
  it('adds device_booted exactly once per start, whatever fails around it', async () => {
    const run = start({
      prepare: (session) => {
        session.failNext('hub.addEvent', new HubError('transient', 'addEvent', 'connection reset'));
        session.failNext('flushDeviceUpdates', new HubError('transient', 'updateDevice', 'connection reset'));
        session.reply = { command: true };
      },
    });
    await waitFor(() => run.sends() >= 5, 'five sends');
    // Fail a tick mid-way too: the next tick starts with a fresh send, not a second start-up pass.
    run.sessions[0]!.failNext('drainCommands', new HubError('transient', 'getCommand', 'connection reset'));
    await waitFor(() => run.sends() >= 10, 'ten sends');
    expect(run.sessions).toHaveLength(1);
    expect(run.booted()).toBe(1);
    expect(run.sessions[0]!.log.filter((c) => c === 'hub.addEvent')).toHaveLength(2);
  });

  it('a second start of the process adds it once more', async () => {
    const first = start();
    await waitFor(() => first.sends() >= 3, 'first start runs');
    await first.agent.stop();
    const second = start();
    await waitFor(() => second.sends() >= 3, 'second start runs');
    expect([first.booted(), second.booted()]).toEqual([1, 1]);
  });

  it('after a 401 the new device record gets its own start-up pass (and its own device_booted)', async () => {
    const run = start({
      prepare: (session, index) => {
        if (index === 0) session.failNext('hub.sendTelemetry', new HubError('unauthorized', 'sendTelemetry', 'unauthorized', { status: 401 }));
      },
    });
    await waitFor(() => run.sessions.length === 2 && run.sends() >= 3, 'second session runs');
    // One 401 keeps the credentials; the registration check succeeding means the record really is
    // gone, so the new identity replaces the old one directly (docs/PROTOCOL.md#unauthorized).
    expect(run.identities).toEqual(['dev-1', 'dev-2', 'dev-2']);
    expect(run.sessions[0]!.events).toEqual([]);
    expect(run.sessions[1]!.events).toEqual(['device_booted']);
    expect(run.registrations).toEqual(['1.0.0']);
  });

  it('registration records the reported firmware version (Register Device carried it)', async () => {
    const run = start({ identity: null });
    await waitFor(() => run.sends() >= 1, 'first send');
    expect(run.registrations).toEqual(['1.0.0']);
    expect(run.state.get().reportedFirmwareVersion).toBe('1.0.0');
    // Already known: the start-up pass does not report it again.
    expect(run.sessions[0]!.log.some((c) => c.includes('firmware_version'))).toBe(false);
  });
});
