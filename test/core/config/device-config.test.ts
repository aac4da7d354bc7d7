import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { changedTopLevelKeys, defaultDeviceConfig, parseDeviceConfig } from '../../../app/core/config/device-config';

describe('parseDeviceConfig', () => {
  it('fills every default for an empty config (and for null)', () => {
    for (const raw of [{}, null, undefined]) {
      const result = parseDeviceConfig(raw);
      expect(result).toEqual({ ok: true, config: defaultDeviceConfig(), unknownKeys: [] });
    }
    const config = defaultDeviceConfig();
    expect(config.telemetry.interval_sec).toBe(30);
    expect(config.upgrade).toEqual({ policy: 'prompt', window: { start: '02:00', end: '04:00' }, allow_unverified: false, max_size_mb: 2048, postpone_hours: 4, prompt_timeout_sec: 60 });
    expect(config.display.theme).toBe('dark');
    expect(config.claim.domain).toBe('app.xyte.io');
    expect(config.commands.reboot_command).toBeUndefined();
  });

  it('keeps given values and fills the rest of a partial section', () => {
    const result = parseDeviceConfig({ upgrade: { policy: 'auto', window: { start: '01:30' } }, display: { title: 'Lobby' } });
    expect(result.ok && result.config.upgrade.policy).toBe('auto');
    expect(result.ok && result.config.upgrade.window).toEqual({ start: '01:30', end: '04:00' });
    expect(result.ok && result.config.display).toEqual({ title: 'Lobby', theme: 'dark' });
  });

  it('tolerates unknown top-level keys but reports them', () => {
    const result = parseDeviceConfig({ brightness: 80, telemetry: { interval_sec: 10 }, input: 'hdmi' });
    expect(result).toMatchObject({ ok: true, unknownKeys: ['brightness', 'input'] });
    expect(result.ok && result.config.telemetry.interval_sec).toBe(10);
  });

  it.each([
    [{ telemetry: { interval_sec: 500 } }, 'telemetry.interval_sec: must be ≤ 120'],
    [{ telemetry: { interval_sec: 2 } }, 'telemetry.interval_sec: must be ≥ 5'],
    [{ telemetry: { interval_sec: 7.5 } }, 'telemetry.interval_sec: must be an integer'],
    [{ telemetry: { interval_sec: '30' } }, 'telemetry.interval_sec: must be a number'],
    [{ upgrade: { policy: 'always' } }, 'upgrade.policy: must be one of "prompt", "auto", "off"'],
    [{ upgrade: { window: { start: '25:00' } } }, 'upgrade.window.start: must be a time of day HH:MM (00:00–23:59)'],
    [{ upgrade: { public_key_pem: 'not a key' } }, 'upgrade.public_key_pem: must be a PEM public key'],
    [{ upgrade: { prompt_timeout_sec: 0 } }, 'upgrade.prompt_timeout_sec: must be ≥ 10'],
    [{ upgrade: { prompt_timeout_sec: 86_400 } }, 'upgrade.prompt_timeout_sec: must be ≤ 600'],
    [{ display: { title: 'x'.repeat(81) } }, 'display.title: must have at most 80 characters'],
    [{ claim: { domain: 'https://evil.example/path' } }, 'claim.domain: must be a host name'],
    [{ commands: { reboot_command: [] } }, 'commands.reboot_command: must have at least 1 item'],
    [{ telemetry: 5 }, 'telemetry: must be an object'],
  ])('refuses %j naming the path', (raw, message) => {
    const result = parseDeviceConfig(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it('refuses a non-object config', () => {
    expect(parseDeviceConfig([1, 2])).toEqual({ ok: false, error: 'config: must be an object, got an array' });
    expect(parseDeviceConfig('x')).toEqual({ ok: false, error: 'config: must be an object, got string' });
  });

  it('accepts a real PEM public key', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const result = parseDeviceConfig({ licenses: { public_key_pem: pem } });
    expect(result.ok && result.config.licenses.public_key_pem).toBe(pem);
  });
});

describe('changedTopLevelKeys', () => {
  it('lists the sections whose content differs, ignoring key order', () => {
    const prev = defaultDeviceConfig();
    const next = parseDeviceConfig({ telemetry: { interval_sec: 10 }, display: { theme: 'light' } });
    if (!next.ok) throw new Error(next.error);
    expect(changedTopLevelKeys(prev, next.config)).toEqual(['display', 'telemetry']);
    const reordered = { ...prev, upgrade: { ...prev.upgrade, window: { end: '04:00', start: '02:00' } } };
    expect(changedTopLevelKeys(prev, reordered)).toEqual([]);
  });
});
