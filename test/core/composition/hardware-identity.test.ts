import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceFileError, readDeviceFile } from '../../../app/core/composition/device-file';
import { configuredHardware, generateCloudId, generateUuid, resolveHardwareIdentity } from '../../../app/core/composition/hardware-identity';
import { createLogger, silentLogger } from '../../../app/core/log/logger';
import { createKioskRuntime } from '../../../app/core/runtime';
import { openIdentityStore } from '../../../app/core/state/identity-store';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-hw-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function seededRandom(seed = 1) {
  let x = seed;
  return () => {
    x = (x * 16807) % 2147483647;
    return (x - 1) / 2147483646;
  };
}

describe('hardware identity', () => {
  it('generates a stable identity once (sn from the machine id) and reuses it', () => {
    const dir = tempDir();
    const store = openIdentityStore({ dir, logger: silentLogger });
    const first = resolveHardwareIdentity(store, {}, seededRandom(1), () => 'machine-abc');
    expect(first.cloudId).toMatch(/^XKSK[A-Za-z0-9]{20}$/);
    expect(first.hardwareKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.sn).toMatch(/^XK-[0-9A-F]{16}$/);
    expect(first.sn).not.toContain('machine-abc');
    const again = resolveHardwareIdentity(openIdentityStore({ dir, logger: silentLogger }), {}, seededRandom(99), () => 'machine-abc');
    expect(again).toEqual(first);
    expect(resolveHardwareIdentity(openIdentityStore({ dir: tempDir(), logger: silentLogger }), {}, seededRandom(5), () => 'machine-abc').sn).toBe(first.sn);
  });

  it('options override the device file, which overrides what was persisted; MAC selects MAC+SN', () => {
    const dir = tempDir();
    const store = openIdentityStore({ dir, logger: silentLogger });
    resolveHardwareIdentity(store, {}, seededRandom(), () => null);
    const fromFile = resolveHardwareIdentity(store, configuredHardware({}, { sn: 'FILE-SN', mac: 'AA:BB:CC:DD:EE:FF', hardware_key: 'hk-file' }), seededRandom(), () => null);
    expect(fromFile).toEqual({ hardwareKey: 'hk-file', sn: 'FILE-SN', mac: 'aa:bb:cc:dd:ee:ff' });
    const fromOptions = resolveHardwareIdentity(store, configuredHardware({ sn: 'OPT-SN' }, { sn: 'FILE-SN' }), seededRandom(), () => null);
    expect(fromOptions.sn).toBe('OPT-SN');
    expect(store.loadHardware()).toEqual(fromOptions);
  });

  it('generators use the injected random source', () => {
    expect(generateCloudId(() => 0)).toBe('XKSKAAAAAAAAAAAAAAAAAAAA');
    expect(generateUuid(() => 0)).toBe('00000000-0000-4000-8000-000000000000');
  });
});

describe('device file', () => {
  it('is optional unless named explicitly', () => {
    const dir = tempDir();
    expect(readDeviceFile(dir)).toEqual({});
    expect(() => readDeviceFile(dir, path.join(dir, 'missing.json'))).toThrow(DeviceFileError);
  });

  it('reads the documented fields', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'device.json'), JSON.stringify({ entry_url: 'http://127.0.0.1:9', sn: 'S1', cloud_id: 'XKSK1234567890abcdef', name: 'Lobby', claim_domain: 'x.example' }));
    expect(readDeviceFile(dir)).toEqual({ entry_url: 'http://127.0.0.1:9', sn: 'S1', cloud_id: 'XKSK1234567890abcdef', name: 'Lobby', claim_domain: 'x.example' });
  });

  it.each([
    ['{not json', /not valid JSON/],
    [JSON.stringify({ sn: 5 }), /sn:/],
    [JSON.stringify({ entry_url: 'ftp://x' }), /entry_url/],
    [JSON.stringify({ cloud_id: 'XKSK1234567890abcdef', mac: 'aa:bb:cc:dd:ee:ff' }), /either cloud_id or mac/],
    [JSON.stringify({ serial: 'typo' }), /serial|unrecognized/i],
  ])('refuses %s with a message naming the file and field', (text, message) => {
    const dir = tempDir();
    const file = path.join(dir, 'device.json');
    writeFileSync(file, text);
    expect(() => readDeviceFile(dir)).toThrow(message);
    expect(() => readDeviceFile(dir)).toThrow(file);
  });
});

describe('a garbage hardware identity file and backup', () => {
  const FLAGS = { hardwareKey: '11111111-2222-4333-8444-555555555555', sn: 'SN-FLAGS', cloudId: 'XKSKflagsflagsflagsflags' };

  function spoil(dir: string) {
    writeFileSync(path.join(dir, 'hardware-identity.json'), '\u0000\u0000garbage{');
    writeFileSync(path.join(dir, 'hardware-identity.json.bak'), '{"sn": 42');
  }

  it('is rebuilt from the flags, the recovery is logged, and the rebuilt file is written', () => {
    const dir = tempDir();
    spoil(dir);
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const store = openIdentityStore({ dir, logger });
    const hw = resolveHardwareIdentity(store, FLAGS, seededRandom(), () => null, logger);
    expect(hw).toEqual(FLAGS);
    expect(lines.some((l) => l.includes('hardware identity file and its backup are unusable; rebuilding it'))).toBe(true);
    expect(openIdentityStore({ dir, logger: silentLogger }).loadHardware()).toEqual(FLAGS);
  });

  it('does not stop the runtime from starting (no exit-1 crash loop), also with the device file', async () => {
    const dir = tempDir();
    spoil(dir);
    writeFileSync(path.join(dir, 'device.json'), JSON.stringify({ hardware_key: FLAGS.hardwareKey, sn: 'SN-FILE', mac: 'aa:bb:cc:dd:ee:01' }));
    const lines: string[] = [];
    const runtime = await createKioskRuntime({ dataDir: dir, entryUrl: 'http://127.0.0.1:9', appVersion: '1.0.0', logger: createLogger({ write: (line) => lines.push(line) }) });
    expect((await runtime.handlers.getStatus()).device.sn).toBe('SN-FILE');
    expect(lines.some((l) => l.includes('rebuilding it from the flags and the device file'))).toBe(true);
    expect(openIdentityStore({ dir, logger: silentLogger }).loadHardware()).toEqual({ hardwareKey: FLAGS.hardwareKey, sn: 'SN-FILE', mac: 'aa:bb:cc:dd:ee:01' });
  });
});
