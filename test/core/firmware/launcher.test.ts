// build/launcher/xyte-kiosk-launcher.sh with fake "AppImages" (shell scripts) in a temp dir: a new
// image that never confirms is replaced by <AppImage>.last-good after N starts; one that confirms
// is kept.
import { spawnSync } from 'node:child_process';
import { access, chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LAUNCHER_MARKERS } from '../../../app/core/firmware';
import { makeTempDir } from './helpers/harness';

const LAUNCHER = resolve(__dirname, '../../../build/launcher/xyte-kiosk-launcher.sh');

let tmp: { path: string; cleanup: () => Promise<void> };
let app: string;
let data: string;
let runs: string;

beforeEach(async () => {
  tmp = await makeTempDir();
  app = join(tmp.path, 'Xyte-Kiosk.AppImage');
  data = join(tmp.path, 'data');
  runs = join(tmp.path, 'runs.log');
  await mkdir(data);
});
afterEach(() => tmp.cleanup());

/** A fake image: logs "<name> <args>" and exits with `exit`, or confirms like the healthy app. */
async function image(path: string, name: string, behaviour: 'crash' | 'confirm' | 'run') {
  const act =
    behaviour === 'crash' ? 'exit 1' : behaviour === 'confirm' ? `echo confirmed > "$XYTE_DATA_DIR/${LAUNCHER_MARKERS.confirmed}"` : 'exit 0';
  await writeFile(path, `#!/bin/sh\necho "${name} $*" >> '${runs}'\n${act}\n`);
  await chmod(path, 0o755);
}

function launch(...args: string[]) {
  const result = spawnSync('sh', [LAUNCHER, ...args], {
    env: { PATH: process.env.PATH, HOME: tmp.path, XYTE_APPIMAGE: app, XYTE_DATA_DIR: data, XYTE_MAX_UNCONFIRMED: '3' },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { status: result.status, stderr: result.stderr };
}

const lines = async () => (await readFile(runs, 'utf8')).trim().split('\n').map((l) => l.trim());
const exists = (path: string) => access(path).then(() => true, () => false);

describe('xyte-kiosk-launcher.sh', () => {
  it('restores last-good after 3 unconfirmed starts of a new image that crashes', async () => {
    await image(app, 'new', 'crash');
    await image(`${app}.last-good`, 'old', 'run');
    await writeFile(join(data, LAUNCHER_MARKERS.pending), '2.0.0\n');

    for (let i = 0; i < 3; i++) expect(launch('--kiosk').status).toBe(1);
    expect(await readFile(join(data, LAUNCHER_MARKERS.count), 'utf8')).toBe('3\n');
    const fourth = launch('--kiosk');
    expect(fourth.status).toBe(0);
    expect(fourth.stderr).toMatch(/restored .*last-good after 4 unconfirmed starts/);
    expect(launch('--kiosk').status).toBe(0);
    expect(await lines()).toEqual(['new --kiosk', 'new --kiosk', 'new --kiosk', 'old --kiosk', 'old --kiosk']);
    expect(await exists(join(data, LAUNCHER_MARKERS.pending))).toBe(false);
    expect(await readFile(join(data, 'upgrade-rolled-back'), 'utf8')).toBe('2.0.0\n');
    expect(await readFile(`${app}.last-good`, 'utf8')).toContain('old'); // the good copy is kept
  });

  it('keeps a new image that confirms, and stops counting', async () => {
    await image(app, 'new', 'confirm');
    await image(`${app}.last-good`, 'old', 'run');
    await writeFile(join(data, LAUNCHER_MARKERS.pending), '2.0.0\n');
    for (let i = 0; i < 6; i++) expect(launch().status).toBe(0);
    expect(new Set(await lines())).toEqual(new Set(['new']));
    expect(await exists(join(data, LAUNCHER_MARKERS.pending))).toBe(false);
    expect(await exists(join(data, LAUNCHER_MARKERS.count))).toBe(false);
  });

  it('just starts the image when no upgrade is pending', async () => {
    await image(app, 'current', 'crash');
    for (let i = 0; i < 5; i++) launch('a b', 'c');
    expect(await lines()).toEqual(Array(5).fill('current a b c'));
    expect(await exists(join(data, LAUNCHER_MARKERS.count))).toBe(false);
  });

  it('keeps running the current image when there is no last-good to restore', async () => {
    await image(app, 'new', 'crash');
    await writeFile(join(data, LAUNCHER_MARKERS.pending), '2.0.0\n');
    for (let i = 0; i < 4; i++) launch();
    expect(await lines()).toEqual(Array(4).fill('new'));
    expect(launch().stderr).toMatch(/no .*last-good to restore/);
  });
});

// deb / dir install: electron-builder puts the launcher at <app dir>/resources/launcher/ and the
// binary at <app dir>/xyte-kiosk; with no AppImage the launcher just execs that binary.
describe('xyte-kiosk-launcher.sh without an AppImage (deb / dir install)', () => {
  let appDir: string;
  let installed: string;

  beforeEach(async () => {
    appDir = join(tmp.path, 'opt', 'Xyte Kiosk'); // the real path has a space too
    await mkdir(join(appDir, 'resources', 'launcher'), { recursive: true });
    installed = join(appDir, 'resources', 'launcher', 'xyte-kiosk-launcher.sh');
    await copyFile(LAUNCHER, installed);
  });

  function launchInstalled(env: Record<string, string>, ...args: string[]) {
    const result = spawnSync('sh', [installed, ...args], {
      env: { PATH: process.env.PATH, HOME: tmp.path, XYTE_DATA_DIR: data, ...env },
      encoding: 'utf8',
      timeout: 10_000,
    });
    return { status: result.status, stderr: result.stderr };
  }

  it('execs <app dir>/xyte-kiosk with the arguments and its exit status, and counts nothing', async () => {
    await image(join(appDir, 'xyte-kiosk'), 'deb', 'crash');
    await writeFile(join(data, LAUNCHER_MARKERS.pending), '2.0.0\n'); // the deb helper owns rollback here
    for (let i = 0; i < 5; i++) expect(launchInstalled({}, '--kiosk', 'a b').status).toBe(1);
    expect(await lines()).toEqual(Array(5).fill('deb --kiosk a b'));
    expect(await exists(join(data, LAUNCHER_MARKERS.count))).toBe(false);
    expect(await exists(join(data, LAUNCHER_MARKERS.pending))).toBe(true);
  });

  it('prefers an AppImage beside the launcher, and XYTE_APPIMAGE over both', async () => {
    await image(join(appDir, 'xyte-kiosk'), 'deb', 'run');
    await image(join(appDir, 'resources', 'launcher', 'xyte-kiosk.AppImage'), 'beside', 'run');
    await image(app, 'env', 'run');
    expect(launchInstalled({}).status).toBe(0);
    expect(launchInstalled({ XYTE_APPIMAGE: app }).status).toBe(0);
    expect(await lines()).toEqual(['beside', 'env']);
  });

  it('fails clearly when there is neither an AppImage nor the app binary', async () => {
    const missing = launchInstalled({});
    expect(missing.status).toBe(127);
    expect(missing.stderr).toMatch(/neither .*xyte-kiosk\.AppImage nor an app binary at .*Xyte Kiosk\/xyte-kiosk; set XYTE_APPIMAGE/);
    const named = launchInstalled({ XYTE_APPIMAGE: join(tmp.path, 'gone.AppImage') });
    expect(named.status).toBe(127);
    expect(named.stderr).toMatch(/cannot run .*gone\.AppImage/);
  });
});
