import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseBrowserArgs } from '../../../app/shells/browser/run-args';

describe('parseBrowserArgs', () => {
  it('defaults to the embedded simulator on the default port, no auto-claim', () => {
    expect(parseBrowserArgs([])).toEqual({ kind: 'run', options: { port: DEFAULT_PORT, installer: { kind: 'none' }, logLevel: 'info' } });
  });

  it('reads every flag', () => {
    const argv = ['--port', '0', '--data-dir', 'state', '--telemetry-interval', '2.5', '--demo-claim-after', '10', '--installer', 'command:inst.sh', '--log-level', 'debug'];
    expect(parseBrowserArgs(argv)).toEqual({
      kind: 'run',
      options: {
        port: 0,
        dataDir: path.resolve('state'),
        telemetryIntervalSec: 2.5,
        demoClaimAfterSec: 10,
        installer: { kind: 'command', path: path.resolve('inst.sh') },
        logLevel: 'debug',
      },
    });
    expect(parseBrowserArgs(['--entry-url', 'https://entry.example.test'])).toMatchObject({ kind: 'run', options: { entryUrl: 'https://entry.example.test' } });
    expect(parseBrowserArgs(['-h']).kind).toBe('help');
  });

  it('takes the log level from $XYTE_LOG_LEVEL unless --log-level says otherwise', () => {
    expect(parseBrowserArgs([], { XYTE_LOG_LEVEL: 'debug' })).toMatchObject({ options: { logLevel: 'debug' } });
    expect(parseBrowserArgs(['--log-level', 'warn'], { XYTE_LOG_LEVEL: 'debug' })).toMatchObject({ options: { logLevel: 'warn' } });
    expect(parseBrowserArgs([], { XYTE_LOG_LEVEL: 'loud' })).toEqual({ kind: 'error', message: 'XYTE_LOG_LEVEL must be one of debug, info, warn, error, got "loud"' });
  });

  it.each([
    [['--port', '70000'], '--port must be an integer from 0 to 65535'],
    [['--port', 'abc'], '--port must be an integer'],
    [['--telemetry-interval', '0'], '--telemetry-interval must be a number from 1 to 3600'],
    [['--entry-url', 'ftp://x'], '--entry-url must be http(s)'],
    [['--entry-url', 'not a url'], '--entry-url is not a valid URL'],
    [['--entry-url', 'https://e.example', '--demo-claim-after', '5'], '--demo-claim-after needs the embedded simulator'],
    [['--data-dir', ' '], '--data-dir must not be empty'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--installer', 'apt'], '--installer must be command:<path> or none'],
    [['--log-level', 'chatty'], '--log-level must be one of debug, info, warn, error'],
  ])('refuses %j with a clear message', (argv, message) => {
    const parsed = parseBrowserArgs(argv);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toContain(message);
  });
});
