// What a shell hands createKioskRuntime(), and the ONE place it is merged with the device file:
// flags > device file > defaults, resolved once into an immutable value every setup step reads.
import type { PlatformHooks } from '../commands';
import { readBootId } from '../commands';
import type { Clock, Random } from '../deps';
import { systemClock, systemRandom } from '../deps';
import type { TelemetryValue } from '../hub';
import type { RootLogger } from '../log/logger';
import { pickProxyEnv, proxySecrets, type ProxyEnv } from '../net/proxy';
import type { ConfLike, DeviceStateConfOptions } from '../state/device-state-store';
import type { SecretBox } from '../state/identity-store';
import type { DisplayInfo } from '../telemetry';
import type { FirmwareRuntimeOptions } from '../upgrade/firmware-wiring';
import { readDeviceFile } from './device-file';
import { configuredHardware, type HardwareOptions } from './hardware-identity';
import type { RendererHeartbeat } from './kiosk-handlers';

export const DEFAULT_ENTRY_URL = 'https://entry.xyte.io';

export interface KioskRuntimeOptions {
  dataDir: string;
  entryUrl?: string | undefined;
  appVersion: string;
  logger: RootLogger;
  telemetryIntervalSec?: number | undefined;
  claimDomain?: string | undefined;
  deviceConfigPath?: string | undefined;
  hardware?: HardwareOptions | undefined;
  secretBox?: SecretBox | undefined;
  conf?: ConfLike | undefined;
  /** Preferred over `conf`: builds the store after crash recovery ran (electron-store / conf). */
  createConf?: ((options: DeviceStateConfOptions) => ConfLike) | undefined;
  platform?: Partial<PlatformHooks> | undefined;
  /** Without a `platform.reboot`, reboot with the configured system command (headless runner). */
  systemReboot?: boolean | undefined;
  clock?: Clock | undefined;
  random?: Random | undefined;
  getDisplays?: (() => { count: number; resolution?: string } | DisplayInfo[] | null) | undefined;
  /** Per-request hub timeout (default 15 s). */
  hubTimeoutMs?: number | undefined;
  /** This boot of the machine (default: the kernel's boot id); tests pass one to fake a reboot. */
  bootId?: string | undefined;
  /** Replaces the OS telemetry collector (benchmarks, tests); collect() returns a new map each call. */
  telemetry?: { collect(): Record<string, TelemetryValue> } | undefined;
  /** Renderer heartbeats (also the health signal that confirms a new version, see `firmware`). */
  onRendererHeartbeat?: ((heartbeat: RendererHeartbeat) => void) | undefined;
  /**
   * The firmware upgrade pipeline (notice, `auto` policy, `update_firmware`). `installer`: 'auto'
   * (default; detects in the packaged app only), 'none', 'command:<absolute path>'.
   * `requireRendererHeartbeat` (default true): a shell without a screen passes false.
   */
  firmware?: FirmwareRuntimeOptions | undefined;
  /**
   * Downloads (firmware, content) from loopback/private addresses. Default: allowed only while the
   * hub itself is on loopback (the local simulator); link-local and metadata addresses never are.
   */
  allowPrivateDownloads?: boolean | undefined;
  /**
   * Where HTTP_PROXY / HTTPS_PROXY / NO_PROXY (and lower-case) are read from: the shells pass
   * process.env. Absent = no proxy. Hub calls and downloads honour it (docs/PROTOCOL.md#outbound-proxy).
   */
  proxyEnv?: ProxyEnv | undefined;
}

/** Every setting decided: nothing downstream looks at the flags or the device file again. */
export interface ResolvedOptions {
  readonly dataDir: string;
  readonly appVersion: string;
  readonly entryUrl: string;
  /** Shown until the cloud names the device, and sent with Register Device. */
  readonly localName: string | undefined;
  readonly claimDomain: string | undefined;
  /** Hardware identity fields configured by flags or the device file (the rest is generated once). */
  readonly hardware: Readonly<Omit<HardwareOptions, 'name'>>;
  /** A fixed telemetry period; undefined = the cloud config's `telemetry.interval_sec`. */
  readonly telemetryIntervalSec: number | undefined;
  readonly hubTimeoutMs: number | undefined;
  readonly bootId: string;
  readonly systemReboot: boolean;
  readonly firmware: Readonly<FirmwareRuntimeOptions>;
  readonly requireHeartbeat: boolean;
  /** Explicit choice for loopback/private download addresses; undefined = decided by the hub's address. */
  readonly allowPrivateDownloads: boolean | undefined;
  /** The proxy variables only, copied once at start. */
  readonly proxyEnv: ProxyEnv;
}

/** The process-wide dependencies the shell passes (or the real ones). */
export interface RuntimeEnv {
  readonly appVersion: string;
  readonly clock: Clock;
  readonly random: Random;
  /** The root logger (secrets are registered on it). */
  readonly rootLogger: RootLogger;
  /** The agent's scope of it. */
  readonly logger: ReturnType<RootLogger['child']>;
}

export function resolveRuntimeOptions(o: KioskRuntimeOptions): ResolvedOptions {
  const file = readDeviceFile(o.dataDir, o.deviceConfigPath);
  const flags = o.hardware ?? {};
  return Object.freeze({
    dataDir: o.dataDir,
    appVersion: o.appVersion,
    entryUrl: o.entryUrl ?? file.entry_url ?? DEFAULT_ENTRY_URL,
    localName: flags.name ?? file.name,
    claimDomain: o.claimDomain ?? file.claim_domain,
    hardware: Object.freeze(configuredHardware(flags, file)),
    telemetryIntervalSec: o.telemetryIntervalSec,
    hubTimeoutMs: o.hubTimeoutMs,
    bootId: o.bootId ?? readBootId(),
    systemReboot: o.systemReboot === true,
    firmware: Object.freeze({ ...(o.firmware ?? {}) }),
    requireHeartbeat: o.firmware?.requireRendererHeartbeat ?? true,
    allowPrivateDownloads: o.allowPrivateDownloads,
    proxyEnv: pickProxyEnv(o.proxyEnv),
  });
}

export function resolveRuntimeEnv(o: KioskRuntimeOptions): RuntimeEnv {
  // proxy passwords join the access key on the mask list before anything is logged
  for (const secret of proxySecrets(pickProxyEnv(o.proxyEnv))) o.logger.addSecret(secret);
  return Object.freeze({
    appVersion: o.appVersion,
    clock: o.clock ?? systemClock,
    random: o.random ?? systemRandom,
    rootLogger: o.logger,
    logger: o.logger.child('agent'),
  });
}
