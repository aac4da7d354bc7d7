// Shared set-up for the command tests: a real state store in a temp dir (so "restart" = reopen
// from disk), the fake hub client, recording platform hooks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandRunnerOptions } from '../../../app/core/commands/runner';
import { createCommandRunner } from '../../../app/core/commands/runner';
import type { CommandHandler } from '../../../app/core/commands/handler-types';
import type { PlatformHooks } from '../../../app/core/commands/platform';
import { silentLogger } from '../../../app/core/log/logger';
import { openDeviceStateStore, type DeviceStateStore } from '../../../app/core/state/device-state-store';
import type { CommandEvent } from '../../../app/ipc/schemas';
import type { HubClient } from '../../../app/core/hub/types';

export interface RecordingPlatform extends PlatformHooks {
  calls: string[];
  screenshotResult: Buffer | null;
  fail: Partial<Record<keyof PlatformHooks, Error>>;
}

export function recordingPlatform(): RecordingPlatform {
  const platform: RecordingPlatform = {
    calls: [],
    screenshotResult: null,
    fail: {},
    reboot: async () => act('reboot'),
    restartApp: async () => act('restartApp'),
    reload: async () => act('reload'),
    quit: async () => act('quit'),
    screenshot: async () => {
      act('screenshot');
      return platform.screenshotResult;
    },
  };
  function act(name: keyof PlatformHooks) {
    platform.calls.push(name);
    const error = platform.fail[name];
    if (error) throw error;
  }
  return platform;
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function openState(dir: string): DeviceStateStore {
  return openDeviceStateStore({ dir, logger: silentLogger });
}

export interface RunnerSetup {
  hub: HubClient;
  state: DeviceStateStore;
  handlers: CommandHandler[];
  platform?: PlatformHooks;
  bootId?: string;
  appVersion?: string;
  secrets?: string[];
  collectDump?: () => Promise<Record<string, unknown>>;
  maxPerDrain?: number;
  /** The runner's clock (default: a fixed instant). */
  now?: () => number;
}

export function makeRunner(setup: RunnerSetup) {
  const events: CommandEvent[] = [];
  const platform = setup.platform ?? recordingPlatform();
  const options: CommandRunnerOptions = {
    hub: setup.hub,
    state: setup.state,
    handlers: setup.handlers,
    emit: (event) => events.push(event),
    logger: silentLogger,
    ...(setup.maxPerDrain ? { maxPerDrain: setup.maxPerDrain } : {}),
    ctx: {
      hub: setup.hub,
      state: setup.state,
      logger: silentLogger,
      clock: { now: setup.now ?? (() => Date.UTC(2024, 0, 1, 12)), sleep: async () => {} },
      platform,
      appVersion: setup.appVersion ?? '1.0.0',
      bootId: setup.bootId ?? 'boot-1',
      collectDump: setup.collectDump ?? (async () => ({})),
      secrets: () => setup.secrets ?? [],
    },
  };
  return { runner: createCommandRunner(options), events, platform };
}
