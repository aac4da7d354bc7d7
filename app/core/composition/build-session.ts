// Builds the agent's per-credentials session from the feature modules: config sync, the command
// runner, licenses, the Update Device coalescer and telemetry. A new one is made for every hub
// client (after a 401 the new device record starts with an empty coalescer and no refusals).
import type { CommandEvent, ConfigEvent } from '../../ipc/contract';
import type { AgentSession, ConfigOutcome } from '../agent/agent-session';
import type { ConfigView } from '../agent/config-view';
import { createCommandRunner, createStandardHandlers, type CommandHandler, type DumpReport, type PlatformHooks, type StartFirmwareUpdate } from '../commands';
import { createConfigSync, type ConfigSyncResult } from '../config/config-sync';
import { createDeviceUpdater } from '../config/device-updates';
import type { StateAccess } from '../state/state-access';
import type { Clock } from '../deps';
import type { HubClient, TelemetryValue } from '../hub';
import { syncLicenses } from '../licenses';
import type { LogRecord, Logger } from '../log/logger';
import { assertNever } from '../util/assert-never';

export interface RuntimeSessionDeps {
  state: StateAccess;
  config: ConfigView;
  logger: Logger;
  clock: Clock;
  appVersion: string;
  bootId: string;
  platform: PlatformHooks;
  startFirmwareUpdate: StartFirmwareUpdate;
  collectTelemetry(): Record<string, TelemetryValue>;
  collectDump(): Promise<DumpReport>;
  recentLogs?: (() => LogRecord[]) | undefined;
  secrets(): readonly string[];
  emitCommand(event: CommandEvent): void;
  emitConfig(event: ConfigEvent): void;
  /** The license set changed, or the server clock offset was learned. */
  onLicenses(serverOffsetMs: number | null): void;
  /** A notable event happened: send telemetry now. */
  nudge(): void;
  /** The firmware upgrade's say over commands and the start-up version report. */
  upgradeGate?: UpgradeGate;
  /** Commands beyond the standard set (the signage player's). */
  extraHandlers?: CommandHandler[];
}

export interface UpgradeGate {
  /** The in-flight command belongs to a running or unproven upgrade: neither report nor re-run it. */
  holdsCommands(): boolean;
  holdsFirmwareReport(): boolean;
}

export function openRuntimeSession(hub: HubClient, deps: RuntimeSessionDeps): AgentSession {
  const { state, logger, clock } = deps;
  const updater = createDeviceUpdater({ hub, clock, logger: logger.child('update-device') });
  const configSync = createConfigSync({
    hub,
    state,
    logger: logger.child('config'),
    updater,
    emit: (event) => {
      deps.emitConfig(event);
      deps.nudge();
    },
  });
  const commands = createCommandRunner({
    hub,
    state,
    handlers: [
      ...createStandardHandlers({
        startFirmwareUpdate: deps.startFirmwareUpdate,
        dump: { recentLogs: deps.recentLogs },
      }),
      ...(deps.extraHandlers ?? []),
    ],
    ctx: {
      hub,
      state,
      logger: logger.child('commands'),
      clock,
      platform: deps.platform,
      appVersion: deps.appVersion,
      bootId: deps.bootId,
      collectDump: deps.collectDump,
      secrets: deps.secrets,
    },
    emit: (event) => {
      deps.emitCommand(event);
      if (event.phase === 'finished') deps.nudge();
    },
    logger: logger.child('commands'),
  });

  return {
    hub,
    collectTelemetry: deps.collectTelemetry,
    async syncConfig(serverVersion, options) {
      return toOutcome(options?.force ? await configSync.pull() : await configSync.sync(serverVersion));
    },
    // While held, the command is pending on the hub as in_progress: Get Command would hand it
    // back and its after-restart rule would decide it too early. It is the head of the queue, so
    // nothing behind it could run anyway; the next tick after the release settles it.
    reportInterrupted: async () => (deps.upgradeGate?.holdsCommands() ? undefined : commands.reportInterrupted()),
    drainCommands: async () => (deps.upgradeGate?.holdsCommands() ? undefined : commands.drain()),
    holdFirmwareReport: () => deps.upgradeGate?.holdsFirmwareReport() ?? false,
    refusedConfigVersion: () => configSync.refusal()?.version ?? null,
    async syncLicenses() {
      const publicKeyPem = deps.config().licenses.public_key_pem;
      const result = await syncLicenses({
        hub,
        state,
        logger: logger.child('licenses'),
        clock,
        publicKeyPem,
      });
      deps.onLicenses(result.serverOffsetMs);
    },
    queueDeviceUpdate: (fields) => updater.queue(fields),
    flushDeviceUpdates: () => updater.flush(),
    async reportFirmwareVersion(version) {
      updater.queue({ firmware_version: version });
      await updater.flush();
      if (updater.pending().firmware_version === undefined) state.update({ reportedFirmwareVersion: version });
    },
  };
}

function toOutcome(result: ConfigSyncResult): ConfigOutcome {
  switch (result.kind) {
    case 'applied':
      return { kind: 'applied', version: result.version };
    case 'refused':
      return { kind: 'refused', version: result.version, message: result.message };
    case 'unchanged':
      return { kind: 'unchanged', version: result.version };
    default:
      return assertNever(result, 'config sync result');
  }
}
