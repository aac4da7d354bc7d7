import { describe, expect, it } from 'vitest';
import { logLevelSwitch, parseLogLevel } from '../../../app/core/log/log-level';

describe('log level', () => {
  it('flag wins over $XYTE_LOG_LEVEL; default info', () => {
    expect(parseLogLevel(undefined, {})).toBe('info');
    expect(parseLogLevel(undefined, { XYTE_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(parseLogLevel('warn', { XYTE_LOG_LEVEL: 'debug' })).toBe('warn');
  });

  it('refuses an unknown level, naming where it came from', () => {
    expect(() => parseLogLevel('trace', {})).toThrow('--log-level must be one of debug, info, warn, error, got "trace"');
    expect(() => parseLogLevel(undefined, { XYTE_LOG_LEVEL: '5' })).toThrow(/^XYTE_LOG_LEVEL must be one of/);
  });

  it('finds --log-level in a raw argv in both forms', () => {
    expect(logLevelSwitch(['electron', '.', '--log-level', 'debug'])).toBe('debug');
    expect(logLevelSwitch(['--log-level=warn'])).toBe('warn');
    expect(logLevelSwitch(['--log-level'])).toBe('');
    expect(logLevelSwitch(['--other'])).toBeUndefined();
  });
});
