// Install strategies: a real operator script, a real AppImage swap in a temp dir, the pure choice
// table, and the argument building of the Windows strategy (the deb installer: installers/linux-deb.test.ts).
import { access, chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseInstaller, createAppImageInstaller, createCommandInstaller, LAUNCHER_MARKERS } from '../../../app/core/firmware';
import { buildNsisCommand, createNsisInstaller } from '../../../app/core/firmware/installers/windows-nsis';
import type { CommandSpec } from '../../../app/core/firmware/installers/process';
import { makeTempDir } from './helpers/harness';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await makeTempDir();
});
afterEach(() => tmp.cleanup());

async function script(name: string, body: string): Promise<string> {
  const path = join(tmp.path, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

const exists = (path: string) => access(path).then(() => true, () => false);

describe('command installer', () => {
  it('passes <stagedFile> <version>, and exit 0 means restart required', async () => {
    const log = join(tmp.path, 'args.txt');
    const path = await script('install.sh', `printf '%s|%s' "$1" "$2" > '${log}'`);
    expect(await createCommandInstaller({ path }).install('/staging/kiosk.AppImage', '2.0.0')).toEqual({ kind: 'restart-required' });
    expect(await readFile(log, 'utf8')).toBe('/staging/kiosk.AppImage|2.0.0');
  });

  it('reports installed in place when the script prints `installed`', async () => {
    const path = await script('install.sh', 'echo copying; echo installed');
    expect(await createCommandInstaller({ path }).install('/x', '2.0.0')).toEqual({ kind: 'installed' });
  });

  it('fails with the exit code and the last stderr line', async () => {
    const path = await script('install.sh', 'echo "step 1" >&2; echo "disk is read-only" >&2; exit 3');
    await expect(createCommandInstaller({ path }).install('/x', '2.0.0')).rejects.toMatchObject({ code: 'install-failed', message: expect.stringMatching(/exited with code 3: disk is read-only$/) });
  });

  it('stops a script that hangs past its timeout', async () => {
    const path = await script('install.sh', 'exec sleep 30');
    await expect(createCommandInstaller({ path, timeoutMs: 200 }).install('/x', '2.0.0')).rejects.toMatchObject({ code: 'install-failed', message: expect.stringMatching(/did not finish within/) });
  });

  it('rolls back with `--rollback`', async () => {
    const log = join(tmp.path, 'rb.txt');
    const path = await script('install.sh', `echo "$1" > '${log}'`);
    await createCommandInstaller({ path }).rollback();
    expect((await readFile(log, 'utf8')).trim()).toBe('--rollback');
  });

  it('says clearly when the script does not exist', async () => {
    await expect(createCommandInstaller({ path: join(tmp.path, 'missing.sh') }).install('/x', '2.0.0')).rejects.toMatchObject({ code: 'install-failed', message: expect.stringMatching(/ENOENT/) });
  });
});

describe('AppImage installer', () => {
  it('swaps atomically, keeps last-good, writes the launcher markers, and rolls back', async () => {
    const target = join(tmp.path, 'Xyte-Kiosk.AppImage');
    const staged = join(tmp.path, 'staged.AppImage');
    const data = join(tmp.path, 'data');
    await mkdir(data);
    await writeFile(target, 'old image');
    await chmod(target, 0o755);
    await writeFile(staged, 'new image');
    await writeFile(join(data, LAUNCHER_MARKERS.confirmed), 'confirmed\n'); // from the previous upgrade
    const installer = createAppImageInstaller({ target, markerDir: data });

    expect(await installer.install(staged, '2.0.0')).toEqual({ kind: 'restart-required' });
    expect(await readFile(target, 'utf8')).toBe('new image');
    expect((await stat(target)).mode & 0o777).toBe(0o755);
    expect(await readFile(`${target}.last-good`, 'utf8')).toBe('old image');
    expect(await exists(`${target}.new`)).toBe(false);
    expect(await readFile(join(data, LAUNCHER_MARKERS.pending), 'utf8')).toBe('2.0.0\n');
    expect(await exists(join(data, LAUNCHER_MARKERS.confirmed))).toBe(false);

    await installer.rollback();
    expect(await readFile(target, 'utf8')).toBe('old image');
    expect((await stat(target)).mode & 0o777).toBe(0o755);
    expect(await readFile(`${target}.last-good`, 'utf8')).toBe('old image');
    expect(await exists(join(data, LAUNCHER_MARKERS.pending))).toBe(false);
  });

  it('confirm() writes the confirmed marker and clears the pending state', async () => {
    const data = tmp.path;
    await writeFile(join(data, LAUNCHER_MARKERS.pending), '2.0.0\n');
    await writeFile(join(data, LAUNCHER_MARKERS.count), '2\n');
    await createAppImageInstaller({ target: join(tmp.path, 'x.AppImage'), markerDir: data }).confirm!();
    expect(await exists(join(data, LAUNCHER_MARKERS.confirmed))).toBe(true);
    expect(await exists(join(data, LAUNCHER_MARKERS.pending))).toBe(false);
    expect(await exists(join(data, LAUNCHER_MARKERS.count))).toBe(false);
  });

  it('refuses a rollback without a last-good copy, leaving the image alone', async () => {
    const target = join(tmp.path, 'x.AppImage');
    await writeFile(target, 'current');
    await expect(createAppImageInstaller({ target }).rollback()).rejects.toMatchObject({ code: 'rollback-failed' });
    expect(await readFile(target, 'utf8')).toBe('current');
  });

  it('fails cleanly when the target directory is gone, leaving no .new behind', async () => {
    const target = join(tmp.path, 'nope', 'x.AppImage');
    const staged = join(tmp.path, 'staged');
    await writeFile(staged, 'new');
    await expect(createAppImageInstaller({ target }).install(staged, '2.0.0')).rejects.toMatchObject({ code: 'install-failed' });
  });
});

describe('chooseInstaller', () => {
  const base = { platform: 'linux' as NodeJS.Platform, execPath: '/home/kiosk/app/xyte-kiosk', configured: '' };
  it.each([
    [{ ...base, appImage: '/home/kiosk/Xyte.AppImage' }, { kind: 'appimage', target: '/home/kiosk/Xyte.AppImage' }],
    [{ ...base, configured: 'auto', appImage: '/a.AppImage' }, { kind: 'appimage', target: '/a.AppImage' }],
    [{ ...base, execPath: '/opt/Xyte Kiosk/xyte-kiosk' }, { kind: 'deb' }],
    [{ ...base, execPath: '/usr/lib/xyte-kiosk/xyte-kiosk' }, { kind: 'deb' }],
    [{ ...base, platform: 'win32' as NodeJS.Platform, execPath: 'C:\\Program Files\\Xyte Kiosk\\Xyte Kiosk.exe' }, { kind: 'nsis' }],
    [{ ...base, platform: 'darwin' as NodeJS.Platform, execPath: '/Applications/Xyte.app/Contents/MacOS/Xyte' }, { kind: 'none', why: expect.stringMatching(/no installer for darwin/) }],
    [base, { kind: 'none', why: expect.stringMatching(/no installer for linux at \/home\/kiosk/) }],
    [{ ...base, configured: 'command:/usr/local/bin/kiosk-install', appImage: '/a.AppImage' }, { kind: 'command', path: '/usr/local/bin/kiosk-install' }],
    [{ ...base, configured: 'command:relative.sh' }, { kind: 'none', why: expect.stringMatching(/absolute path/) }],
    [{ ...base, configured: 'none', appImage: '/a.AppImage' }, { kind: 'none', why: expect.stringMatching(/upgrades are disabled: the installer is "none"/) }],
    [{ ...base, configured: 'appimage' }, { kind: 'none', why: expect.stringMatching(/\$APPIMAGE is not set/) }],
    [{ ...base, configured: 'nsis' }, { kind: 'nsis' }],
    [{ ...base, configured: 'deb' }, { kind: 'deb' }],
    [{ ...base, configured: 'zip' }, { kind: 'none', why: expect.stringMatching(/unknown installer "zip"/) }],
  ])('table row %#: %j', (env, expected) => {
    expect(chooseInstaller(env)).toEqual(expected);
  });
});

describe('strategies that need Windows (argument building only)', () => {
  it('NSIS runs the installer silently and asks it to start the kiosk again', async () => {
    expect(buildNsisCommand('C:\\staging\\Xyte Kiosk Setup 2.0.0.exe')).toEqual({ file: 'C:\\staging\\Xyte Kiosk Setup 2.0.0.exe', args: ['/S', '--updated', '--force-run'] });
    const spawned: CommandSpec[] = [];
    expect(await createNsisInstaller((spec) => spawned.push(spec)).install('C:\\s\\setup.exe', '2.0.0')).toEqual({ kind: 'restart-required' });
    expect(spawned).toEqual([{ file: 'C:\\s\\setup.exe', args: ['/S', '--updated', '--force-run'] }]);
  });
});
