// Shared pieces of the upgrade integration tests: a real installer script (the `command:` contract
// of app/core/firmware/installers/command.ts), a runtime started as a given version on the rig's
// data dir, and readers for what ended up on disk and at the hub.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../../app/core/deps';
import type { KioskRuntimeOptions } from '../../../app/core/runtime';
import type { DeviceState } from '../../../app/core/state/schema';
import type { Rig, RuntimeUnderTest } from '../agent/rig';
import { createRig, waitFor, waitOnline } from '../agent/rig';

export interface InstallerScript {
  /** `command:<path>` for the runtime option. */
  option: string;
  /** Lines the script logged: "install <staged> <version>" / "rollback". */
  log(): string[];
  /** The version the script "installed" (written into a file), or null. */
  installedVersion(): string | null;
  /** A copy of the staged file as the script saw it. */
  installedBytes(): Buffer | null;
  cleanup(): void;
}

/** A real shell script; `inPlace` makes it print `installed` (no restart needed). */
export function createInstallerScript(options: { inPlace?: boolean } = {}): InstallerScript {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-installer-'));
  const script = path.join(dir, 'install.sh');
  const logFile = path.join(dir, 'log');
  const versionFile = path.join(dir, 'version');
  const copy = path.join(dir, 'installed.bin');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      'set -e',
      `if [ "$1" = "--rollback" ]; then echo rollback >> '${logFile}'; exit 0; fi`,
      `echo "install $1 $2" >> '${logFile}'`,
      `cp "$1" '${copy}'`,
      `printf '%s' "$2" > '${versionFile}'`,
      options.inPlace ? 'echo installed' : '',
      'exit 0',
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  const read = (file: string) => (existsSync(file) ? readFileSync(file) : null);
  return {
    option: `command:${script}`,
    log: () => (read(logFile)?.toString() ?? '').split('\n').filter(Boolean),
    installedVersion: () => read(versionFile)?.toString() ?? null,
    installedBytes: () => read(copy),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Restarts {
  count: number;
}

/** Where every upgrade integration test starts: a rig, a real installer script, A (1.0.0) online. */
export interface UpgradeScene {
  rig: Rig;
  installer: InstallerScript;
  restarts: Restarts;
  a: RuntimeUnderTest;
  id: string;
  close(): Promise<void>;
}

export async function startOnlineAsA(): Promise<UpgradeScene> {
  const rig = await createRig();
  const installer = createInstallerScript();
  const restarts: Restarts = { count: 0 };
  const close = async () => {
    await rig.close();
    installer.cleanup();
  };
  try {
    const a = await startAs(rig, '1.0.0', installer, restarts);
    return { rig, installer, restarts, a, id: await waitOnline(a), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Starts the runtime as `appVersion` with the script installer; restartApp only counts (the test restarts). */
export function startAs(rig: Rig, appVersion: string, installer: InstallerScript, restarts: Restarts, extra: Partial<KioskRuntimeOptions> = {}): Promise<RuntimeUnderTest> {
  return rig.start({
    appVersion,
    // The agent runs on the fake clock; the download watchdog needs real time.
    firmware: { installer: installer.option, requireRendererHeartbeat: false, clock: systemClock },
    platform: { restartApp: async () => void (restarts.count += 1) },
    ...extra,
  });
}

export function readState(dataDir: string): DeviceState {
  return JSON.parse(readFileSync(path.join(dataDir, 'device-state.json'), 'utf8')) as DeviceState;
}

/** Edits the state file of a stopped runtime (to set up a situation the flow cannot reach alone). */
export function patchState(dataDir: string, patch: Partial<DeviceState>): void {
  const file = path.join(dataDir, 'device-state.json');
  writeFileSync(file, JSON.stringify({ ...readState(dataDir), ...patch }, null, 2));
}

export function stagingFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'staging');
  return existsSync(dir) ? readdirSync(dir) : [];
}

export function commandOf(rig: Rig, deviceId: string, commandId: string) {
  return rig.hub.control.commands(deviceId).find((c) => c.id === commandId);
}

export function waitForCommand(rig: Rig, deviceId: string, commandId: string, status: string, timeoutMs = 15_000) {
  return waitFor(() => (commandOf(rig, deviceId, commandId)?.status === status ? commandOf(rig, deviceId, commandId) : undefined), `command ${status}`, timeoutMs);
}

/** How many times the device itself reported `status` for the command. */
export function deviceReports(rig: Rig, deviceId: string, commandId: string, status: string): number {
  return commandOf(rig, deviceId, commandId)?.history.filter((h) => h.by === 'device' && h.status === status).length ?? 0;
}

export function firmwareBytes(tag: string, size = 64 * 1024): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + tag.charCodeAt(i % tag.length)) & 0xff;
  return out;
}

export function telemetryBodies(rig: Rig, deviceId: string) {
  return rig.hub.control.requestLog(deviceId).filter((q) => q.route === 'sendTelemetry').map((q) => q.body as Record<string, unknown>);
}
