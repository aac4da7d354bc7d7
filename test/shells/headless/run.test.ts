// The headless runner as a real process: tsx, a 1 s telemetry interval, an external simulator on
// loopback; SIGINT must stop it cleanly with exit code 0 and the identity on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../app/core/log/logger';
import { openIdentityStore } from '../../../app/core/state/identity-store';
import { startHub } from '../../hub/index';
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
        '--hardware-key', '11111111-2222-4333-8444-555555555555',
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
