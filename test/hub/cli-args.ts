// Flags of `npm run hub -- …`, checked like the kiosk's own CLIs (app/shells/cli-checks.ts): pure,
// argv in, options or one clear message out; cli.ts does the I/O and exits 2 on bad input.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { checkHardwareKey, numberIn } from '../../app/shells/cli-checks';
import type { HubSeed } from './types';

export interface HubCliOptions {
  /** 0 = ephemeral ports; else hub on port, entry on port+1, files on port+2. */
  port: number;
  host?: string;
  fileHost?: string;
  modelApi?: string;
  seed?: HubSeed;
  rateLimit?: number;
  hardwareKeys: string[];
  quiet: boolean;
  /** Run the MQTT v5 broker too (registration then returns mqtt_hub_url). */
  mqtt: boolean;
}

export type ParsedHubArgs = { kind: 'run'; options: HubCliOptions } | { kind: 'help'; text: string } | { kind: 'error'; message: string };

export const MODEL_API_VERSIONS = ['1.0.4', '1.0.5', '1.0.6', '1.0.7'] as const;

export const HUB_USAGE = `Usage: npm run hub -- [options]        (the strict Xyte hub simulator, for demos and tests)

  --port <n>                  hub port; entry listens on n+1, files on n+2 (default: any free ports)
  --host <ip>                 address of the entry and hub listeners (default 127.0.0.1)
  --file-host <ip>            address of the firmware file origin (default 127.0.0.2)
  --model-api <v>             Model API version: ${MODEL_API_VERSIONS.join(', ')} (default 1.0.7)
  --seed-file <json>          devices, firmware and hardware_keys to preload
  --rate-limit <n>            calls per device per 30 s before 429 (default: no limit)
  --hardware-key <uuid>       a model hardware key registration accepts (repeatable); the README's
                              demo key and the seed file's keys are always known, any other is
                              refused with 404 like the real hub
  --mqtt                      also run an MQTT v5 broker (push) on the hub address, any free port
  --quiet                     no request log
  -h, --help                  this text

Exit codes: 0 stopped, 1 fatal error, 2 bad flags or seed file.`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'file-host': { type: 'string' },
  'model-api': { type: 'string' },
  'seed-file': { type: 'string' },
  'rate-limit': { type: 'string' },
  'hardware-key': { type: 'string', multiple: true },
  quiet: { type: 'boolean' },
  mqtt: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseHubArgs(argv: readonly string[], readFile: (file: string) => string = (f) => readFileSync(f, 'utf8')): ParsedHubArgs {
  try {
    const { values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
    if (values.help) return { kind: 'help', text: HUB_USAGE };
    const modelApi = values['model-api'];
    if (modelApi !== undefined && !(MODEL_API_VERSIONS as readonly string[]).includes(modelApi)) {
      throw new Error(`--model-api must be one of ${MODEL_API_VERSIONS.join(', ')}, got "${modelApi}"`);
    }
    const rateLimit = numberIn('rate-limit', values['rate-limit'], 1, 1_000_000, true);
    return {
      kind: 'run',
      options: {
        port: numberIn('port', values.port, 1, 65_533, true) ?? 0,
        ...(values.host !== undefined ? { host: checkIp('host', values.host) } : {}),
        ...(values['file-host'] !== undefined ? { fileHost: checkIp('file-host', values['file-host']) } : {}),
        ...(modelApi !== undefined ? { modelApi } : {}),
        ...(values['seed-file'] !== undefined ? { seed: readSeed(values['seed-file'], readFile) } : {}),
        ...(rateLimit !== undefined ? { rateLimit } : {}),
        hardwareKeys: (values['hardware-key'] ?? []).map((key) => checkHardwareKey(key)),
        quiet: values.quiet ?? false,
        mqtt: values.mqtt ?? false,
      },
    };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}

function checkIp(name: string, value: string): string {
  if (!isIP(value)) throw new Error(`--${name} must be an IP address, got "${value}"`);
  return value;
}

/** The seed file's outer shape; the simulator checks each device and firmware as it loads them. */
function readSeed(file: string, readFile: (file: string) => string): HubSeed {
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(file));
  } catch (error) {
    throw new Error(`--seed-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`--seed-file ${file}: must be a JSON object`);
  const seed = raw as Record<string, unknown>;
  for (const key of ['devices', 'firmware', 'hardware_keys']) {
    if (seed[key] !== undefined && !Array.isArray(seed[key])) throw new Error(`--seed-file ${file}: "${key}" must be an array`);
  }
  const unknown = Object.keys(seed).filter((k) => !['devices', 'firmware', 'hardware_keys'].includes(k));
  if (unknown.length) throw new Error(`--seed-file ${file}: unknown key(s) ${unknown.join(', ')}`);
  for (const key of (seed.hardware_keys as unknown[] | undefined) ?? []) checkHardwareKey(String(key), `--seed-file ${file}: hardware_keys`);
  ((seed.devices as unknown[] | undefined) ?? []).forEach((device, i) => checkSeedDevice(device, `--seed-file ${file}: devices[${i}]`));
  return seed as HubSeed;
}

function checkSeedDevice(device: unknown, where: string): void {
  if (typeof device !== 'object' || device === null || Array.isArray(device)) throw new Error(`${where} must be an object`);
  const d = device as Record<string, unknown>;
  for (const key of ['hardware_key', 'sn', 'firmware_version']) {
    if (typeof d[key] !== 'string' || !d[key]) throw new Error(`${where}.${key} must be a non-empty string`);
  }
  checkHardwareKey(d.hardware_key as string, `${where}.hardware_key`);
}
