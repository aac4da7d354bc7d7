// Identifies the current boot of the machine, so a `reboot` command can prove after the fact that
// the machine really rebooted (not just this application). Linux exposes a random id per boot;
// elsewhere the boot time (now − uptime) is close enough when rounded.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface BootIdDeps {
  readFile?: (path: string) => string;
  uptimeSec?: () => number;
  now?: () => number;
}

const BOOT_ID_PATH = '/proc/sys/kernel/random/boot_id';
/** Boot time derived from uptime drifts by a second or so between reads; round it away. */
const BOOT_TIME_ROUNDING_MS = 60_000;

export function readBootId(deps: BootIdDeps = {}): string {
  const readFile = deps.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  try {
    const id = readFile(BOOT_ID_PATH).trim();
    if (id) return id;
  } catch {
    // Not Linux (or /proc hidden): fall through to the uptime-derived marker.
  }
  const now = (deps.now ?? Date.now)();
  const uptimeMs = (deps.uptimeSec ?? os.uptime)() * 1000;
  const bootAt = Math.round((now - uptimeMs) / BOOT_TIME_ROUNDING_MS) * BOOT_TIME_ROUNDING_MS;
  return `boot-${new Date(bootAt).toISOString()}`;
}
