// Deb self-update end to end in a scratch root: the app's deb installer (no root rights involved in
// its code) stages a package in the spool; the real root service, build/deb/install-deb, run the way
// xyte-kiosk-update.path would run it, verifies it, keeps the installed package (rebuilt from the
// dpkg database) and installs with dpkg --root; the app reads the result. Then both rollbacks: the
// app's (a version that never confirms) and the launcher's boot counter (a version that cannot even
// start far enough). Runs as root (CI does): dpkg --root needs chroot(2).
import { execFile, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDebInstaller } from '../../app/core/firmware/installers/linux-deb';
import { APP, buildDeb, dpkgRoot, installedVersion, isRoot, launchInRoot, makeScratchRoot } from './deb-helpers';
import { buildLinuxDir, repo, type LinuxDirBuild } from './linux-dir';

const run = promisify(execFile);
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
let build: LinuxDirBuild | undefined;
let v1: string;
let v2: string;
let root: string;
let staging: string;

const at = (p: string) => path.join(root, p);
const spool = () => at('var/spool/xyte-kiosk');
const dataDir = () => at('home/kiosk/.config/xyte-kiosk');

beforeAll(async () => {
  if (!isRoot()) return;
  build = await buildLinuxDir('xyte-deb-update-');
  v1 = await buildDeb(build, '1.0.0');
  v2 = await buildDeb(build, '1.1.0');
  root = await mkdtemp(path.join(os.tmpdir(), 'xyte-update-root-'));
  staging = path.join(build.work, 'app-staging');
  await mkdir(staging);
  await makeScratchRoot(root);
  await dpkgRoot(root, '-i', v1);
  await mkdir(at('etc/xyte-kiosk'), { recursive: true });
  await writeFile(at('etc/xyte-kiosk/update-key.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
  await mkdir(dataDir(), { recursive: true });
}, 120_000);

afterAll(async () => {
  await build?.remove();
  if (root) await rm(root, { recursive: true, force: true });
});

/** The root service once, as the path unit starts it when a request appears. */
async function runService(): Promise<void> {
  await run('/bin/sh', [path.join(repo, 'build/deb/install-deb')], {
    env: {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      XYTE_DPKG_ROOT: root,
      XYTE_SPOOL_DIR: spool(),
      XYTE_STATE_DIR: at('var/lib/xyte-kiosk'),
      XYTE_UPDATE_KEY: at('etc/xyte-kiosk/update-key.pem'),
      XYTE_UPDATE_CONF: at('etc/xyte-kiosk/update.conf'),
    },
    maxBuffer: 8 * 1024 * 1024,
  });
}

async function pendingRequests(): Promise<string[]> {
  return (await readdir(spool())).filter((f) => f.endsWith('.request'));
}

/** The app's installer; each of its polls lets the "path unit" start the service when a request waits. */
function appInstaller() {
  return createDebInstaller({
    spoolDir: spool(),
    resultFile: at('var/lib/xyte-kiosk/last-result'),
    markerDir: dataDir(),
    waitMs: 60_000,
    pollMs: 100,
    sleep: async () => {
      if ((await pendingRequests()).length > 0) await runService();
    },
  });
}

/** What the app's firmware pipeline hands the installer: its verified download and the hub's signature. */
async function downloaded(deb: string, name: string, tamper = false): Promise<{ file: string; signature: string }> {
  const file = path.join(staging, name);
  await copyFile(deb, file);
  const signature = sign('sha256', await readFile(deb), keys.privateKey).toString('hex');
  if (tamper) await writeFile(file, Buffer.concat([await readFile(deb), Buffer.from('tampered')]));
  return { file, signature };
}

const contents = async (deb: string) =>
  (await run('dpkg-deb', ['--contents', deb], { maxBuffer: 8 * 1024 * 1024 })).stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^(\S+) (\S+)\s+\d+ \S+ \S+ /, '$1 $2 '))
    .sort();
const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
const lastResult = () => readFile(at('var/lib/xyte-kiosk/last-result'), 'utf8');

/** The installed launcher in the background (a rollback waits for the service). */
function launchAsync(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('/usr/sbin/chroot', [root, '/bin/sh', `${APP}/resources/launcher/xyte-kiosk-launcher.sh`, '--kiosk'], {
      env: { PATH: '/usr/bin:/bin', HOME: '/home/kiosk', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

// dpkg runs take seconds on a loaded 2-core machine: generous per-test bounds
describe.skipIf(!isRoot())('deb self-update through the root service (scratch root, needs root)', { timeout: 120_000 }, () => {
  it('installs a signed package the app staged, keeping the installed one rebuilt for rollback', async () => {
    const { file, signature } = await downloaded(v2, 'xyte-kiosk_1.1.0.deb');
    await expect(appInstaller().install(file, '1.1.0', { signature })).resolves.toEqual({ kind: 'restart-required' });
    expect(installedVersion(root)).toBe('1.1.0');
    expect(launchInRoot(root).stdout.trim()).toBe('xyte-kiosk 1.1.0 --kiosk');
    expect(await lastResult()).toMatch(/^status=ok$/m);
    expect(await sha256(at('var/lib/xyte-kiosk/packages/current.deb'))).toBe(await sha256(v2));
    // the manual 1.0.0 install had no kept package: the service rebuilt it with the same files (as
    // installed: chrome-sandbox carries the setuid bit the postinst gave it, and decides again)
    const rebuilt = (await contents(at('var/lib/xyte-kiosk/packages/previous.deb'))).map((l) => l.replace(/^-rwsr-xr-x (.*\/chrome-sandbox)$/, '-rwxr-xr-x $1'));
    expect(rebuilt).toEqual(await contents(v1));
    expect(await readFile(path.join(dataDir(), 'upgrade-pending'), 'utf8')).toBe('1.1.0\n');
    expect(await readdir(spool())).toEqual([]);
  });

  it('refuses a package whose bytes do not match the hub signature, whatever the app says', async () => {
    const { file, signature } = await downloaded(v1, 'xyte-kiosk_1.0.0.deb', true);
    await expect(appInstaller().install(file, '1.0.0', { signature })).rejects.toThrow(/the update service did not install: refused: the signature does not verify/);
    expect(installedVersion(root)).toBe('1.1.0');
    expect(await readdir(spool())).toEqual([]);
  });

  it('rolls back to the kept package when the app asks (the new version never confirmed)', async () => {
    await appInstaller().rollback();
    expect(installedVersion(root)).toBe('1.0.0');
    expect(launchInRoot(root).stdout.trim()).toBe('xyte-kiosk 1.0.0 --kiosk');
    expect(await lastResult()).toMatch(/^message=rolled back from 1\.1\.0 to 1\.0\.0$/m);
  });

  it('rolls back through the launcher\'s boot counter when the new version cannot confirm at all', async () => {
    const { file, signature } = await downloaded(v2, 'xyte-kiosk_1.1.0.deb');
    await appInstaller().install(file, '1.1.0', { signature });
    expect(installedVersion(root)).toBe('1.1.0');
    const env = { XYTE_MAX_UNCONFIRMED: '1', XYTE_ROLLBACK_WAIT: '60' };
    expect(launchInRoot(root, env).stdout.trim()).toBe('xyte-kiosk 1.1.0 --kiosk'); // first unconfirmed start
    const second = launchAsync(env);
    for (let i = 0; i < 600 && (await pendingRequests()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await readFile(path.join(spool(), (await pendingRequests())[0]!), 'utf8')).toMatch(/^action=rollback$/m);
    await runService();
    const started = await second;
    expect(started.stdout.trim()).toBe('xyte-kiosk 1.0.0 --kiosk');
    expect(started.stderr).toMatch(/rolled back from 1\.1\.0 to 1\.0\.0/);
    expect(installedVersion(root)).toBe('1.0.0');
    expect(await readFile(path.join(dataDir(), 'upgrade-rolled-back'), 'utf8')).toBe('1.1.0\n');
    // what the app (1.0.0 again) reads after the restart to report the update_firmware command
    expect(await appInstaller().lastReport!()).toBe('update service rollback ok: rolled back from 1.1.0 to 1.0.0');
  });
});
