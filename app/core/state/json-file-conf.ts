// The state store's file, without the `conf` package: the same ConfLike (whole-store reads and
// writes), the same options (cwd, configName, configFileMode, clearInvalidConfig: false) and the
// same file (`<cwd>/<configName>.json`, JSON indented with tabs, mode 0600), so a file written by
// conf or electron-store is read as is and the reverse. conf brings ajv, ajv-formats, dot-prop,
// atomically… (~5 MB of RSS for the headless runner, `npm run bench`) for what the store uses of it:
// a read at open and a whole-object write. The write is the durable one the store already uses for
// its backup (temp file, fsync, rename, fsync of the directory): at least conf's atomic write.
import fs from 'node:fs';
import path from 'node:path';
import type { ConfLike, DeviceStateConfOptions } from './device-state-store';
import { writeFileDurably } from './fs-durable';

export class JsonFileConf implements ConfLike {
  readonly path: string;
  private readonly mode: number;

  constructor(options: DeviceStateConfOptions) {
    this.path = path.resolve(options.cwd, `${options.configName}.json`);
    this.mode = options.configFileMode;
  }

  /** Read from the file on every access, as conf does. Missing = empty; unreadable or not an object throws (clearInvalidConfig: false). */
  get store(): Record<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError(`${this.path} does not hold a JSON object`);
    return value as Record<string, unknown>;
  }

  set store(value: Record<string, unknown>) {
    writeFileDurably(this.path, JSON.stringify(value, undefined, '\t'), this.mode);
  }

  set(key: string, value: unknown): void {
    this.store = { ...this.store, [key]: value };
  }
}
