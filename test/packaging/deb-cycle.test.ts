// install → reinstall → upgrade → remove → purge of the real .deb into a scratch root (dpkg --root;
// the maintainer scripts run chrooted there, see deb-helpers.ts), checking the files, the
// maintainer scripts' effects and the launcher's behaviour after each step. Runs as root (CI does):
// dpkg --root needs chroot(2).
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, buildDeb, dpkgRoot, fakeToolLog, installedVersion, isRoot, launchInRoot, makeScratchRoot } from './deb-helpers';
import { buildLinuxDir, type LinuxDirBuild } from './linux-dir';

let build: LinuxDirBuild | undefined;
let v1: string;
let v2: string;
let root: string;

const at = (p: string) => path.join(root, p);
const groupLines = async () => (await readFile(at('etc/group'), 'utf8')).split('\n').filter((l) => l.startsWith('xyte-kiosk:'));
const userData = '/home/kiosk/.config/xyte-kiosk/device.json';

beforeAll(async () => {
  if (!isRoot()) return;
  build = await buildLinuxDir('xyte-deb-cycle-');
  v1 = await buildDeb(build, '1.0.0');
  v2 = await buildDeb(build, '1.1.0');
  root = await mkdtemp(path.join(os.tmpdir(), 'xyte-root-'));
  await makeScratchRoot(root);
}, 120_000);

afterAll(async () => {
  await build?.remove();
  if (root) await rm(root, { recursive: true, force: true });
});

// dpkg runs take seconds on a loaded 2-core machine: generous per-test bounds
describe.skipIf(!isRoot())('the .deb in a scratch root (needs root for dpkg --root)', { timeout: 120_000 }, () => {
  it('install: files in place, group + spool created, units enabled, the launcher starts the app', async () => {
    await dpkgRoot(root, '-i', v1);
    expect(installedVersion(root)).toBe('1.0.0');
    expect(await readlink(at('usr/bin/xyte-kiosk'))).toBe(`${APP}/xyte-kiosk`);
    expect(existsSync(at('etc/xdg/autostart/xyte-kiosk.desktop'))).toBe(true);
    expect(existsSync(at('usr/lib/systemd/user/xyte-kiosk.service'))).toBe(true);
    expect(await groupLines()).toEqual(['xyte-kiosk:x:999:']);
    const spool = await stat(at('var/spool/xyte-kiosk'));
    expect([(spool.mode & 0o7777).toString(8), spool.uid, spool.gid]).toEqual(['2770', 0, 999]);
    expect(((await stat(at('var/lib/xyte-kiosk'))).mode & 0o7777).toString(8)).toBe('755');
    // no user namespaces inside the chroot (no /proc): the sandbox helper gets its setuid bit
    expect(((await stat(at(`${APP}/chrome-sandbox`))).mode & 0o7777).toString(8)).toBe('4755');
    expect(await fakeToolLog(root)).toEqual(
      expect.arrayContaining(['systemctl --global enable xyte-kiosk.service', 'systemctl enable xyte-kiosk-update.path']),
    );
    const started = launchInRoot(root);
    expect(started.stdout.trim()).toBe('xyte-kiosk 1.0.0 --kiosk');
    expect(started.status).toBe(0);
  });

  it('reinstalling the same version is idempotent', async () => {
    await mkdir(path.dirname(at(userData)), { recursive: true });
    await writeFile(at(userData), '{"sn":"SN-1"}\n');
    await dpkgRoot(root, '-i', v1);
    expect(installedVersion(root)).toBe('1.0.0');
    expect(await groupLines()).toEqual(['xyte-kiosk:x:999:']);
    expect(((await stat(at('var/spool/xyte-kiosk'))).mode & 0o7777).toString(8)).toBe('2770');
    expect(launchInRoot(root).stdout.trim()).toBe('xyte-kiosk 1.0.0 --kiosk');
  });

  it('upgrade: the new version runs, an edited conffile is kept, nothing is disabled', async () => {
    await writeFile(at('etc/xdg/autostart/xyte-kiosk.desktop'), `${await readFile(at('etc/xdg/autostart/xyte-kiosk.desktop'), 'utf8')}# site edit\n`);
    await writeFile(at('var/lib/xyte-kiosk/last-result'), 'id=x\nstatus=ok\n');
    const logBefore = (await fakeToolLog(root)).length;
    await dpkgRoot(root, '-i', v2);
    expect(installedVersion(root)).toBe('1.1.0');
    expect(launchInRoot(root).stdout.trim()).toBe('xyte-kiosk 1.1.0 --kiosk');
    expect(await readFile(at('etc/xdg/autostart/xyte-kiosk.desktop'), 'utf8')).toMatch(/# site edit\n$/);
    const calls = (await fakeToolLog(root)).slice(logBefore);
    expect(calls.filter((c) => c.includes('disable') || c.includes('stop'))).toEqual([]);
    expect(await groupLines()).toEqual(['xyte-kiosk:x:999:']);
    expect(existsSync(at('var/lib/xyte-kiosk/last-result'))).toBe(true);
  });

  it('remove: the app and its units go, conffiles, update state and user data stay', async () => {
    await dpkgRoot(root, '--remove', 'xyte-kiosk');
    expect(installedVersion(root)).toBeNull();
    expect(existsSync(at(APP))).toBe(false);
    expect(await lstat(at('usr/bin/xyte-kiosk')).catch(() => null)).toBeNull();
    expect(existsSync(at('usr/lib/systemd/user/xyte-kiosk.service'))).toBe(false);
    expect(existsSync(at('etc/xdg/autostart/xyte-kiosk.desktop'))).toBe(true);
    expect(existsSync(at('var/lib/xyte-kiosk/last-result'))).toBe(true);
    expect(existsSync(at('var/spool/xyte-kiosk'))).toBe(true);
    expect(existsSync(at(userData))).toBe(true);
    expect(await fakeToolLog(root)).toEqual(
      expect.arrayContaining(['systemctl disable xyte-kiosk-update.path', 'systemctl --global disable xyte-kiosk.service']),
    );
    const launched = launchInRoot(root);
    expect(launched.status).not.toBe(0);
  });

  it('purge: conffiles and update state go; the kiosk user data and the group stay', async () => {
    await dpkgRoot(root, '--purge', 'xyte-kiosk');
    expect(existsSync(at('etc/xdg/autostart/xyte-kiosk.desktop'))).toBe(false);
    expect(existsSync(at('var/lib/xyte-kiosk'))).toBe(false);
    expect(existsSync(at('var/spool/xyte-kiosk'))).toBe(false);
    expect(await readFile(at(userData), 'utf8')).toBe('{"sn":"SN-1"}\n');
    expect(await groupLines()).toEqual(['xyte-kiosk:x:999:']);
    expect(await dpkgRoot(root, '--list')).not.toMatch(/xyte-kiosk/);
  });
});
