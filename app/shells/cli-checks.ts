// What the Node shells and CLIs (headless runner, browser shell, hub simulator) check and read the
// same way, so a newcomer meets one set of flag rules and one set of messages. Pure except for
// the explicit file-system checks, which take the fs calls they need.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Returns `value` when it is an http(s) URL; otherwise throws the message the user sees. */
export function checkEntryUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--entry-url is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--entry-url must be http(s), got ${url.protocol}`);
  return value;
}

/** The app version from the repository's package.json (shells run from the source tree). */
export function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** `--name <n>`: a decimal number in [min, max] (integer when asked); undefined when absent. */
export function numberIn(name: string, value: string | undefined, min: number, max: number, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const shapeOk = integer ? /^\d+$/.test(value) : /^\d+(\.\d+)?$/.test(value);
  if (!shapeOk || !Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${value}"`);
  return n;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Xyte hardware (model) key is a UUID; anything else is refused by the hub, so refuse it here. */
export function checkHardwareKey(value: string, what = '--hardware-key'): string {
  if (!UUID_RE.test(value)) throw new Error(`${what} must be a UUID (the model's hardware key from the Xyte portal), got "${value}"`);
  return value;
}

export { parseLogLevel } from '../core/log/log-level';

export type InstallerFlag = { kind: 'command'; path: string } | { kind: 'none' };

/** `--installer command:<path>|none`: the same contract in every Node shell (README). */
export function parseInstallerFlag(value: string | undefined): InstallerFlag {
  if (value === undefined || value === 'none') return { kind: 'none' };
  if (value.startsWith('command:') && value.length > 'command:'.length) return { kind: 'command', path: path.resolve(value.slice('command:'.length)) };
  throw new Error(`--installer must be command:<path> or none, got "${value}"`);
}

/** The runtime's `firmware.installer` option for a parsed flag. */
export function installerOption(installer: InstallerFlag): string {
  return installer.kind === 'command' ? `command:${installer.path}` : 'none';
}

/**
 * Checks at start that a `command:` installer script exists and is executable, so a typo shows up
 * now and not minutes into the first upgrade. Returns the problem, or null when it is fine.
 */
export function installerProblem(installer: InstallerFlag): string | null {
  if (installer.kind !== 'command') return null;
  try {
    if (!statSync(installer.path).isFile()) return `--installer script ${installer.path} is not a file`;
    accessSync(installer.path, constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `--installer script ${installer.path} does not exist`;
    if (code === 'EACCES') return `--installer script ${installer.path} is not executable (chmod +x)`;
    return `--installer script ${installer.path} cannot be used (${code ?? String(error)})`;
  }
}
