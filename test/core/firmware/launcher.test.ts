// build/launcher/xyte-kiosk-launcher.sh with fake "AppImages" (shell scripts) in a temp dir: a new
// image that never confirms is replaced by <AppImage>.last-good after N starts; one that confirms
// is kept.
import { spawn, spawnSync } from 'node:child_process';
import { access, chmod, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
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

/** Polls `dir` (bounded: 400 × 50 ms) for a file whose name matches. */
async function waitForFile(dir: string, name: RegExp): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const hit = (await readdir(dir)).find((f) => name.test(f));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no file matching ${name} in ${dir}`);
}

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

  /** The launcher in the background, killed if it outlives the test's bound. */
  function launchAsync(env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
    return new Promise((done) => {
      const child = spawn('sh', [installed], { env: { PATH: process.env.PATH, HOME: tmp.path, XYTE_DATA_DIR: data, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => {
        clearTimeout(timer);
        done({ status, stderr });
      });
    });
  }

  it('execs <app dir>/xyte-kiosk with the arguments and its exit status', async () => {
    await image(join(appDir, 'xyte-kiosk'), 'deb', 'crash');
    for (let i = 0; i < 3; i++) expect(launchInstalled({}, '--kiosk', 'a b').status).toBe(1);
    expect(await lines()).toEqual(Array(3).fill('deb --kiosk a b'));
    expect(await exists(join(data, LAUNCHER_MARKERS.count))).toBe(false);
  });

  it('counts unconfirmed starts and, past the bound, asks the update service for a rollback and waits for it', async () => {
    const spool = join(tmp.path, 'spool');
    const result = join(tmp.path, 'last-result');
    await mkdir(spool);
    await image(join(appDir, 'xyte-kiosk'), 'deb', 'crash');
    await writeFile(join(data, LAUNCHER_MARKERS.pending), '2.0.0\n');
    const env = { XYTE_SPOOL_DIR: spool, XYTE_UPDATE_RESULT: result, XYTE_ROLLBACK_WAIT: '20', XYTE_MAX_UNCONFIRMED: '2' };
    for (let i = 0; i < 2; i++) expect(launchInstalled(env).status).toBe(1);
    expect(await readFile(join(data, LAUNCHER_MARKERS.count), 'utf8')).toBe('2\n');
    expect(await readdir(spool)).toEqual([]);

    // third start: a rollback request appears; the "service" answers it and the launcher goes on
    const third = launchAsync(env);
    const request = await waitForFile(spool, /\.request$/);
    const body = await readFile(join(spool, request), 'utf8');
    const id = /^id=(launcher-[0-9]+-[0-9]+)$/m.exec(body)?.[1];
    expect(body).toMatch(/^action=rollback$/m);
    expect(id).toBeDefined();
    await image(join(appDir, 'xyte-kiosk'), 'old', 'run'); // what the service reinstalled
    await writeFile(result, `id=${id}\naction=rollback\nstatus=ok\nmessage=rolled back from 2.0.0 to 1.0.0\n`);
    expect(await third).toMatchObject({ status: 0 });
    expect(await lines()).toEqual(['deb', 'deb', 'old']);
    expect(await readFile(join(data, 'upgrade-rolled-back'), 'utf8')).toBe('2.0.0\n');
    expect(await exists(join(data, LAUNCHER_MARKERS.pending))).toBe(false);
    expect(await exists(join(data, LAUNCHER_MARKERS.count))).toBe(false);
  });

  it('starts the installed version and keeps counting when the rollback fails or cannot be asked for', async () => {
    const result = join(tmp.path, 'last-result');
    await image(join(appDir, 'xyte-kiosk'), 'deb', 'crash');
    await writeFile(join(data, LAUNCHER_MARKERS.pending), '2.0.0\n');
    const env = { XYTE_SPOOL_DIR: join(tmp.path, 'no-such-spool'), XYTE_UPDATE_RESULT: result, XYTE_MAX_UNCONFIRMED: '0' };
    const first = launchInstalled(env);
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(/cannot ask for a rollback in .*no-such-spool \(is this user in group xyte-kiosk\?\)/);

    const spool = join(tmp.path, 'spool');
    await mkdir(spool);
    const second = launchAsync({ ...env, XYTE_SPOOL_DIR: spool, XYTE_ROLLBACK_WAIT: '20' });
    const request = await waitForFile(spool, /\.request$/);
    const id = /^id=(.+)$/m.exec(await readFile(join(spool, request), 'utf8'))?.[1];
    await writeFile(result, `id=${id}\naction=rollback\nstatus=failed\nmessage=no previous package kept to roll back to\n`);
    const done = await second;
    expect(done.status).toBe(1);
    expect(done.stderr).toMatch(/rollback failed: no previous package kept to roll back to/);
    expect(await readFile(join(data, LAUNCHER_MARKERS.count), 'utf8')).toBe('2\n');
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
