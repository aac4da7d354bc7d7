// The built runner as production launches it (HEADLESS_NODE_FLAGS and HEADLESS_NODE_ENV, the README's
// systemd unit) still does everything a player needs: registration and telemetry, a command pushed
// over MQTT while the telemetry period is long, a content file cached, a firmware file downloaded,
// verified and installed (exit 75), and the restart as the new version confirmed. A V8 flag that
// takes something away (WebAssembly, hence fetch, under --jitless) must show up here, not on a player.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEADLESS_NODE_ENV, HEADLESS_NODE_FLAGS } from '../../../app/shells/headless/node-flags';
import { buildHeadless } from '../../../scripts/build-headless';
import { waitFor } from '../../core/agent/fake-clock';
import { createInstallerScript, firmwareBytes } from '../../core/upgrade/helpers';
import { DEMO_HARDWARE_KEY, startHub } from '../../hub/index';
import { projectRoot } from './agent-process';

const work = mkdtempSync(path.join(os.tmpdir(), 'xk-node-flags-launch-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Launched {
  exited: Promise<number | null>;
  stderr: () => string;
  stop: () => Promise<void>;
}

function launch(file: string, args: string[]): Launched {
  let stderr = '';
  const child = spawn(process.execPath, [...HEADLESS_NODE_FLAGS, file, ...args], { cwd: work, env: { ...process.env, ...HEADLESS_NODE_ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exited,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('the built runner launched with the production node flags and environment', () => {
  it('registers, reacts to an MQTT push, caches content, installs firmware and confirms it after the restart', async () => {
    const built = await buildHeadless({ projectRoot, outFile: path.join(work, 'build', 'run.cjs') });
    const hub = await startHub({ host: '127.0.0.1', mqtt: true });
    const installer = createInstallerScript();
    const dataDir = path.join(work, 'data');
    const sn = `SN-FLAGS-${process.pid}`;
    const args = (version: string) => [
      '--entry-url', hub.entryUrl, '--data-dir', dataDir, '--telemetry-interval', '1', '--hardware-key', DEMO_HARDWARE_KEY,
      '--sn', sn, '--cloud-id', `XKSKflags${process.pid}`.padEnd(24, '0').slice(0, 24), '--firmware-version', version, '--installer', installer.option,
    ];
    const runs: Launched[] = [];
    try {
      const first = launch(built.file, args('1.0.0'));
      runs.push(first);
      const device = await waitFor(() => hub.control.findDevice({ sn }), 'registration', 30_000);
      hub.control.claim(device.id, { name: 'Flags' });
      await waitFor(() => hub.mqtt!.connectionCount(device.id) > 0, 'MQTT connection', 30_000);
      // Connected, telemetry slows to 5 min (the longest push period allowed): a command is only seen in time through the push.
      const mark = hub.control.requestLog(device.id).length;
      hub.control.setConfig(device.id, { push: { telemetry_interval_sec: 300 } });
      const fetched = () => hub.control.requestLog(device.id).slice(mark).findIndex((r) => r.route === 'getConfig' && r.status === 200);
      await waitFor(() => fetched() >= 0, 'config fetched', 30_000);
      const command = hub.control.enqueueCommand(device.id, { name: 'reload' });
      await waitFor(() => hub.control.commands(device.id).find((c) => c.id === command)?.status === 'done', 'pushed command done', 30_000);

      const bytes = Buffer.from('content bytes, served by the hub simulator');
      const media = hub.control.publishFirmware({ version: '0.0.1', data: bytes });
      hub.control.setConfig(device.id, { push: { telemetry_interval_sec: 300 }, content: { playlists: { main: { items: [{ type: 'image', url: media.url, duration_sec: 5 }] } }, default_playlist: 'main' } });
      const cache = path.join(dataDir, 'content-cache');
      const cached = () => (existsSync(cache) ? readdirSync(cache).filter((name) => name.endsWith('.media')) : []);
      await waitFor(() => cached().length > 0, 'content cached', 30_000);
      expect(readFileSync(path.join(cache, cached()[0]!))).toEqual(bytes);

      const firmware = hub.control.publishFirmware({ version: '1.1.0', data: firmwareBytes('B') });
      const update = hub.control.enqueueCommand(device.id, { name: 'update_firmware', parameters: { file_id: firmware.fileId, version: '1.1.0' } });
      expect(await first.exited).toBe(75);
      expect(installer.installedVersion()).toBe('1.1.0');
      const second = launch(built.file, args('1.1.0'));
      runs.push(second);
      await waitFor(() => hub.control.commands(device.id).find((c) => c.id === update)?.status === 'done', 'upgrade confirmed', 30_000);
      // No V8 warning on a player's journal at start (e.g. "disabling flag --expose_wasm").
      expect(`${first.stderr()}${second.stderr()}`).not.toMatch(/^Warning: /m);
    } finally {
      for (const run of runs) await run.stop();
      await hub.close();
      installer.cleanup();
    }
  }, 150_000);
});
