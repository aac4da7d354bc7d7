// Setup step 5: the agent. It registers (or loads the credentials), and for every hub client opens
// a session built from the feature modules (build-session.ts) with the upgrade's say over commands
// and the version report; the telemetry body carries the upgrade's progress keys.
import { createAgent, type Agent } from '../agent/agent';
import type { PlatformHooks } from '../commands';
import { createEntryClient, createHubClient } from '../hub';
import { withMqttReplies } from '../push/mqtt-replies';
import type { PushController } from '../push/push-controller';
import { openTelemetryBacklog } from '../telemetry/backlog';
import type { UpgradeController } from '../upgrade/controller';
import type { RuntimeContent } from './content-wiring';
import { openRuntimeSession, type RuntimeSessionDeps } from './build-session';
import type { ResolvedOptions, RuntimeEnv } from './runtime-options';
import type { StatusParts, TelemetryParts } from './setup-status';
import type { Stores, WhoWeAre } from './setup-stores';
import type { SessionSlot } from './setup-upgrade';

export interface AgentInputs {
  stores: Stores;
  who: WhoWeAre;
  view: StatusParts;
  telemetry: TelemetryParts;
  platform: PlatformHooks;
  upgrade: UpgradeController;
  content: RuntimeContent;
  sessions: SessionSlot;
  push: PushController;
}

export function setupAgent(opts: ResolvedOptions, env: RuntimeEnv, inputs: AgentInputs): Agent {
  const { stores, who, view, upgrade, sessions, push } = inputs;
  const sessionDeps = buildSessionDeps(opts, env, inputs);
  return createAgent({
    env: { appVersion: opts.appVersion, clock: env.clock, random: env.random, logger: env.logger },
    view: { state: stores.state, status: view.status, notice: view.notice, issues: view.signals.issues, sleeper: view.signals.sleeper },
    registration: {
      entry: createEntryClient({ entryUrl: opts.entryUrl, now: env.clock.now, timeoutMs: opts.hubTimeoutMs, proxyEnv: opts.proxyEnv }),
      identityStore: stores.identityStore,
      hardware: who.hardware,
      name: opts.localName,
    },
    // Command and license reports may go over MQTT when push is connected; HTTPS otherwise.
    openHub: (id) =>
      withMqttReplies(
        createHubClient({ hubUrl: id.hubUrl, deviceId: id.deviceId, accessKey: id.accessKey, now: env.clock.now, timeoutMs: opts.hubTimeoutMs, proxyEnv: opts.proxyEnv }),
        push,
        env.logger.child('push'),
      ),
    openSession: (hub) => sessions.open(openRuntimeSession(hub, sessionDeps)),
    backlog: openTelemetryBacklog({ dir: opts.dataDir, now: env.clock.now, logger: env.logger.child('backlog') }),
    upgradeHooks: { onTelemetryReply: () => upgrade.onTelemetryReply(), afterFirmwareStep: () => upgrade.autoStartIfDue() },
    // Slower while push is connected; the normal period again as soon as it drops.
    intervalMs: () => push.intervalMs((opts.telemetryIntervalSec ?? view.config().telemetry.interval_sec) * 1000),
    onIdentity: (next) => {
      who.identity.set(next);
      push.setIdentity(next);
    },
  });
}

function buildSessionDeps(opts: ResolvedOptions, env: RuntimeEnv, inputs: AgentInputs): RuntimeSessionDeps {
  const { stores, who, view, telemetry, platform, upgrade, content, push } = inputs;
  return {
    state: stores.state,
    config: view.config,
    logger: env.logger,
    clock: env.clock,
    appVersion: opts.appVersion,
    bootId: opts.bootId,
    platform,
    startFirmwareUpdate: upgrade.startFromCommand,
    upgradeGate: upgrade,
    collectTelemetry: () => {
      // The collector hands over a new map each call; extending it in place spares a copy of every
      // key per tick (spreading a dozen keys into a fresh literal cost more than reading them).
      const values = telemetry.collector.collect();
      Object.assign(values, upgrade.telemetry(), content.telemetry());
      values.push = push.state();
      return values;
    },
    // The model's hardware_key is a secret shared by its whole batch: never in a dump.
    collectDump: async () => ({
      status: view.status.snapshot(),
      state: stores.state.get(),
      hardware: { ...who.hardware, hardwareKey: '[redacted]' },
      content: content.dump(),
    }),
    extraHandlers: content.commandHandlers,
    recentLogs: () => env.rootLogger.recent(),
    secrets: () => {
      const identity = who.identity.current();
      return identity ? [identity.accessKey] : [];
    },
    emitCommand: (payload) => view.bus.emit({ name: 'onCommand', payload }),
    emitConfig: (payload) => {
      push.reconcile(); // `push.enabled` may have changed
      view.bus.emit({ name: 'onConfig', payload });
    },
    onLicenses: (offset) => view.licenseClock.learn(offset),
    nudge: view.signals.nudge,
  };
}
