import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../app/core/deps';
import { createTelemetryCollector, type TelemetryCollectorOptions } from '../../../app/core/telemetry/collect';

const MB = 1024 * 1024;
let now: number;
let clock: Clock;
let statfsCalls: number;
let thermal: string;

beforeEach(() => {
  now = Date.UTC(2024, 0, 1);
  clock = { now: () => now, sleep: async () => {} };
  statfsCalls = 0;
  thermal = fs.mkdtempSync(path.join(os.tmpdir(), 'thermal-'));
});
afterEach(() => fs.rmSync(thermal, { recursive: true, force: true }));

function zone(name: string, content: string | null) {
  fs.mkdirSync(path.join(thermal, name));
  if (content !== null) fs.writeFileSync(path.join(thermal, name, 'temp'), content);
}

function collector(extra: Partial<TelemetryCollectorOptions> = {}) {
  return createTelemetryCollector({
    appVersion: '1.2.3',
    clock,
    thermalDir: thermal,
    getRendererHealth: () => ({ lastHeartbeatAt: now - 4_500, screen: 'status' }),
    os: { loadavg: () => [0.456, 0.3, 0.2], totalmem: () => 8000 * MB, freemem: () => 2000 * MB, uptime: () => 3600.7, cpus: () => [1, 2, 3, 4] },
    process: { uptime: () => 120.9, rssBytes: () => 150.25 * MB },
    statfs: () => {
      statfsCalls++;
      return { bavail: 1000n, bsize: 4096 * 1024 };
    },
    ...extra,
  });
}

describe('telemetry collector', () => {
  it('reports the flat keys from the injected sources', () => {
    zone('thermal_zone0', '47250\n');
    const values = collector({ getDisplays: () => [{ width: 1280, height: 720 }, { width: 1920, height: 1080, primary: true }] }).collect({ configVersion: 7 });
    expect(values).toEqual({
      app_version: '1.2.3',
      uptime_s: 120,
      system_uptime_s: 3600,
      cpu_load_1m: 0.46,
      cpu_count: 4,
      mem_used_pct: 75,
      mem_free_mb: 2000,
      rss_mb: 150.3,
      disk_free_mb: 4000,
      temperature_c: 47.3,
      display_count: 2,
      display_resolution: '1920x1080',
      renderer_heartbeat_age_s: 4,
      renderer_screen: 'status',
      config_version: 7,
    });
  });

  it('omits what it cannot read instead of guessing', () => {
    zone('thermal_zone0', null);
    zone('thermal_zone1', 'garbage');
    const values = collector({
      getRendererHealth: () => ({ lastHeartbeatAt: null, screen: null }),
      statfs: () => {
        throw new Error('EACCES');
      },
    }).collect();
    for (const key of ['temperature_c', 'disk_free_mb', 'display_count', 'display_resolution', 'renderer_heartbeat_age_s', 'renderer_screen', 'config_version']) {
      expect(values).not.toHaveProperty(key);
    }
  });

  it('finds the first readable thermal zone once, then reads only it', () => {
    zone('thermal_zone10', '90000');
    zone('thermal_zone2', '40000');
    const reads: string[] = [];
    const dirReads: string[] = [];
    const c = collector({
      readFile: (file) => {
        reads.push(path.basename(path.dirname(file)));
        return fs.readFileSync(file, 'utf8');
      },
      readDir: (dir) => {
        dirReads.push(dir);
        return fs.readdirSync(dir);
      },
    });
    expect(c.collect().temperature_c).toBe(40);
    fs.writeFileSync(path.join(thermal, 'thermal_zone2', 'temp'), '41000');
    now += 10_000;
    expect(c.collect().temperature_c).toBe(41);
    expect(dirReads).toHaveLength(1);
    expect(reads.every((r) => r === 'thermal_zone2')).toBe(true);
  });

  it('refreshes disk space at most once a minute', () => {
    const c = collector();
    c.collect();
    now += 30_000;
    c.collect();
    expect(statfsCalls).toBe(1);
    now += 30_000;
    c.collect();
    expect(statfsCalls).toBe(2);
  });

  it('reads installed memory once per 10 minutes, and again when it changed by then', () => {
    let total = 8000 * MB;
    let reads = 0;
    const c = collector({ os: { loadavg: () => [0.1], totalmem: () => (reads++, total), freemem: () => 2000 * MB, uptime: () => 1, cpus: () => [1] } });
    expect(c.collect().mem_used_pct).toBe(75);
    now += 9 * 60_000;
    total = 4000 * MB; // hot-plugged away: seen at the next refresh, not before
    expect(c.collect().mem_used_pct).toBe(75);
    expect(reads).toBe(1);
    now += 60_000;
    expect(c.collect().mem_used_pct).toBe(50);
    expect(reads).toBe(2);
  });

  it('reads the load average once per 5 s, the period the kernel updates it', () => {
    let load = 0.5;
    let reads = 0;
    const c = collector({ os: { loadavg: () => (reads++, [load]), totalmem: () => 8000 * MB, freemem: () => 2000 * MB, uptime: () => 1, cpus: () => [1] } });
    expect(c.collect().cpu_load_1m).toBe(0.5);
    now += 4_999;
    load = 0.75;
    expect(c.collect().cpu_load_1m).toBe(0.5);
    expect(reads).toBe(1);
    now += 1;
    expect(c.collect().cpu_load_1m).toBe(0.75);
    expect(reads).toBe(2);
  });

  it('reads the system uptime once per 10 minutes, counting on with the clock in between', () => {
    let uptime = 3600.7;
    let reads = 0;
    const c = collector({ os: { loadavg: () => [0.1], totalmem: () => 8000 * MB, freemem: () => 2000 * MB, uptime: () => (reads++, uptime), cpus: () => [1] } });
    expect(c.collect().system_uptime_s).toBe(3600);
    now += 5_300;
    uptime += 5.3;
    expect(c.collect().system_uptime_s).toBe(3606);
    expect(reads).toBe(1);
    now += 10 * 60_000 - 5_300;
    uptime = 30; // the machine rebooted behind a suspended process: seen at the refresh
    expect(c.collect().system_uptime_s).toBe(30);
    expect(reads).toBe(2);
  });

  it('reads the system uptime again at once when the clock went back', () => {
    let reads = 0;
    const c = collector({ os: { loadavg: () => [0.1], totalmem: () => 8000 * MB, freemem: () => 2000 * MB, uptime: () => (reads++, 500.2), cpus: () => [1] } });
    expect(c.collect().system_uptime_s).toBe(500);
    now -= 60 * 60_000;
    expect(c.collect().system_uptime_s).toBe(500);
    expect(reads).toBe(2);
  });

  it('works against the real machine with no injected readers', () => {
    const values = createTelemetryCollector({ appVersion: '1.0.0', clock, dataDir: os.tmpdir(), getRendererHealth: () => ({ lastHeartbeatAt: null, screen: null }), getConfigVersion: () => 0 }).collect();
    expect(values.app_version).toBe('1.0.0');
    expect(values.config_version).toBe(0);
    expect(typeof values.disk_free_mb).toBe('number');
    expect(typeof values.cpu_count).toBe('number');
  });
});
