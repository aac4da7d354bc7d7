// The .deb as Debian's own tools see it: lintian, desktop-file-validate, systemd-analyze verify and
// the exact contents list. Built offline from electron-builder's `--linux dir` output with a stub
// Electron binary of the same name (the real one cannot be downloaded here), so the Electron files
// below are the stub's: a real build adds Chromium's .so/.pak/locales files under /opt/Xyte Kiosk.
import { execFile, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, buildDeb, isRoot } from './deb-helpers';
import { buildLinuxDir, type LinuxDirBuild } from './linux-dir';

const run = promisify(execFile);
let build: LinuxDirBuild | undefined;
let deb: string;
let tree: string;

beforeAll(async () => {
  build = await buildLinuxDir('xyte-deb-check-');
  deb = await buildDeb(build, '1.0.0');
  tree = path.join(build.work, 'assemble-1.0.0', 'tree');
}, 120_000);

afterAll(async () => {
  await build?.remove();
});

/** Every path in the package with its type, mode and owner, as `dpkg-deb --contents` lists it. */
const EXPECTED = [
  'drwxr-xr-x root/root ./etc/',
  'drwxr-xr-x root/root ./etc/xdg/',
  'drwxr-xr-x root/root ./etc/xdg/autostart/',
  '-rw-r--r-- root/root ./etc/xdg/autostart/xyte-kiosk.desktop',
  'drwxr-xr-x root/root ./opt/',
  `drwxr-xr-x root/root .${APP}/`,
  `-rw-r--r-- root/root .${APP}/LICENSE.electron.txt`,
  `-rwxr-xr-x root/root .${APP}/chrome-sandbox`,
  `drwxr-xr-x root/root .${APP}/resources/`,
  `-rw-r--r-- root/root .${APP}/resources/app.asar`,
  `drwxr-xr-x root/root .${APP}/resources/launcher/`,
  `-rwxr-xr-x root/root .${APP}/resources/launcher/xyte-kiosk-launcher.sh`,
  `drwxr-xr-x root/root .${APP}/resources/linux/`,
  `-rw-r--r-- root/root .${APP}/resources/linux/xyte-kiosk-autostart.desktop`,
  `-rw-r--r-- root/root .${APP}/resources/linux/xyte-kiosk.service`,
  `-rw-r--r-- root/root .${APP}/version`,
  `-rwxr-xr-x root/root .${APP}/xyte-kiosk`,
  'drwxr-xr-x root/root ./usr/',
  'drwxr-xr-x root/root ./usr/bin/',
  `lrwxrwxrwx root/root ./usr/bin/xyte-kiosk -> ${APP}/xyte-kiosk`,
  'drwxr-xr-x root/root ./usr/lib/',
  'drwxr-xr-x root/root ./usr/lib/systemd/',
  'drwxr-xr-x root/root ./usr/lib/systemd/system/',
  '-rw-r--r-- root/root ./usr/lib/systemd/system/xyte-kiosk-update.path',
  '-rw-r--r-- root/root ./usr/lib/systemd/system/xyte-kiosk-update.service',
  'drwxr-xr-x root/root ./usr/lib/systemd/user/',
  '-rw-r--r-- root/root ./usr/lib/systemd/user/xyte-kiosk.service',
  'drwxr-xr-x root/root ./usr/libexec/',
  'drwxr-xr-x root/root ./usr/libexec/xyte-kiosk/',
  '-rwxr-xr-x root/root ./usr/libexec/xyte-kiosk/install-deb',
  'drwxr-xr-x root/root ./usr/share/',
  'drwxr-xr-x root/root ./usr/share/applications/',
  '-rw-r--r-- root/root ./usr/share/applications/xyte-kiosk.desktop',
  'drwxr-xr-x root/root ./usr/share/doc/',
  'drwxr-xr-x root/root ./usr/share/doc/xyte-kiosk/',
  '-rw-r--r-- root/root ./usr/share/doc/xyte-kiosk/changelog.gz',
  '-rw-r--r-- root/root ./usr/share/doc/xyte-kiosk/copyright',
  'drwxr-xr-x root/root ./usr/share/icons/',
  'drwxr-xr-x root/root ./usr/share/icons/hicolor/',
  ...[16, 24, 32, 48, 64, 128, 256, 512].flatMap((n) => [
    `drwxr-xr-x root/root ./usr/share/icons/hicolor/${n}x${n}/`,
    `drwxr-xr-x root/root ./usr/share/icons/hicolor/${n}x${n}/apps/`,
    `-rw-r--r-- root/root ./usr/share/icons/hicolor/${n}x${n}/apps/xyte-kiosk.png`,
  ]),
  'drwxr-xr-x root/root ./usr/share/lintian/',
  'drwxr-xr-x root/root ./usr/share/lintian/overrides/',
  '-rw-r--r-- root/root ./usr/share/lintian/overrides/xyte-kiosk',
  'drwxr-xr-x root/root ./usr/share/man/',
  'drwxr-xr-x root/root ./usr/share/man/man1/',
  '-rw-r--r-- root/root ./usr/share/man/man1/xyte-kiosk.1.gz',
].sort();

describe('the .deb', { timeout: 120_000 }, () => {
  it('holds exactly the expected files, modes and owners', async () => {
    const { stdout } = await run('dpkg-deb', ['--contents', deb], { maxBuffer: 8 * 1024 * 1024 });
    const listed = stdout
      .split('\n')
      .filter(Boolean)
      // "<mode> <owner> <size> <date> <time> <path>[ -> target]": drop size, date and time
      .map((line) => line.replace(/^(\S+) (\S+)\s+\d+ \S+ \S+ /, '$1 $2 '))
      .filter((line) => !line.endsWith(' ./'))
      .sort();
    expect(listed).toEqual(EXPECTED);
  });

  it('has control fields and maintainer scripts dpkg accepts', async () => {
    const field = async (name: string) => (await run('dpkg-deb', ['--field', deb, name])).stdout.trim();
    expect(await field('Package')).toBe('xyte-kiosk');
    expect(await field('Version')).toBe('1.0.0');
    expect(await field('Depends')).toMatch(/^adduser, libgtk-3-0, libnotify4, libnss3/);
    const { stdout } = await run('dpkg-deb', ['--info', deb]);
    for (const part of ['conffiles', 'control', 'md5sums', 'postinst', 'postrm', 'prerm']) expect(stdout).toContain(` ${part}`);
    const md5 = spawnSync('md5sum', ['--check', '--quiet', path.join(tree, 'DEBIAN', 'md5sums')], { cwd: tree, encoding: 'utf8' });
    expect(md5.status, md5.stdout + md5.stderr).toBe(0);
  });

  it('passes lintian with no error or warning left unexplained', async () => {
    // Every override in build/deb/lintian-overrides carries its reason. Two informational tags
    // remain on purpose: Electron's own LICENSE.electron.txt beside the binary, where Electron
    // expects it (extra-license-file, package-contains-documentation-outside-usr-share-doc).
    const result = spawnSync('lintian', ['--no-cfg', '--fail-on', 'error,warning', '--pedantic', '-I', deb], { encoding: 'utf8', timeout: 120_000 });
    const tags = result.stdout.split('\n').filter((l) => /^[EWIPX]: /.test(l));
    expect(tags.filter((t) => /^[EW]: /.test(t))).toEqual([]);
    expect(tags.filter((t) => !/LICENSE\.electron\.txt/.test(t))).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
  }, 150_000);

  it('desktop-file-validate accepts the menu entry and the autostart entry as packaged', () => {
    for (const file of ['usr/share/applications/xyte-kiosk.desktop', 'etc/xdg/autostart/xyte-kiosk.desktop']) {
      const result = spawnSync('desktop-file-validate', [path.join(tree, file)], { encoding: 'utf8' });
      expect(result.stdout + result.stderr, file).toBe('');
      expect(result.status, file).toBe(0);
    }
  });

  it('systemd-analyze verify accepts the root update units against a system unit tree', async () => {
    // a root with the machine's own system units (sysinit.target, paths.target…) plus ours
    const verifyRoot = await mkdtemp(path.join(os.tmpdir(), 'xyte-verify-'));
    try {
      await cp('/usr/lib/systemd/system', path.join(verifyRoot, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
      await cp(path.join(tree, 'usr/lib/systemd/system'), path.join(verifyRoot, 'usr/lib/systemd/system'), { recursive: true });
      await mkdir(path.join(verifyRoot, 'usr/libexec'), { recursive: true });
      await cp(path.join(tree, 'usr/libexec/xyte-kiosk'), path.join(verifyRoot, 'usr/libexec/xyte-kiosk'), { recursive: true });
      const units = ['xyte-kiosk-update.path', 'xyte-kiosk-update.service'].map((u) => `/usr/lib/systemd/system/${u}`);
      const result = spawnSync('systemd-analyze', ['verify', '--man=no', `--root=${verifyRoot}`, ...units], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      await rm(verifyRoot, { recursive: true, force: true });
    }
  });

  it.skipIf(!isRoot())('systemd-analyze --user verify accepts the user unit, its ExecStart resolved in the package', async () => {
    // The user manager has no --root: /opt is replaced by the package's /opt inside a private mount
    // namespace (unshare -m), so the host's /opt is never touched.
    const runtime = await mkdtemp(path.join(os.tmpdir(), 'xyte-verify-user-'));
    try {
      const unit = path.join(tree, 'usr/lib/systemd/user/xyte-kiosk.service');
      const script = `mount --bind "$1/opt" /opt && exec systemd-analyze --user verify --man=no "$2"`;
      const result = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', tree, unit], { encoding: 'utf8', env: { ...process.env, HOME: runtime, XDG_RUNTIME_DIR: runtime } });
      // RestartSteps/RestartMaxDelaySec (growing restart delay) need systemd >= 254; older ones, like
      // Debian 12's 252, say so and keep the fixed RestartSec: that is the intended fallback.
      const complaints = (result.stdout + result.stderr).split('\n').filter((l) => l && !/Unknown key '(RestartSteps|RestartMaxDelaySec)' in section \[Service\], ignoring\.$/.test(l));
      expect(complaints).toEqual([]);
      expect(result.status).toBe(0);
    } finally {
      await rm(runtime, { recursive: true, force: true });
    }
  });
});
