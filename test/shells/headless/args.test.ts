import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, FLAT_OUT_ENV, parseRunnerArgs } from '../../../app/shells/headless/args';

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseRunnerArgs(argv, env, '/home/kiosk');

describe('headless runner arguments', () => {
  it('defaults: embedded simulator, XDG data dir, text logs, no installer', () => {
    expect(run([])).toEqual({
      kind: 'run',
      options: { dataDir: '/home/kiosk/.local/state/xyte-kiosk', dataDirGiven: false, hardware: {}, logFormat: 'text', logLevel: 'info', installer: { kind: 'none' } },
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const parsed = run([
      '--entry-url=http://127.0.0.1:4000',
      '--data-dir', '/tmp/k',
      '--telemetry-interval', '1',
      '--hardware-key', '6f1c2a8e-3b7d-4c1e-9a2f-5d8e7b6c4a10',
      '--sn=SN-9',
      '--mac', 'AA:BB:CC:DD:EE:FF',
      '--firmware-version', '2.0.1',
      '--log-format', 'json',
      '--log-level', 'debug',
      '--config', 'dev.json',
      '--installer', 'command:/usr/bin/inst',
    ]);
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        entryUrl: 'http://127.0.0.1:4000',
        dataDir: '/tmp/k',
        dataDirGiven: true,
        telemetryIntervalSec: 1,
        hardware: { hardwareKey: '6f1c2a8e-3b7d-4c1e-9a2f-5d8e7b6c4a10', sn: 'SN-9', mac: 'aa:bb:cc:dd:ee:ff' },
        firmwareVersion: '2.0.1',
        logFormat: 'json',
        logLevel: 'debug',
        configPath: path.resolve('dev.json'),
        installer: { kind: 'command', path: '/usr/bin/inst' },
      },
    });
  });

  it('uses $XDG_STATE_HOME when it is absolute', () => {
    expect(defaultDataDir({ XDG_STATE_HOME: '/var/state' }, '/home/k')).toBe('/var/state/xyte-kiosk');
    expect(defaultDataDir({ XDG_STATE_HOME: 'relative' }, '/home/k')).toBe('/home/k/.local/state/xyte-kiosk');
  });

  it.each([
    [['--telemetry-interval', '0'], /telemetry-interval/],
    [['--telemetry-interval', 'fast'], /telemetry-interval/],
    [['--cloud-id', 'XKSK1234567890', '--mac', 'aa:bb:cc:dd:ee:ff'], /either --cloud-id or --mac/],
    [['--mac', 'nope'], /--mac must look like/],
    [['--firmware-version', 'v1'], /SemVer/],
    [['--log-format', 'xml'], /text or json/],
    [['--log-level', 'verbose'], /--log-level must be one of debug, info, warn, error/],
    [['--hardware-key', 'hk-1'], /--hardware-key must be a UUID/],
    [['--installer', 'script:/x'], /command:<path> or none/],
    [['--entry-url', 'ftp://x'], /http\(s\)/],
    [['--entry-url', 'not a url'], /not a valid URL/],
    [['--sn', ' '], /must not be empty/],
    [['--bogus'], /Unknown option/],
    [['extra'], /positional/i],
  ])('refuses %j with a clear message', (argv, message) => {
    const parsed = run(argv);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toMatch(message);
  });

  it('accepts --telemetry-interval 0 only when the bench asks for a flat-out run', () => {
    expect(run(['--telemetry-interval', '0']).kind).toBe('error');
    expect(run(['--telemetry-interval', '0'], { [FLAT_OUT_ENV]: '0' }).kind).toBe('error');
    const parsed = run(['--telemetry-interval', '0'], { [FLAT_OUT_ENV]: '1' });
    expect(parsed.kind === 'run' && parsed.options.telemetryIntervalSec).toBe(0);
    // Anything else below 1 s stays refused, bench or not.
    expect(run(['--telemetry-interval', '0.5'], { [FLAT_OUT_ENV]: '1' }).kind).toBe('error');
  });

  it('prints usage for --help', () => {
    const parsed = run(['-h']);
    expect(parsed.kind).toBe('help');
    if (parsed.kind === 'help') expect(parsed.text).toMatch(/--entry-url/);
  });
});
