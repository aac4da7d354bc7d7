// Smoke test of the Electron main process: the REAL bundle (scripts/build-electron.ts) runs in a
// Node child against a fake `electron` module (fake-electron/) and a real hub simulator on
// loopback. The fake records every Electron call and plays a minimal renderer, so this pins the
// boot order, the window's security options, the IPC / protocol / permission wiring and a clean
// SIGTERM shutdown — everything main.ts does that type-checking cannot prove.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../scripts/build-electron';
import { eventChannels, invokeChannels } from '../../app/ipc/contract';
import { contentSecurityPolicy } from '../../app/electron/protocol-policy';
import { DEMO_HARDWARE_KEY, startHub } from '../hub/index';
import type { HubHandle } from '../hub/types';
import { decodePng, pixelAt } from './support/png';
import { bootMain, callsOf, exitWithin, waitUntil, type MainProcess, type TraceEntry } from './main-process';

const WHITE = [255, 255, 255, 255];
const repo = path.resolve(import.meta.dirname, '..', '..');
let work: string;
let appPath: string;
let mainFile: string;
let preloadFile: string;
let runs = 0;
const started: MainProcess[] = [];
const hubs: HubHandle[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'xk-main-smoke-'));
  appPath = path.join(work, 'app');
  const built = await buildElectron({ projectRoot: repo, outDir: path.join(appPath, 'dist', 'electron') });
  mainFile = built.mainFile;
  preloadFile = built.preloadFile;
  // A stand-in renderer build, so the app:// handler has a real file to serve.
  await mkdir(path.join(appPath, 'dist', 'renderer'), { recursive: true });
  await writeFile(path.join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Xyte Kiosk</title>');
}, 60_000);

afterEach(async () => {
  for (const main of started.splice(0)) main.kill();
  for (const hub of hubs.splice(0)) await hub.close();
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** One run: its own data dir, Electron home and trace file. */
async function boot(env: Record<string, string>, prepare?: (dataDir: string) => Promise<void>, script = mainFile) {
  const run = path.join(work, `run-${++runs}`);
  const dataDir = path.join(run, 'data');
  await mkdir(path.join(run, 'home'), { recursive: true });
  await mkdir(dataDir, { recursive: true });
  // The simulator refuses unknown model keys (like the real hub): provision the one it knows.
  await writeFile(path.join(dataDir, 'device.json'), JSON.stringify({ hardware_key: DEMO_HARDWARE_KEY }));
  await prepare?.(dataDir);
  const main = bootMain({ script, appPath, traceFile: path.join(run, 'trace.jsonl'), home: path.join(run, 'home'), env: { XYTE_DATA_DIR: dataDir, ...env } });
  started.push(main);
  return { main, dataDir };
}

async function startSimulator(): Promise<HubHandle> {
  const hub = await startHub({});
  hubs.push(hub);
  return hub;
}

describe('the built main bundle', () => {
  it('opens with "use strict", so the ES module sources run strict as they do in the tests', async () => {
    const text = await readFile(mainFile, 'utf8');
    expect(text.split('\n')[0]).toBe("'use strict';");
  });
});

function only(trace: readonly TraceEntry[], call: string): TraceEntry {
  const entries = callsOf(trace, call);
  expect(entries, call).toHaveLength(1);
  return entries[0]!;
}

function probe<T>(trace: readonly TraceEntry[], name: string): T {
  return only(trace, `probe.${name}`).args[0] as T;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('Electron main process (bundled, fake electron, real simulator)', () => {
  it('boots in the right order with the secure window, registers the device, serves IPC, and exits cleanly on SIGTERM', async () => {
    const hub = await startSimulator();
    const { main, dataDir } = await boot({ XYTE_ENTRY_URL: hub.entryUrl });

    const device = await waitUntil(main, () => (hub.control.devices().length === 1 ? hub.control.devices()[0] : undefined), 'registration with the simulator');
    await waitUntil(main, () => hub.control.requestLog(device.id).some((q) => q.route === 'sendTelemetry' && q.status === 200), 'a telemetry send');
    await waitUntil(main, () => callsOf(main.trace(), 'probe.done').length === 1, 'the fake renderer probes');
    await waitUntil(main, () => callsOf(main.trace(), 'webContents.send').some((e) => (e.args[1] as { connection?: { state?: string } })?.connection?.state === 'online'), 'an online status event');
    const trace = main.trace();
    expect(hub.control.devices()).toHaveLength(1);

    // Before 'ready': the lock, then the privileged scheme (Electron refuses it after ready).
    const lock = only(trace, 'app.requestSingleInstanceLock');
    expect(lock.ready).toBe(false);
    const scheme = only(trace, 'protocol.registerSchemesAsPrivileged');
    expect(scheme.ready).toBe(false);
    expect(scheme.args[0]).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(lock.n).toBeLessThan(scheme.n);

    // The one window, locked down, with the bundled preload beside main.cjs.
    const created = only(trace, 'new BrowserWindow');
    const options = created.args[0] as { kiosk: boolean; webPreferences: Record<string, unknown> };
    expect(options.kiosk).toBe(true);
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(options.webPreferences.preload).toBe(path.join(appPath, 'dist', 'electron', 'preload.cjs'));
    expect(existsSync(options.webPreferences.preload as string)).toBe(true);
    const loads = callsOf(trace, 'BrowserWindow.loadURL').map((e) => e.args[0] as string);
    expect(loads[0]).toBe('app://kiosk/index.html');
    expect(loads.every((url) => url.startsWith('app://kiosk/'))).toBe(true);
    expect(callsOf(trace, 'BrowserWindow.show')).toHaveLength(1);

    // Every contract channel handled, registered before the page could ask.
    const handled = callsOf(trace, 'ipcMain.handle');
    expect(handled.map((e) => e.args[0]).sort()).toEqual(Object.values(invokeChannels).map((c) => c.channel).sort());
    expect(Math.max(...handled.map((e) => e.n))).toBeLessThan(created.n);
    // electron-store's unchecked sync channel is removed again.
    expect(callsOf(trace, 'ipcMain.removeAllListeners').map((e) => e.args[0])).toContain('electron-store-get-data');

    only(trace, 'session.setPermissionRequestHandler');
    only(trace, 'session.setPermissionCheckHandler');
    expect(only(trace, 'protocol.handle').args[0]).toBe('app');
    expect(only(trace, 'powerSaveBlocker.start').args[0]).toBe('prevent-display-sleep');
    expect(only(trace, 'Menu.setApplicationMenu').args[0]).toBeNull();
    expect(callsOf(trace, 'app.setLoginItemSettings')).toEqual([]); // unpackaged run: never a login item
    expect(callsOf(trace, 'app.commandLine.appendSwitch').map((e) => e.args[0])).toContain('autoplay-policy');

    // What the fake renderer saw when it used the wiring.
    expect(probe(trace, 'ipc.trusted')).toMatchObject({ ok: true });
    expect(probe<{ error: string }>(trace, 'ipc.iframe').error).toMatch(/^untrusted-sender/);
    expect(probe<{ error: string }>(trace, 'ipc.unknown-sender').error).toMatch(/^untrusted-sender/);
    expect(probe<{ error: string }>(trace, 'ipc.bad-args').error).toMatch(/^invalid-arguments/);
    const [page, traversal, safeScreen, post] = probe<Array<{ status: number; csp: string | null }>>(trace, 'protocol');
    expect(page).toMatchObject({ status: 200, csp: contentSecurityPolicy() });
    expect(traversal!.status).toBe(404);
    expect(safeScreen!.status).toBe(200);
    expect(post!.status).toBe(405);
    expect(probe(trace, 'permissions')).toEqual({
      checkMedia: false, checkFullscreen: true, checkFullscreenForeign: false, requestGeolocation: false, requestFullscreen: true, device: false,
    });
    expect(probe(trace, 'navigation')).toEqual({ foreignBlocked: true, ownAllowed: true, popup: { action: 'deny' } });

    // The access key is sealed through safeStorage: never plain on disk, in the trace or the log.
    expect(callsOf(trace, 'safeStorage.encryptString').length).toBeGreaterThan(0);
    for (const file of await filesUnder(dataDir)) expect(await readFile(file, 'utf8'), file).not.toContain(device.access_key);
    expect(JSON.stringify(trace)).not.toContain(device.access_key);
    expect(main.stderr()).not.toContain(device.access_key);

    main.child.kill('SIGTERM');
    expect(await exitWithin(main, 15_000)).toBe(0);
    const end = main.trace();
    const willQuit = only(end, 'app.will-quit.prevented'); // main waits for the runtime to stop…
    expect(only(end, 'app.exit').args[0]).toBe(0); // …then exits by itself
    expect(only(end, 'app.exit').n).toBeGreaterThan(willQuit.n);
    expect(main.stderr()).toMatch(/\bstopped\b/);
  }, 60_000);

  it('a packaged run strips debugging switches, locks devtools, and still stops cleanly while registration is failing', async () => {
    const { main } = await boot({ XYTE_ENTRY_URL: 'http://127.0.0.1:9/', FAKE_ELECTRON_PACKAGED: '1' });
    await waitUntil(main, () => callsOf(main.trace(), 'probe.done').length === 1, 'the kiosk page');
    await waitUntil(main, () => main.stderr().includes('registration failed'), 'a failed registration attempt');
    const trace = main.trace();
    const removed = callsOf(trace, 'app.commandLine.removeSwitch');
    expect(removed.map((e) => e.args[0])).toEqual(expect.arrayContaining(['remote-debugging-port', 'inspect', 'no-sandbox', 'disable-web-security']));
    expect(removed.every((e) => !e.ready)).toBe(true);
    const options = only(trace, 'new BrowserWindow').args[0] as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences.devTools).toBe(false);
    // Linux: autostart comes from the installed systemd unit / XDG entry, never a login item.
    if (process.platform === 'linux') expect(callsOf(trace, 'app.setLoginItemSettings')).toEqual([]);
    main.child.kill('SIGTERM');
    expect(await exitWithin(main, 15_000)).toBe(0);
    expect(only(main.trace(), 'app.exit').args[0]).toBe(0);
  }, 30_000);

  it('a second instance hands over and quits before creating anything', async () => {
    const { main } = await boot({ XYTE_ENTRY_URL: 'http://127.0.0.1:9/', FAKE_ELECTRON_LOCK_TAKEN: '1' });
    expect(await exitWithin(main, 15_000)).toBe(0);
    const trace = main.trace();
    expect(only(trace, 'app.requestSingleInstanceLock').ready).toBe(false);
    expect(callsOf(trace, 'app.quit')).toHaveLength(1);
    for (const call of ['new BrowserWindow', 'ipcMain.handle', 'protocol.registerSchemesAsPrivileged', 'powerSaveBlocker.start']) {
      expect(callsOf(trace, call), call).toEqual([]);
    }
  }, 30_000);

  it('recovers a corrupt state file through the core (electron-store built by a factory) and still registers', async () => {
    const hub = await startSimulator();
    const { main, dataDir } = await boot({ XYTE_ENTRY_URL: hub.entryUrl }, async (dir) => {
      await writeFile(path.join(dir, 'device-state.json'), '{"configVersion": 3, trunc', { mode: 0o600 });
    });
    await waitUntil(main, () => hub.control.devices().length === 1, 'registration after recovery');
    const names = await readdir(dataDir);
    expect(names.filter((n) => n.startsWith('device-state.corrupt-'))).toHaveLength(1);
    expect(main.stderr()).not.toMatch(/kiosk failed to start/);
    main.child.kill('SIGTERM');
    expect(await exitWithin(main, 15_000)).toBe(0);
  }, 60_000);

  it("a reboot command runs the cloud config's commands.reboot_command (the core's one reboot path)", async () => {
    const hub = await startSimulator();
    const { main, dataDir } = await boot({ XYTE_ENTRY_URL: hub.entryUrl });
    const device = await waitUntil(main, () => hub.control.devices()[0], 'registration with the simulator');
    const marker = path.join(dataDir, 'rebooted-by-config');
    // A harmless stand-in for the operator's reboot wrapper: it only leaves a marker file.
    hub.control.setConfig(device.id, { commands: { reboot_command: [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'yes')`] } });
    await waitUntil(main, () => hub.control.device(device.id)?.acked_config_version === hub.control.device(device.id)?.config_version || undefined, 'the config applied');
    const commandId = hub.control.enqueueCommand(device.id, { name: 'reboot' });
    // the command is picked up at the next telemetry tick (the default period is 30 s)
    await waitUntil(main, () => existsSync(marker) || undefined, 'the configured reboot command ran', 60_000);
    expect(await readFile(marker, 'utf8')).toBe('yes');
    await waitUntil(main, () => hub.control.commands(device.id).some((c) => c.id === commandId && c.status !== 'pending') || undefined, 'the command picked up');
    main.child.kill('SIGTERM');
    expect(await exitWithin(main, 15_000)).toBe(0);
  }, 120_000);

  it('a web item plays in its own locked-down view: own session, guarded navigation, no IPC, in the screenshot, failures back to the page', async () => {
    const hub = await startSimulator();
    const pages = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>menu</title>'));
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/menu`;
    try {
      // a proxy nobody can reach: the hub and the page are on loopback, which never goes through it
      const { main } = await boot({ XYTE_ENTRY_URL: hub.entryUrl, HTTPS_PROXY: 'http://kiosk:pw@proxy.invalid:3128', NO_PROXY: '.intranet.example' });
      const device = await waitUntil(main, () => hub.control.devices()[0], 'registration with the simulator');
      hub.control.claim(device.id, { name: 'Lobby' });
      const content = { playlists: { main: { items: [{ type: 'web', url, duration_sec: 30 }] } }, default_playlist: 'main' };
      hub.control.setConfig(device.id, { telemetry: { interval_sec: 5 }, content });
      // the fake renderer drives the item's view as soon as a plan with it arrives (next telemetry tick)
      await waitUntil(main, () => callsOf(main.trace(), 'probe.web-view.done').length === 1 || undefined, 'the web item view probe', 70_000);
      const trace = main.trace();
      const prefs = (only(trace, 'new WebContentsView').args[0] as { webPreferences: Record<string, unknown> }).webPreferences;
      expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, partition: expect.stringMatching(/^persist:content-[0-9a-f]{24}$/) });
      expect(prefs.preload ?? null).toBeNull();
      expect(only(trace, 'WebContentsView.loadURL').args[0]).toBe(url); // main's plan names the URL, never the page
      // the item's session got the runtime's proxy (no credentials in it) before its first load
      const setProxy = only(trace, 'session.setProxy');
      expect(setProxy.args).toEqual([
        prefs.partition,
        {
          mode: 'fixed_servers',
          proxyRules: 'https=http://proxy.invalid:3128',
          proxyBypassRules: 'localhost,*.localhost,127.0.0.0/8,[::1],intranet.example,*.intranet.example',
        },
      ]);
      expect(trace.indexOf(setProxy)).toBeLessThan(trace.indexOf(only(trace, 'WebContentsView.loadURL')));
      expect(probe(trace, 'web-view')).toEqual({
        layout: { ok: true },
        prepare: { ok: true },
        show: { ok: true },
        navigation: { sameOrigin: 'allowed', foreign: 'blocked', kiosk: 'blocked' },
        popup: { action: 'deny' },
        permission: { check: false, request: false, device: false },
        download: 'cancelled',
        viewIpc: expect.stringMatching(/^untrusted-sender/),
        // the proxy's credentials answer the proxy's challenge only; a page's own auth stays refused
        logins: { proxy: { prevented: true, credentials: { username: 'kiosk', password: 'pw' } }, page: { prevented: false, credentials: null } },
      });
      // `screenshot`: the page's capture with the live view painted where it sits (its top 1000 of 1080 DIPs)
      hub.control.enqueueCommand(device.id, { name: 'screenshot' });
      const dump = await waitUntil(main, () => hub.control.dumps(device.id).find((d) => d.mime === 'image/png'), 'the screenshot dump', 30_000);
      const shot = decodePng(dump.body);
      expect([shot.width, shot.height, pixelAt(shot, 0, 0), pixelAt(shot, 191, 99), pixelAt(shot, 0, 100)]).toEqual([192, 108, WHITE, WHITE, [15, 17, 21, 255]]);
      // the view crashes after its capture: main closes it and tells the page
      const failed = () => callsOf(main.trace(), 'webContents.send').find((e) => e.args[0] === 'kiosk:web-view-failed');
      expect((await waitUntil(main, failed, 'the failure event to the page')).args[1]).toMatchObject({ viewId: 1, reason: 'crash' });
      expect(callsOf(main.trace(), 'WebContentsView.close')).toHaveLength(1);
      main.child.kill('SIGTERM');
      expect(await exitWithin(main, 15_000)).toBe(0);
    } finally {
      await new Promise((resolve) => pages.close(resolve));
    }
  }, 120_000);

  it("an uncaught error ends the process with code 1 instead of Electron's modal error dialog", async () => {
    const { main } = await boot({ XYTE_ENTRY_URL: 'http://127.0.0.1:9/', FAKE_ELECTRON_FAULT: 'uncaught-after-ready' });
    expect(await exitWithin(main, 15_000)).toBe(1);
    const trace = main.trace();
    expect(callsOf(trace, 'dialog.showErrorBox')).toEqual([]);
    expect(only(trace, 'app.exit').args[0]).toBe(1);
    expect(callsOf(trace, 'app.relaunch')).toEqual([]); // unpackaged run: just leave
    expect(main.stderr()).toContain('uncaught error in the main process');
  }, 30_000);

  it('the preload bundle exposes one frozen `kiosk` bridge with every verb, needing nothing but electron', async () => {
    const { main } = await boot({ FAKE_ELECTRON_ROLE: 'renderer' }, undefined, preloadFile);
    expect(await exitWithin(main, 15_000)).toBe(0);
    const trace = main.trace();
    const exposed = only(trace, 'contextBridge.exposeInMainWorld');
    expect(exposed.args[0]).toBe('kiosk');
    const names = [...Object.keys(invokeChannels), ...Object.keys(eventChannels)].sort();
    expect(exposed.args[1]).toEqual({ keys: names, frozen: true });
    expect(only(trace, 'ipcRenderer.invoke').args).toEqual(['kiosk:get-status', []]);
    expect(only(trace, 'ipcRenderer.on').args).toEqual(['kiosk:status']);
    expect(only(trace, 'ipcRenderer.removeListener').args).toEqual(['kiosk:status']);
  }, 30_000);
});
