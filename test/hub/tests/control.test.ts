import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, HW_KEY, hubFor, online, register } from './helpers';

describe('hub simulator: HTTP control API', () => {
  it('drives claim, config, info, commands, licenses, firmware, faults and delete over HTTP', async () => {
    const hub = await hubFor();
    const dev = await register(hub);
    const sim = (m: string, p: string, b?: unknown) => call(hub.controlUrl, m, p, b);
    expect((await sim('GET', '')).body).toMatchObject({ hubUrl: hub.hubUrl, modelApiVersion: '1.0.7' });
    expect((await sim('GET', '/devices')).body.map((d: { id: string }) => d.id)).toEqual([dev.id]);
    expect((await sim('GET', `/devices/find?sn=${hub.control.device(dev.id)!.sn}`)).body.id).toBe(dev.id);
    expect((await sim('GET', '/devices/find?sn=none')).status).toBe(404);
    expect((await sim('POST', `/devices/${dev.id}/claim`, { space: { name: 'Hall' } })).body).toEqual({ space_data_version: 1 });
    expect((await sim('POST', `/devices/${dev.id}/space`, { maintenance: true })).body).toEqual({ space_data_version: 2 });
    expect((await sim('POST', `/devices/${dev.id}/config`, { a: 1 })).body).toEqual({ version: 1 });
    expect((await sim('POST', `/devices/${dev.id}/info`, { name: 'X' })).body).toEqual({ info_version: 1 });
    const cmd = (await sim('POST', `/devices/${dev.id}/commands`, { name: 'reboot', timeoutMs: 1000 })).body.id;
    const lic = (await sim('POST', `/devices/${dev.id}/licenses`, { action: 'add', data: 'd' })).body.id;
    const fw = (await sim('POST', '/firmware', { version: '9.9.9', dataBase64: Buffer.from('abc').toString('base64') })).body;
    expect(fw).toMatchObject({ fileId: expect.any(String), size: 3, checksum: expect.stringMatching(/^sha256:/) });
    expect(await dev.call('POST', '/telemetry', online)).toMatchObject({
      body: { config_version: 1, info_version: 1, space_data_version: 2, command: true, new_licenses: true, latest_fw_version: '9.9.9' },
    });
    expect((await sim('GET', `/devices/${dev.id}/commands`)).body[0].id).toBe(cmd);
    expect((await sim('GET', `/devices/${dev.id}/licenses`)).body[0].id).toBe(lic);
    expect((await sim('GET', `/devices/${dev.id}/requests`)).body.at(-1).route).toBe('sendTelemetry');
    expect((await sim('POST', '/faults', { route: 'getConfig', status: 500 })).body.id).toEqual(expect.any(String));
    expect((await dev.call('GET', '/config')).status).toBe(500);
    await sim('DELETE', '/faults');
    expect((await dev.call('GET', '/config')).status).toBe(200);
    expect((await sim('POST', '/model-api', { version: '1.0.4' })).body).toEqual({ version: '1.0.4' });
    expect((await sim('POST', '/model-api', { version: 'latest' })).status).toBe(400);
    expect((await sim('POST', `/devices/${dev.id}/unclaim`)).body).toEqual({ space_data_version: 0 });
    expect((await sim('DELETE', `/devices/${dev.id}`)).status).toBe(200);
    expect((await dev.call('GET', '/config')).status).toBe(401);
    expect((await sim('POST', `/devices/${dev.id}/claim`)).status).toBe(404);
    expect((await sim('GET', '/nope')).status).toBe(404);
  });

  it('control methods throw on an unknown device', async () => {
    const hub = await hubFor();
    expect(() => hub.control.claim('nope')).toThrow(/unknown device/);
    expect(() => hub.control.enqueueCommand('nope', { name: 'x' })).toThrow(/unknown device/);
    expect(hub.control.device('nope')).toBeUndefined();
  });

  it('preloads devices and firmware from a seed', async () => {
    const hub = await hubFor({
      seed: {
        devices: [{ id: '11111111-2222-4333-8444-555555555555', access_key: 'a'.repeat(32), hardware_key: HW_KEY, sn: 'S1', firmware_version: '1.0.0', claimed: true, config: { a: 1 } }],
        firmware: [{ version: '1.1.0', size: 100 }],
      },
    });
    const r = await call(hub.hubUrl, 'POST', '/v1/devices/11111111-2222-4333-8444-555555555555/telemetry', online, 'a'.repeat(32));
    expect(r.body).toMatchObject({ config_version: 1, space_data_version: 1, latest_fw_version: '1.1.0' });
  });
});

describe('hub simulator: CLI', () => {
  it('prints the URLs, serves a seed file and exits cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hub-cli-'));
    try {
      const seedFile = join(dir, 'seed.json');
      await writeFile(seedFile, JSON.stringify({ devices: [{ hardware_key: HW_KEY, sn: 'CLI-1', firmware_version: '1.0.0' }] }));
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/hub/cli.ts', '--model-api', '1.0.5', '--seed-file', seedFile, '--quiet'], {
        cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 20_000);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (/seeded device/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', () => reject(new Error(`CLI exited early: ${out}`)));
      });
      const control = /control (\S+)/.exec(out)![1]!;
      expect(out).toMatch(/entry {3}http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toMatch(/files {3}http:\/\/127\.0\.0\.2:\d+/);
      const info = await call(control, 'GET', '');
      expect(info.body.modelApiVersion).toBe('1.0.5');
      expect((await call(control, 'GET', '/devices')).body[0].sn).toBe('CLI-1');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
