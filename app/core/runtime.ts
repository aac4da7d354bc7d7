// The core's façade for every shell (Electron, headless, browser): opens the stores, works out who
// the machine is, builds the agent and exposes the IPC handlers and the event stream. One call
// to createKioskRuntime() per process; the shell wires `handlers` and `onEvent` to its transport.
import { mkdirSync } from 'node:fs';
import type { KioskEvent, KioskHandlers } from '../ipc/contract';
import { createAgent } from './agent/agent';
import { createConfigView } from './agent/config-view';
import { createEventBus } from './agent/event-bus';
import { createFirmwareNotice } from './agent/firmware-notice';
import { createStatusTracker } from './agent/status';
import { readBootId, type PlatformHooks } from './commands';
import { systemClock, systemRandom, type Clock, type Random } from './deps';
import { createEntryClient, createHubClient, type TelemetryValue } from './hub';
import { summarizeLicenses } from './licenses';
import type { RootLogger } from './log/logger';
import { readDeviceFile } from './composition/device-file';
import { createKioskHandlers, type RendererHeartbeat } from './composition/kiosk-handlers';
import { resolveHardwareIdentity } from './composition/hardware-identity';
import { completePlatformHooks } from './composition/platform-hooks';
import { openRuntimeSession } from './composition/build-session';
import type { AgentSession } from './agent/agent-session';
import { createUpgradeController } from './upgrade/controller';
import { createRuntimeFirmware, type FirmwareRuntimeOptions } from './upgrade/firmware-wiring';
import { openDeviceStateStore, type ConfLike, type DeviceStateConfOptions } from './state/device-state-store';
import { openIdentityStore, type SecretBox } from './state/identity-store';
import type { Identity } from './state/schema';
import { defaultOutboundPolicy } from './net/outbound-url';
import { createTelemetryCollector, type DisplayInfo } from './telemetry';

export const DEFAULT_ENTRY_URL = 'https://entry.xyte.io';

export interface KioskRuntimeOptions {
  dataDir: string;
  entryUrl?: string;
  appVersion: string;
  logger: RootLogger;
  telemetryIntervalSec?: number;
  claimDomain?: string;
  deviceConfigPath?: string;
  hardware?: { hardwareKey?: string; sn?: string; cloudId?: string; mac?: string; name?: string };
  secretBox?: SecretBox;
  conf?: ConfLike;
  /** Preferred over `conf`: builds the store after crash recovery ran (electron-store / conf). */
  createConf?: (options: DeviceStateConfOptions) => ConfLike;
  platform?: Partial<PlatformHooks>;
  /** Without a `platform.reboot`, reboot with the configured system command (headless runner). */
  systemReboot?: boolean;
  clock?: Clock;
  random?: Random;
  getDisplays?: () => { count: number; resolution?: string } | DisplayInfo[] | null;
  /** Per-request hub timeout (default 15 s). */
  hubTimeoutMs?: number;
  /** This boot of the machine (default: the kernel's boot id); tests pass one to fake a reboot. */
  bootId?: string;
  /** Replaces the OS telemetry collector (benchmarks, tests). */
  telemetry?: { collect(): Record<string, TelemetryValue> };
  /** Renderer heartbeats (also the health signal that confirms a new version, see `firmware`). */
  onRendererHeartbeat?: (heartbeat: RendererHeartbeat) => void;
  /**
   * The firmware upgrade pipeline (notice, `auto` policy, `update_firmware`). `installer`: 'auto'
   * (default; detects in the packaged app only), 'none', 'command:<absolute path>'.
   * `requireRendererHeartbeat` (default true): a shell without a screen passes false.
   */
  firmware?: FirmwareRuntimeOptions;
  /**
   * Downloads (firmware, content) from loopback/private addresses. Default: allowed only while the
   * hub itself is on loopback (the local simulator); link-local and metadata addresses never are.
   */
  allowPrivateDownloads?: boolean;
}

export interface KioskRuntime {
  handlers: KioskHandlers;
  onEvent(listener: (event: KioskEvent) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createKioskRuntime(o: KioskRuntimeOptions): Promise<KioskRuntime> {
  const clock = o.clock ?? systemClock;
  const random = o.random ?? systemRandom;
  const logger = o.logger.child('agent');
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const file = readDeviceFile(o.dataDir, o.deviceConfigPath);
  const identityStore = openIdentityStore({ dir: o.dataDir, logger: o.logger, ...(o.secretBox ? { secretBox: o.secretBox } : {}) });
  const state = openDeviceStateStore({
    dir: o.dataDir,
    logger: o.logger,
    now: clock.now,
    ...(o.conf ? { conf: o.conf } : {}),
    ...(o.createConf ? { createConf: o.createConf } : {}),
  });
  const hardware = resolveHardwareIdentity(identityStore, o.hardware ?? {}, file, random);
  const configView = createConfigView(state);
  const bus = createEventBus(logger);
  let identity: Identity | null = identityStore.load();
  let licenseOffsetMs: number | null = null;
  let heartbeat: RendererHeartbeat | null = null;
  if (identity) o.logger.addSecret(identity.accessKey);

  const status = createStatusTracker(
    {
      appVersion: o.appVersion,
      now: clock.now,
      state: () => state.get(),
      config: configView,
      hardware: () => hardware,
      identity: () => identity,
      ...(o.hardware?.name ?? file.name ? { localName: o.hardware?.name ?? file.name } : {}),
      ...(o.claimDomain ?? file.claim_domain ? { claimDomain: o.claimDomain ?? file.claim_domain } : {}),
      summarizeLicenses: (s, now) => summarizeLicenses(s.licenses, now, licenseOffsetMs),
    },
    bus,
  );
  const notice = createFirmwareNotice({
    appVersion: o.appVersion,
    state,
    status,
    clock,
    logger,
    postponeHours: () => configView().upgrade.postpone_hours,
    policy: () => configView().upgrade.policy,
    // `session` is assigned below; the notice only runs inside a session's sync steps.
    fetchNotes: async (fileId) => (session ? (await session.hub.getFile(fileId)).public_notes : null),
  });
  const collector =
    o.telemetry ??
    createTelemetryCollector({
      appVersion: o.appVersion,
      clock,
      dataDir: o.dataDir,
      getRendererHealth: () => ({ lastHeartbeatAt: heartbeat?.at ?? null, screen: heartbeat?.screen ?? null }),
      getConfigVersion: () => state.get().configVersion,
      ...(o.getDisplays ? { getDisplays: displaysFrom(o.getDisplays) } : {}),
    });
  const platform = completePlatformHooks(o.platform, {
    systemReboot: o.systemReboot === true,
    rebootCommand: () => configView().commands.reboot_command,
  });
  let session: AgentSession | null = null;
  const upgrade = createUpgradeController(
    {
      appVersion: o.appVersion,
      state,
      status,
      config: configView,
      notice,
      platform,
      hub: () => session?.hub ?? null,
      session: () => session,
      issues: () => agent.issues,
      emitProgress: (payload) => bus.emit({ name: 'onUpgradeProgress', payload }),
      nudge: () => agent.nudge(),
      requireHeartbeat: o.firmware?.requireRendererHeartbeat ?? true,
      clock,
      logger: logger.child('upgrade'),
    },
    (onProgress) =>
      createRuntimeFirmware({
        options: o.firmware ?? {},
        dataDir: o.dataDir,
        appVersion: o.appVersion,
        state,
        config: configView,
        identity: () => identity,
        clock,
        logger,
        onProgress,
        allowPrivateNetworks: () => outboundPolicy().allowPrivate,
      }),
  );
  const entryUrl = o.entryUrl ?? file.entry_url ?? DEFAULT_ENTRY_URL;
  const outboundPolicy = () => defaultOutboundPolicy(o.allowPrivateDownloads, identity?.hubUrl ?? entryUrl);
  const bootId = o.bootId ?? readBootId();
  const hubTimeout = o.hubTimeoutMs !== undefined ? { timeoutMs: o.hubTimeoutMs } : {};

  const agent = createAgent({
    appVersion: o.appVersion,
    clock,
    random,
    logger,
    entry: createEntryClient({ entryUrl, now: clock.now, ...hubTimeout }),
    identityStore,
    state,
    hardware,
    ...(o.hardware?.name ?? file.name ? { registrationName: o.hardware?.name ?? file.name } : {}),
    openHub: (id) => createHubClient({ hubUrl: id.hubUrl, deviceId: id.deviceId, accessKey: id.accessKey, now: clock.now, ...hubTimeout }),
    openSession: (hub) =>
      (session = openRuntimeSession(hub, {
        state,
        config: configView,
        logger,
        clock,
        appVersion: o.appVersion,
        bootId,
        platform,
        startFirmwareUpdate: upgrade.startFromCommand,
        upgradeGate: upgrade,
        collectTelemetry: () => ({ ...collector.collect(), ...upgrade.telemetry() }),
        // The model's hardware_key is a per-batch secret (API doc §2): never in a dump.
        collectDump: async () => ({ status: status.snapshot(), state: state.get(), hardware: { ...hardware, hardwareKey: '[redacted]' } }),
        recentLogs: () => o.logger.recent(),
        secrets: () => (identity ? [identity.accessKey] : []),
        emitCommand: (payload) => bus.emit({ name: 'onCommand', payload }),
        emitConfig: (payload) => bus.emit({ name: 'onConfig', payload }),
        onLicenses: (offset) => {
          if (offset !== null) licenseOffsetMs = offset;
          status.publish();
        },
        nudge: () => agent.nudge(),
      })),
    status,
    notice,
    upgradeHooks: { onTelemetryReply: () => upgrade.onTelemetryReply(), afterFirmwareStep: () => upgrade.autoStartIfDue() },
    intervalMs: () => (o.telemetryIntervalSec ?? configView().telemetry.interval_sec) * 1000,
    onIdentity: (next) => {
      identity = next;
      if (next) o.logger.addSecret(next.accessKey);
    },
  });

  const handlers = createKioskHandlers({
    status,
    notice,
    logger,
    now: clock.now,
    startUpgrade: (request) => upgrade.acceptNotice(request),
    onHeartbeat: (beat) => {
      heartbeat = beat;
      upgrade.onHeartbeat();
      o.onRendererHeartbeat?.(beat);
    },
  });

  return {
    handlers,
    onEvent: (listener) => bus.onEvent(listener),
    async start() {
      status.setConnection(identity ? { state: 'offline', message: 'Connecting to the hub…' } : { state: 'unregistered' });
      logger.info('starting', { appVersion: o.appVersion, deviceId: identity?.deviceId, sn: hardware.sn, cloudId: hardware.cloudId });
      // Before the loop: the command runner's start-up report must find the upgrade's verdict.
      await upgrade.onStart();
      agent.start();
    },
    async stop() {
      await agent.stop();
      logger.info('stopped');
    },
  };
}

/** Accepts the shells' simple `{count, resolution}` or the collector's display list. */
function displaysFrom(get: NonNullable<KioskRuntimeOptions['getDisplays']>): () => DisplayInfo[] | null {
  return () => {
    const value = get();
    if (value === null || Array.isArray(value)) return value;
    const match = /^(\d+)x(\d+)$/.exec(value.resolution ?? '');
    const main: DisplayInfo = match ? { width: Number(match[1]), height: Number(match[2]), primary: true } : { width: 0, height: 0, primary: true };
    return Array.from({ length: Math.max(0, value.count) }, (_, i) => (i === 0 ? main : { width: 0, height: 0 }));
  };
}
