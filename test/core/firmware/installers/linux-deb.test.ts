// The app side of deb self-update against a real spool directory. Each poll's sleep lets a small
// stand-in service answer the request the way /usr/libexec/xyte-kiosk/install-deb does (the real
// service is run against this installer in test/packaging/deb-self-update.test.ts).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFirmwareError, LAUNCHER_MARKERS } from '../../../../app/core/firmware';
import { createDebInstaller, type DebInstallerOptions } from '../../../../app/core/firmware/installers/linux-deb';
import { makeTempDir } from '../helpers/harness';

let tmp: { path: string; cleanup: () => Promise<void> };
let spool: string;
let resultFile: string;
let markers: string;
let staged: string;
let requests: string[];
let sleeps: number;

beforeEach(async () => {
  tmp = await makeTempDir();
  spool = join(tmp.path, 'spool');
  resultFile = join(tmp.path, 'last-result');
  markers = join(tmp.path, 'data');
  staged = join(tmp.path, 'staged.deb');
  await mkdir(spool);
  await mkdir(markers);
  await writeFile(staged, 'a verified package');
  requests = [];
  sleeps = 0;
});
afterEach(() => tmp.cleanup());

type Answer = (request: Map<string, string>) => string | null;

/** Runs `answer` for every request in the spool at each poll, as the path unit would. */
function installer(answer: Answer | null, extra: Partial<DebInstallerOptions> = {}) {
  let n = 0;
  return createDebInstaller({
    spoolDir: spool,
    resultFile,
    markerDir: markers,
    waitMs: 10_000,
    pollMs: 1000,
    newId: () => `req-${++n}`,
    sleep: async () => {
      sleeps++;
      if (!answer) return;
      for (const name of (await readdir(spool)).filter((f) => f.endsWith('.request'))) {
        const text = await readFile(join(spool, name), 'utf8');
        requests.push(text);
        const fields = new Map(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]));
        const reply = answer(fields);
        if (reply === null) continue;
        await rm(join(spool, name));
        await writeFile(resultFile, `id=${fields.get('id')}\naction=${fields.get('action')}\n${reply}`);
      }
    },
    ...extra,
  });
}

const exists = async (p: string) => readFile(p).then(() => true, () => false);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('deb installer', () => {
  it('stages a copy in the spool, asks the service with its sha256, version and signature, and waits for ok', async () => {
    let stagedCopy = '';
    const deb = installer((req) => {
      stagedCopy = join(spool, req.get('file')!);
      return 'status=ok\nversion=2.0.0~rc.1\nprevious=1.0.0\nmessage=installed 2.0.0~rc.1\n';
    });
    const signature = 'ab'.repeat(128); // hex from the hub, base64 for the service
    await expect(deb.install(staged, '2.0.0-rc.1', { signature })).resolves.toEqual({ kind: 'restart-required' });
    expect(requests).toEqual([
      `id=req-1\naction=install\nfile=xyte-kiosk-req-1.deb\nsha256=${sha256('a verified package')}\nversion=2.0.0~rc.1\nsignature=${Buffer.from(signature, 'hex').toString('base64')}\n`,
    ]);
    expect(await readFile(stagedCopy, 'utf8')).toBe('a verified package');
    expect(await readFile(join(markers, LAUNCHER_MARKERS.pending), 'utf8')).toBe('2.0.0-rc.1\n');
  });

  it('ignores another request\'s result until its own arrives', async () => {
    await writeFile(resultFile, 'id=older\nstatus=ok\n');
    let polls = 0;
    const deb = installer(() => (++polls < 3 ? null : 'status=ok\n'));
    await expect(deb.install(staged, '2.0.0')).resolves.toEqual({ kind: 'restart-required' });
    expect(polls).toBe(3);
  });

  it('reports the service\'s refusal and disarms the launcher', async () => {
    const deb = installer(() => 'status=failed\nmessage=refused: the signature does not verify with /etc/xyte-kiosk/update-key.pem\n');
    const error = await deb.install(staged, '2.0.0').catch((e: unknown) => e);
    expect(isFirmwareError(error) && error.code).toBe('install-failed');
    expect(String(error)).toMatch(/the update service did not install: refused: the signature does not verify/);
    expect(await exists(join(markers, LAUNCHER_MARKERS.pending))).toBe(false);
  });

  it('withdraws the request and the package when no service picks them up, after a bounded wait', async () => {
    const deb = installer(null);
    await expect(deb.install(staged, '2.0.0')).rejects.toThrow(/did not pick up the request; is xyte-kiosk-update.path enabled\?/);
    expect(sleeps).toBe(10);
    expect(await readdir(spool)).toEqual([]);
    expect(await exists(join(markers, LAUNCHER_MARKERS.pending))).toBe(false);
  });

  it('says so when the service took the request but never answered', async () => {
    const deb = installer((req) => {
      void req;
      return null;
    }, { sleep: async () => {
      sleeps++;
      for (const name of await readdir(spool)) if (name.endsWith('.request')) await rm(join(spool, name));
    } });
    await expect(deb.install(staged, '2.0.0')).rejects.toThrow(/took the request but gave no result in time; see journalctl -u xyte-kiosk-update/);
  });

  it('fails clearly when the spool is not writable, leaving nothing behind', async () => {
    const deb = installer(() => 'status=ok\n', { spoolDir: join(tmp.path, 'missing') });
    await expect(deb.install(staged, '2.0.0')).rejects.toThrow(/cannot stage the package in the update spool \(ENOENT\); is the kiosk user in group xyte-kiosk\?/);
    expect(await exists(join(markers, LAUNCHER_MARKERS.pending))).toBe(false);
  });

  it('rolls back through the service, and says why when it cannot', async () => {
    await writeFile(join(markers, LAUNCHER_MARKERS.pending), '2.0.0\n');
    await installer(() => 'status=ok\nmessage=rolled back from 2.0.0 to 1.0.0\n').rollback();
    expect(requests).toEqual(['id=req-1\naction=rollback\n']);
    expect(await exists(join(markers, LAUNCHER_MARKERS.pending))).toBe(false);

    await rm(resultFile);
    const error = await installer(() => 'status=failed\nmessage=no previous package kept to roll back to\n').rollback().catch((e: unknown) => e);
    expect(isFirmwareError(error) && error.code).toBe('rollback-failed');
    expect(String(error)).toMatch(/did not roll back: no previous package kept/);
  });

  it('confirm tells the launcher the new version is healthy', async () => {
    await writeFile(join(markers, LAUNCHER_MARKERS.pending), '2.0.0\n');
    await installer(null).confirm!();
    expect(await readFile(join(markers, LAUNCHER_MARKERS.confirmed), 'utf8')).toBe('confirmed\n');
    expect(await exists(join(markers, LAUNCHER_MARKERS.pending))).toBe(false);
  });

  it('reports the service\'s last result after a restart, and nothing when there is none', async () => {
    expect(await installer(null).lastReport!()).toBeNull();
    await writeFile(resultFile, 'id=launcher-1-2\naction=rollback\nstatus=ok\nmessage=rolled back from 2.0.0 to 1.0.0\n');
    expect(await installer(null).lastReport!()).toBe('update service rollback ok: rolled back from 2.0.0 to 1.0.0');
  });

  it('keeps the number of polls bounded whatever wait and poll values it is given', async () => {
    for (const [waitMs, pollMs] of [[Number.POSITIVE_INFINITY, 0], [Number.NaN, Number.NaN], [-5, -5], [1e15, 1]] as const) {
      sleeps = 0;
      const seen: number[] = [];
      const deb = installer(null, { waitMs, pollMs, sleep: async (ms) => {
        seen.push(ms);
        if (++sleeps > 3) await writeFile(resultFile, 'id=req-1\nstatus=failed\nmessage=stop\n');
      } });
      await expect(deb.install(staged, '2.0.0')).rejects.toThrow();
      expect(seen.every((ms) => Number.isFinite(ms) && ms >= 1 && ms <= 60_000)).toBe(true);
    }
  });
});
