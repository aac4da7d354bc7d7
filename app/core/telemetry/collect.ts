// The device's own telemetry keys. Runs every tick (as often as every 5 s) on small kiosk PCs, so it
// must stay cheap: no child processes, no heavy libraries, and slow reads (disk space, thermal zone
// discovery) are cached. Keys that cannot be read are left out rather than sent as guesses.
import { readFileSync, readdirSync, statfsSync } from 'node:fs';
import nodeOs from 'node:os';
import type { Clock } from '../deps';
import type { TelemetryValue } from '../hub';
import { readProcessRss } from './process-rss';
import { sanitizeTelemetry } from './sanitize';

export interface OsInfo {
  loadavg(): number[];
  totalmem(): number;
  freemem(): number;
  uptime(): number;
  cpus(): unknown[];
  availableParallelism?(): number;
}

export interface ProcessInfo {
  uptime(): number;
  rssBytes(): number;
}

export interface DiskSpace {
  bavail: number | bigint;
  bsize: number | bigint;
}

export interface DisplayInfo {
  width: number;
  height: number;
  primary?: boolean;
}

export interface RendererHealth {
  lastHeartbeatAt: number | null;
  screen: string | null;
}

export interface TelemetryCollectorOptions {
  appVersion: string;
  clock: Clock;
  getRendererHealth: () => RendererHealth;
  /** Displays as the Electron shell sees them; absent or null = unknown (keys omitted). */
  getDisplays?: (() => DisplayInfo[] | null) | undefined;
  getConfigVersion?: () => number;
  /** Directory whose file system's free space is reported (the data dir). */
  dataDir?: string;
  readFile?: (path: string) => string;
  readDir?: (path: string) => string[];
  statfs?: (path: string) => DiskSpace;
  os?: OsInfo;
  process?: ProcessInfo;
  thermalDir?: string;
}

export interface TelemetryCollector {
  /** A new map on every call: the caller owns it and may extend it. */
  collect(extra?: { configVersion?: number }): Record<string, TelemetryValue>;
}

const MB = 1024 * 1024;
const DISK_REFRESH_MS = 60_000;
const TEMPERATURE_REFRESH_MS = 10_000;
// Installed memory only changes with hot-plug (virtual machines); libuv re-reads /proc/meminfo on
// every call, so it is read every 10 minutes rather than every tick.
const TOTAL_MEMORY_REFRESH_MS = 10 * 60_000;
// The kernel recomputes the load averages every 5 s (LOAD_FREQ): reading them more often returns
// the same numbers.
const LOAD_REFRESH_MS = 5_000;
// The system uptime only counts on: libuv reads /proc/uptime on every call, so it is read every 10
// minutes and counted on with the clock in between (re-read at once when the clock went back).
const SYSTEM_UPTIME_REFRESH_MS = 10 * 60_000;

export function createTelemetryCollector(options: TelemetryCollectorOptions): TelemetryCollector {
  const os = options.os ?? nodeOs;
  const proc = options.process ?? { uptime: () => process.uptime(), rssBytes: readProcessRss };
  const cpuCount = os.availableParallelism?.() ?? os.cpus().length;
  const readDisk = cached(options.clock, DISK_REFRESH_MS, () => readDiskFreeMb(options));
  const readTemperature = cached(options.clock, TEMPERATURE_REFRESH_MS, createTemperatureReader(options));
  const readTotalMemory = cached(options.clock, TOTAL_MEMORY_REFRESH_MS, () => os.totalmem());
  const readLoad = cached(options.clock, LOAD_REFRESH_MS, () => os.loadavg()[0] ?? 0);
  const readUptimeAnchor = cached(options.clock, SYSTEM_UPTIME_REFRESH_MS, () => ({ uptimeSec: os.uptime(), atMs: options.clock.now() }));

  return {
    collect(extra = {}) {
      const now = options.clock.now();
      const total = readTotalMemory();
      const free = os.freemem();
      const health = options.getRendererHealth();
      const anchor = readUptimeAnchor();
      const configVersion = extra.configVersion ?? options.getConfigVersion?.();
      const values: Record<string, unknown> = {
        app_version: options.appVersion,
        uptime_s: Math.floor(proc.uptime()),
        system_uptime_s: Math.floor(anchor.uptimeSec + (now - anchor.atMs) / 1000),
        cpu_load_1m: round(readLoad(), 2),
        cpu_count: cpuCount,
        mem_used_pct: total > 0 ? round(((total - free) / total) * 100, 1) : undefined,
        mem_free_mb: Math.floor(free / MB),
        rss_mb: round(proc.rssBytes() / MB, 1),
        disk_free_mb: readDisk(),
        temperature_c: readTemperature(),
        ...displayValues(options.getDisplays?.() ?? null),
        renderer_heartbeat_age_s: health.lastHeartbeatAt === null ? undefined : Math.max(0, Math.floor((now - health.lastHeartbeatAt) / 1000)),
        renderer_screen: health.screen ?? undefined,
        config_version: configVersion,
      };
      return sanitizeTelemetry(values);
    },
  };
}

function displayValues(displays: DisplayInfo[] | null): Record<string, unknown> {
  if (!displays) return {};
  const main = displays.find((display) => display.primary) ?? displays[0];
  return {
    display_count: displays.length,
    display_resolution: main ? `${Math.round(main.width)}x${Math.round(main.height)}` : undefined,
  };
}

function readDiskFreeMb(options: TelemetryCollectorOptions): number | undefined {
  const statfs = options.statfs ?? ((path: string) => statfsSync(path));
  try {
    const stats = statfs(options.dataDir ?? nodeOs.homedir());
    return Math.floor((Number(stats.bavail) * Number(stats.bsize)) / MB);
  } catch {
    return undefined;
  }
}

/** Finds the first readable thermal zone once; afterwards only that one file is read. */
function createTemperatureReader(options: TelemetryCollectorOptions): () => number | undefined {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const readDir = options.readDir ?? ((path: string) => readdirSync(path));
  const thermalDir = options.thermalDir ?? '/sys/class/thermal';
  let zonePath: string | null | undefined; // undefined = not yet discovered, null = none

  const readZone = (path: string): number | undefined => {
    try {
      const milli = Number.parseInt(readFile(path).trim(), 10);
      return Number.isFinite(milli) ? round(milli / 1000, 1) : undefined;
    } catch {
      return undefined;
    }
  };

  const discover = (): string | null => {
    let zones: string[];
    try {
      zones = readDir(thermalDir).filter((name) => name.startsWith('thermal_zone')).sort(byZoneNumber);
    } catch {
      return null;
    }
    return zones.map((zone) => `${thermalDir}/${zone}/temp`).find((path) => readZone(path) !== undefined) ?? null;
  };

  return () => {
    if (zonePath === undefined) zonePath = discover();
    return zonePath === null ? undefined : readZone(zonePath);
  };
}

function byZoneNumber(a: string, b: string): number {
  return Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, ''));
}

/** Calls `read` at most once per `ttlMs`, returning the previous value in between. */
function cached<T>(clock: Clock, ttlMs: number, read: () => T): () => T {
  let value: T;
  let readAt = Number.NEGATIVE_INFINITY;
  return () => {
    const now = clock.now();
    if (now - readAt >= ttlMs || now < readAt) {
      value = read();
      readAt = now;
    }
    return value;
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
