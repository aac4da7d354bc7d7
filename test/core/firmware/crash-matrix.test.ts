// A kill at every record write (before and after it reaches disk), then "reboots" until things
// settle: the install target is always wholly old or wholly new, the upgrade always ends
// committed, and the command's outcome is reported once.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirmwareUpdater, type UpgradeOutcome } from '../../../app/core/firmware';
import type { FirmwareFile } from '../../../app/core/firmware/record';
import { startFileServer, type FileServer } from './helpers/file-server';
import { createFakeInstaller, createRecordStore, makeDeps, makeTempDir, payload, sha256Hex, SimulatedCrash, versionOf } from './helpers/harness';

const OLD = payload('1.0.0', 256 * 1024);
const NEW = payload('2.0.0', 256 * 1024);
const MAX_BOOTS = 10;

let files: FileServer;
beforeAll(async () => {
  files = await startFileServer('127.0.0.2');
  files.route('/fw/kiosk-2.0.0.bin', { data: NEW });
});
afterAll(() => files.close());

interface Run {
  writes: string[];
  reports: string[];
  crashes: number;
  seen: string[];
  final: string;
}

/** One device life: the agent's command is pending until it reports; every boot is a fresh updater. */
async function live(crash: { at: number; persistFirst: boolean } | null): Promise<Run> {
  const tmp = await makeTempDir();
  try {
    const staging = join(tmp.path, 'staging');
    const target = join(tmp.path, 'app.bin');
    await mkdir(staging);
    await writeFile(target, OLD);
    const store = createRecordStore();
    const writes: string[] = [];
    const write = store.write;
    store.write = (r) => (writes.push(r ? `${r.step}${r.reported ? '+reported' : ''}` : 'null'), write(r));
    if (crash) store.crashAt(crash.at, crash.persistFirst);
    const installer = createFakeInstaller(target);
    const file: FirmwareFile = { url: files.url('/fw/kiosk-2.0.0.bin'), version: '2.0.0', checksum: sha256Hex(NEW), size: NEW.length };
    const source = { kind: 'command' as const, commandId: 'cmd-9' };
    const reports: string[] = [];
    const seen: string[] = [];
    let commandPending = true;
    let crashes = 0;

    for (let boot = 0; boot < MAX_BOOTS; boot++) {
      const content = await readFile(target);
      seen.push(sha256Hex(content) === sha256Hex(OLD) ? 'old' : sha256Hex(content) === sha256Hex(NEW) ? 'new' : 'MIXED');
      const updater = createFirmwareUpdater(makeDeps({ stagingDir: staging, appVersion: versionOf(content), hubOrigin: 'http://127.0.0.1:9', store, installer }));
      const report = (what: string) => {
        reports.push(what);
        updater.markReported();
        commandPending = false;
      };
      const settle = (o: UpgradeOutcome) => {
        if (o.kind !== 'restart-pending') report(o.kind === 'installed' ? 'done' : `failed:${o.code}`);
      };
      try {
        const verdict = await updater.onStart();
        switch (verdict.kind) {
          case 'none':
            if (!commandPending) return { writes, reports, crashes, seen, final: versionOf(await readFile(target)) };
            settle(await updater.run({ source, file, exactVersionRequested: true }));
            break;
          case 'resume':
            settle(await updater.run({ source: verdict.record.source, file: verdict.record.file!, exactVersionRequested: verdict.record.exactVersionRequested ?? false }));
            break;
          case 'confirming':
            if (await updater.confirmHealthy()) report('done');
            break;
          case 'committed':
            report('done');
            break;
          case 'failed':
          case 'rolled-back':
            report(`failed:${verdict.code}`);
            break;
        }
      } catch (error) {
        if (!(error instanceof SimulatedCrash)) throw error;
        crashes++;
      }
    }
    throw new Error(`did not settle within ${MAX_BOOTS} boots: ${writes.join(' ')}`);
  } finally {
    await tmp.cleanup();
  }
}

describe('firmware crash matrix', () => {
  it('without a crash: resolve → … → commit, reported once', async () => {
    const run = await live(null);
    expect(run.writes).toEqual(['resolve', 'download', 'verify', 'stage', 'install', 'restart', 'confirm', 'commit', 'commit+reported']);
    expect(run.reports).toEqual(['done']);
    expect(run.final).toBe('2.0.0');
  });

  it('a kill at any step boundary still ends new-committed, never mixed, reported once', async () => {
    const total = (await live(null)).writes.length;
    const steps = ['resolve', 'download', 'verify', 'stage', 'install', 'restart', 'confirm', 'commit'];
    for (let at = 1; at < total; at++) {
      for (const persistFirst of [false, true]) {
        const run = await live({ at, persistFirst });
        const label = `crash ${persistFirst ? 'after' : 'before'} write #${at} (${steps[at - 1]})`;
        expect(run.crashes, label).toBe(1);
        expect(run.seen, label).not.toContain('MIXED');
        expect(run.final, label).toBe('2.0.0');
        expect(run.reports, label).toEqual(['done']);
      }
    }
  });

  it('a kill while marking the report can only repeat the same outcome, never change it', async () => {
    const total = (await live(null)).writes.length;
    const run = await live({ at: total, persistFirst: false });
    expect(run.final).toBe('2.0.0');
    expect(new Set(run.reports)).toEqual(new Set(['done']));
    expect(run.reports.length).toBeLessThanOrEqual(2);
  });
});
