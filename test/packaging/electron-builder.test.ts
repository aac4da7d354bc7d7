// Packages the app for linux `dir` with the real electron-builder.yml and a stub Electron dist
// (offline), then inspects the result: what app.asar holds, where the autostart files and the
// launcher land, and which fuses were flipped.
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLinuxDir, type LinuxDirBuild } from './linux-dir';
import { FUSE_SENTINEL } from '../../scripts/package/stub-electron';
import { OPTIONAL_NATIVE } from '../../scripts/build-electron';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as { listPackage(archive: string, options?: object): string[]; extractFile(archive: string, file: string): Buffer };

let build: LinuxDirBuild | undefined;
let unpacked: string;

beforeAll(async () => {
  build = await buildLinuxDir();
  unpacked = build.unpacked;
}, 120_000);

afterAll(async () => {
  await build?.remove();
});

describe('linux dir package', () => {
  it('app.asar holds the bundles, the renderer and package.json — and no node_modules or source maps', () => {
    const files = asar.listPackage(path.join(unpacked, 'resources', 'app.asar')).map((f) => f.replaceAll('\\', '/'));
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/renderer/index.html', '/dist/renderer/assets/app.js']));
    expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => !f.startsWith('/dist/') && f !== '/dist' && f !== '/package.json')).toEqual([]);
  });

  it('package.json in the archive points main at the bundle', () => {
    const pkg = JSON.parse(asar.extractFile(path.join(unpacked, 'resources', 'app.asar'), 'package.json').toString('utf8')) as { main: string; name: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.name).toBe('xyte-kiosk');
  });

  it('the main bundle needs only electron and Node built-ins at run time', async () => {
    const main = asar.extractFile(path.join(unpacked, 'resources', 'app.asar'), 'dist/electron/main.cjs').toString('utf8');
    const required = new Set([...main.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const { builtinModules } = await import('node:module');
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    // ajv keeps require("ajv/...") only inside code-generation strings (never executed by conf).
    // ws (through mqtt) asks for its optional native speed-ups inside try/catch and falls back to JS.
    const optional = new Set(OPTIONAL_NATIVE);
    const external = [...required].filter((r) => r !== 'electron' && !builtins.has(r) && !r.startsWith('ajv') && !optional.has(r));
    expect(external).toEqual([]);
    for (const name of OPTIONAL_NATIVE) {
      for (const m of main.matchAll(new RegExp(`require\\("${name}"\\)`, 'g'))) {
        expect(main.slice(Math.max(0, m.index - 120), m.index)).toMatch(/try\s*\{[^}]*$/);
      }
    }
  });

  it('the preload is one file requiring nothing but electron', () => {
    const preload = asar.extractFile(path.join(unpacked, 'resources', 'app.asar'), 'dist/electron/preload.cjs').toString('utf8');
    expect([...preload.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/zod/i);
  });

  it('ships the autostart entry, the systemd user unit and the launcher as resources', async () => {
    const desktop = await readFile(path.join(unpacked, 'resources', 'linux', 'xyte-kiosk-autostart.desktop'), 'utf8');
    const unit = await readFile(path.join(unpacked, 'resources', 'linux', 'xyte-kiosk.service'), 'utf8');
    const launcher = path.join(unpacked, 'resources', 'launcher', 'xyte-kiosk-launcher.sh');
    const launcherPath = '/opt/Xyte Kiosk/resources/launcher/xyte-kiosk-launcher.sh';
    expect(desktop).toContain(`Exec="${launcherPath}"`);
    expect(desktop).toContain('X-systemd-skip=true');
    expect(unit).toContain(`ExecStart="${launcherPath}"`);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^WantedBy=graphical-session\.target$/m);
    expect((await stat(launcher)).isFile()).toBe(true);
    expect(existsSync(path.join(unpacked, 'xyte-kiosk'))).toBe(true);
  });

  it('flips the security fuses on the Electron binary', async () => {
    const binary = await readFile(path.join(unpacked, 'xyte-kiosk'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + binary[at + 1]!).toString('latin1');
    const fuse = (i: number) => wire[i];
    expect(fuse(0)).toBe('0'); // RunAsNode off
    expect(fuse(1)).toBe('1'); // EnableCookieEncryption on
    expect(fuse(2)).toBe('0'); // EnableNodeOptionsEnvironmentVariable off
    expect(fuse(3)).toBe('0'); // EnableNodeCliInspectArguments off
    expect(fuse(4)).toBe('1'); // EnableEmbeddedAsarIntegrityValidation on
    expect(fuse(5)).toBe('1'); // OnlyLoadAppFromAsar on
    expect(fuse(7)).toBe('0'); // GrantFileProtocolExtraPrivileges off
  });
});
