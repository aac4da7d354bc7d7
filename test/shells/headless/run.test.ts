// The headless runner as a real process: tsx, a 1 s telemetry interval, an external simulator on
// loopback; SIGINT must stop it cleanly with exit code 0 and the identity on disk.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../app/core/log/logger';
import { openIdentityStore } from '../../../app/core/state/identity-store';
import { DEMO_HARDWARE_KEY, startHub } from '../../hub/index';
import type { HubHandle } from '../../hub/types';
import { waitFor } from '../../core/agent/fake-clock';
import { spawnHeadlessAgent } from './agent-process';

let hub: HubHandle | null = null;
let dataDir = '';

afterEach(async () => {
  await hub?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('headless runner process', () => {
  it('registers, reports every second, and exits 0 on SIGINT', async () => {
    hub = await startHub({});
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'xk-headless-'));
    const agent = spawnHeadlessAgent(
      [
        '--entry-url', hub.entryUrl,
        '--data-dir', dataDir,
        '--telemetry-interval', '1',
        '--hardware-key', DEMO_HARDWARE_KEY,
        '--sn', `SN-HEADLESS-${process.pid}`,
        '--cloud-id', `XKSKheadless${process.pid}`.padEnd(24, '0'),
        '--firmware-version', '3.1.4',
        '--log-format', 'json',
      ],
      ['ignore', 'pipe', 'pipe'],
    );
    const { child, exited } = agent;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const device = await waitFor(() => hub!.control.findDevice({ sn: `SN-HEADLESS-${process.pid}` }), 'registration', 20_000);
      await waitFor(() => hub!.control.requestLog(device.id).filter((q) => q.route === 'sendTelemetry').length >= 3, 'three telemetry sends', 20_000);
      expect(hub.control.device(device.id)?.firmware_version).toBe('3.1.4');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(openIdentityStore({ dir: dataDir, logger: silentLogger }).load()?.deviceId).toBe(device.id);
      const lines = stderr.trim().split('\n').map((line) => JSON.parse(line) as { message: string });
      expect(lines.map((l) => l.message)).toContain('stopped');
    } finally {
      await agent.stop();
    }
  }, 45_000);
});

describe('headless runner as a newcomer meets it', () => {
  it('demo mode keeps its state in --data-dir and logs debug lines with --log-level debug', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'xk-headless-demo-'));
    const agent = spawnHeadlessAgent(['--data-dir', dataDir, '--log-level', 'debug', '--telemetry-interval', '1'], ['ignore', 'pipe', 'pipe']);
    let stderr = '';
    agent.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    agent.child.stdout!.resume();
    try {
      const id = await waitFor(() => openIdentityStore({ dir: dataDir, logger: silentLogger }).load()?.deviceId, 'demo identity in --data-dir', 30_000);
      await waitFor(() => / DEBUG /.test(stderr), 'a debug line', 20_000);
      agent.child.kill('SIGINT');
      expect(await agent.exited).toBe(0);
      // The user's directory is kept on exit, with the identity the demo registered.
      expect(openIdentityStore({ dir: dataDir, logger: silentLogger }).load()?.deviceId).toBe(id);
    } finally {
      await agent.stop();
    }
  }, 60_000);

  it.each([
    ['a missing installer script', (dir: string) => ['--installer', `command:${path.join(dir, 'missing.sh')}`], /--installer script .*missing\.sh does not exist/],
    ['a device file that is not JSON', (dir: string) => (writeFileSync(path.join(dir, 'dev.json'), '{"entry_url": '), ['--config', path.join(dir, 'dev.json')]), /device file .*dev\.json: is not valid JSON/],
    ['a device file with a bad hardware key', (dir: string) => (writeFileSync(path.join(dir, 'device.json'), '{"hardware_key": "batch-7"}'), []), /hardware_key: must be a UUID/],
  ])('exits 2 on %s, before starting anything', async (_what, argsFor, message) => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'xk-headless-bad-'));
    const agent = spawnHeadlessAgent(['--data-dir', dataDir, ...argsFor(dataDir)], ['ignore', 'pipe', 'pipe']);
    let stderr = '';
    agent.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    agent.child.stdout!.resume();
    try {
      expect(await agent.exited).toBe(2);
      expect(stderr).toMatch(message);
      expect(openIdentityStore({ dir: dataDir, logger: silentLogger }).load()).toBeNull();
    } finally {
      await agent.stop();
    }
  }, 30_000);
});
