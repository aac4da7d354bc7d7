// Kills a writer at random points and checks that every fresh open sees a valid, complete state,
// never an older generation than the writer had confirmed. SIGKILL leaves the page cache intact,
// so this proves there is no window in which a file is missing, empty or half-written. Every
// DAMAGE_EVERY kills the test also truncates one main file (what a failing disk could do) to
// exercise the restore path under the same load.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeviceStateStore } from '../../../app/core/state/device-state-store';
import { IDENTITY_FILE, openIdentityStore } from '../../../app/core/state/identity-store';
import { accessKeyFor, seededRandom } from './power-loss-shared';
import type { LogRecord } from '../../../app/core/log/logger';
import { makeTempDir, recordingLogger, recordsAt, removeDir } from './helpers';

const KILLS = 200;
const MAX_DELAY_MS = 30;
const SEED = 20250101;
const DAMAGE_EVERY = 8;
const here = path.dirname(fileURLToPath(import.meta.url));

let workDir: string;
let childScript: string;
beforeAll(async () => {
  workDir = makeTempDir('kiosk-power-loss-');
  childScript = path.join(workDir, 'child.mjs');
  await build({
    entryPoints: [path.join(here, 'power-loss-child.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // bundled CommonJS dependencies (ajv) call require(); give the ESM bundle one
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
});
afterAll(() => removeDir(workDir));

interface ChildRun {
  /** Last generation both stores accepted. */
  confirmed: number;
  /** Warnings/errors the child's own stores logged (restores it did when opening). */
  logs: LogRecord[];
}

/**
 * Runs the child and kills it `delayMs` after it printed `from` ('start': before it opened the
 * stores, so kills land in crash recovery too; 'ready': in the write loop; 'written': after its
 * first confirmed generation, so the state advances however slow the machine's fsync is).
 * Resolves with the last generation it confirmed.
 */
type KillPoint = 'start' | 'ready' | 'written';
function runAndKill(stateDir: string, seed: number, from: KillPoint, delayMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, stateDir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!timer && reached(out.split('\n'), from)) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed (${signal ?? _code}): ${err}`));
      const lines = out.split('\n');
      const confirmed = lines.filter((line) => /^\d+$/.test(line)).map(Number);
      const logs = lines.filter((line) => line.startsWith('log ')).map((line) => JSON.parse(line.slice(4)) as LogRecord);
      resolve({ confirmed: confirmed.length ? Math.max(...confirmed) : 0, logs });
    });
  });
}

function reached(lines: string[], point: KillPoint): boolean {
  return point === 'written' ? lines.some((line) => /^\d+$/.test(line)) : lines.includes(point);
}

/** Every fourth kill lands before the stores open, every fourth after a confirmed write. */
function killPointFor(kill: number): KillPoint {
  return (['start', 'ready', 'written', 'ready'] as const)[kill % 4] ?? 'ready';
}

describe('power loss', () => {
  it(`survives ${KILLS} SIGKILLs at random points with valid, monotonic state`, async () => {
    const stateDir = path.join(workDir, 'state');
    const random = seededRandom(SEED);
    // Lowest generation each store may show: what a child confirmed, or what we saw before.
    let identityFloor = 0;
    let deviceFloor = 0;
    const restores = new Map<string, number>();
    let backupRefreshes = 0;
    let killedBeforeFirstWrite = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const run = await runAndKill(stateDir, SEED + kill, killPointFor(kill), Math.floor(random() * (MAX_DELAY_MS + 1)));
      const childConfirmed = run.confirmed;
      if (childConfirmed === 0) killedBeforeFirstWrite++;
      identityFloor = Math.max(identityFloor, childConfirmed);
      deviceFloor = Math.max(deviceFloor, childConfirmed);

      const logger = recordingLogger();
      const identity = openIdentityStore({ dir: stateDir, logger }).load(); // throws if unusable
      const device = openDeviceStateStore({ dir: stateDir, logger });
      const state = device.get();
      expect(device.openedFrom).not.toBe('defaults-after-corruption');
      const records = [...run.logs, ...logger.recent()];
      expect(records.filter((record) => record.level === 'error')).toEqual([]);
      for (const warning of records.filter((record) => record.level === 'warn')) {
        const reason = `${path.basename(String(warning.fields?.file))}: ${String(warning.fields?.problem).replace(/\d+ bytes/, 'n bytes')}`;
        restores.set(reason, (restores.get(reason) ?? 0) + 1);
      }
      backupRefreshes += recordsAt(logger, 'info').filter((r) => r.message.includes('backup refreshed')).length;

      if (identityFloor > 0) {
        expect(identity).not.toBeNull(); // never lost once written
        const identityGen = Number(identity?.registeredAt);
        expect(identity?.accessKey).toBe(accessKeyFor(identityGen)); // never a mix of two writes
        expect(identityGen).toBeGreaterThanOrEqual(identityFloor);
        identityFloor = identityGen;
      }
      expect(state.configVersion).toBeGreaterThanOrEqual(deviceFloor);
      if (state.configVersion > 0) {
        expect(state.config).toMatchObject({ gen: state.configVersion });
        expect(state.latestVer).toBe(`1.0.${state.configVersion}`);
      }
      deviceFloor = state.configVersion;

      if (kill % DAMAGE_EVERY === DAMAGE_EVERY - 1 && identityFloor >= 2) {
        // A disk that lost the tail of a file despite fsync: the next open must restore the backup.
        const damageIdentity = (kill / DAMAGE_EVERY) % 2 < 1;
        const target = path.join(stateDir, damageIdentity ? IDENTITY_FILE : 'device-state.json');
        fs.truncateSync(target, Math.floor(random() * fs.statSync(target).size));
        // The identity backup is the previous generation; the device-state backup is the newest.
        if (damageIdentity) identityFloor -= 1;
      }
    }
    const restoreCount = [...restores.values()].reduce((a, b) => a + b, 0);
    console.log(
      `power-loss: ${KILLS} kills, ${deviceFloor} generations written, ${restoreCount} restores from backup ` +
        `${JSON.stringify(Object.fromEntries(restores))}, ${backupRefreshes} backup refreshes, ` +
        `${killedBeforeFirstWrite} children killed before their first confirmed write`,
    );
    expect(deviceFloor).toBeGreaterThan(0);
    expect(restoreCount).toBeGreaterThan(0);
  }, 600_000); // 200 node starts: generous for a loaded machine; the work itself is bounded
});
