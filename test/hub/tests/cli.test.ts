// The simulator's CLI as a newcomer meets it: --help works, bad flags and a bad seed file exit 2
// with one clear line, unknown hardware keys are refused unless passed with --hardware-key.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHubArgs } from '../cli-args';

const root = path.resolve(import.meta.dirname, '../../..');
const KEY = '3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/hub/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('hub simulator CLI arguments', () => {
  it('reads every flag', () => {
    const seed = JSON.stringify({ hardware_keys: [KEY], devices: [{ hardware_key: KEY, sn: 'SN-1', firmware_version: '1.0.0' }] });
    const parsed = parseHubArgs(
      ['--port', '4100', '--host', '127.0.0.1', '--file-host', '127.0.0.2', '--model-api', '1.0.5', '--seed-file', 's.json', '--rate-limit', '30', '--hardware-key', KEY, '--quiet', '--mqtt'],
      () => seed,
    );
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        port: 4100, host: '127.0.0.1', fileHost: '127.0.0.2', modelApi: '1.0.5', rateLimit: 30, hardwareKeys: [KEY], quiet: true, mqtt: true,
        seed: JSON.parse(seed),
      },
    });
    expect(parseHubArgs([])).toEqual({ kind: 'run', options: { port: 0, hardwareKeys: [], quiet: false, mqtt: false } });
  });

  it.each([
    [['--rate-limit', 'abc'], '--rate-limit must be an integer from 1 to 1000000, got "abc"'],
    [['--port', '70000'], '--port must be an integer from 1 to 65533'],
    [['--model-api', '2.0'], '--model-api must be one of 1.0.4, 1.0.5, 1.0.6, 1.0.7'],
    [['--host', 'localhost:1'], '--host must be an IP address'],
    [['--hardware-key', 'hk-1'], '--hardware-key must be a UUID'],
    [['--seed-file', 'junk.json'], '--seed-file junk.json: '],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j', (argv, message) => {
    const parsed = parseHubArgs(argv, () => '{"devices": [{"hardware_key": "nope", "sn": "S", "firmware_version": "1"}]}');
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toContain(message);
  });

  it.each([
    ['not JSON', '{devices', /--seed-file s.json: .*JSON/],
    ['an array', '[]', /must be a JSON object/],
    ['devices not a list', '{"devices": {}}', /"devices" must be an array/],
    ['a device without sn', `{"devices": [{"hardware_key": "${KEY}", "firmware_version": "1.0.0"}]}`, /devices\[0\]\.sn must be a non-empty string/],
    ['an unknown key', '{"device": []}', /unknown key\(s\) device/],
  ])('refuses a seed file that is %s', (_what, text, message) => {
    const parsed = parseHubArgs(['--seed-file', 's.json'], () => text);
    expect(parsed.kind === 'error' && parsed.message).toMatch(message);
  });
});

describe('hub simulator CLI process', () => {
  it('--help prints the usage and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: npm run hub -- \[options\]/);
    expect(result.stdout).toMatch(/--hardware-key <uuid>/);
  }, 30_000);

  it('a bad flag exits 2 with one clear line', async () => {
    const result = await runCli(['--rate-limit', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --rate-limit must be an integer/);
    expect(result.stdout).toBe('');
  }, 30_000);
});
