// EXPERIMENT ONLY (XK_BENCH_EXPERIMENTS=light-conf): stands in for `conf` in the agent bench bundle
// to measure what the headless runner would save with a small ConfLike of its own (the state
// store already does recovery, backups and durable writes; conf adds ajv, ajv-formats, dot-prop,
// atomically…). Covers what ConfLike needs: `store` (get/set whole), `path`, `set(key, value)`.
import fs from 'node:fs';
import path from 'node:path';

interface Options {
  cwd: string;
  configName: string;
  configFileMode?: number;
}

export default class LightConf {
  readonly path: string;
  private readonly mode: number;
  private cache: Record<string, unknown> | null = null;

  constructor(options: Options) {
    this.path = path.join(options.cwd, `${options.configName}.json`);
    this.mode = options.configFileMode ?? 0o666;
  }

  get store(): Record<string, unknown> {
    if (this.cache === null) this.cache = fs.existsSync(this.path) ? (JSON.parse(fs.readFileSync(this.path, 'utf8')) as Record<string, unknown>) : {};
    return this.cache;
  }

  set store(value: Record<string, unknown>) {
    const tmp = `${this.path}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value, null, '\t'), { mode: this.mode });
    fs.renameSync(tmp, this.path);
    this.cache = value;
  }

  set(key: string, value: unknown): void {
    this.store = { ...this.store, [key]: value };
  }
}
