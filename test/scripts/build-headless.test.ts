// The production entry for players without a screen: plain CommonJS files that run on bare `node`
// (no tsx, no node_modules beside them) — built here into a temp dir and started for real. What a
// normal tick never runs (mqtt.js, the demo's hub simulator) is in chunks beside run.cjs, loaded at
// first use: a chunk the build forgets, or one run.cjs cannot find, fails here, not at a player's
// first broker connection (and run.cjs without its chunks refuses to start).
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHeadless, type BuildHeadlessResult } from '../../scripts/build-headless';
import { DEMO_HARDWARE_KEY, startHub } from '../hub/index';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-build-headless-'));
let built: Promise<BuildHeadlessResult> | undefined;
const buildOnce = () => (built ??= buildHeadless({ projectRoot: repo, outFile: path.join(dir, 'run.cjs') }));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Starts the built runner (cwd = the temp dir: nothing resolves from the repository's
 * node_modules), polls `reached` every 100 ms for at most 30 s, then stops it with SIGTERM and
 * waits for its exit. Returns whether `reached` came true, and what the runner printed.
 */
async function runUntil(args: string[], reached: (output: string) => boolean): Promise<{ reached: boolean; output: string }> {
  const { file } = await buildOnce();
  const child = spawn(process.execPath, [file, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ok = false;
  for (let i = 0; i < 300 && !ok && child.exitCode === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ok = reached(output);
  }
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
  return { reached: ok, output };
}

describe('buildHeadless', () => {
  it('bundles the runner into files that run on plain node without node_modules', async () => {
    const { file, chunks, inputs } = await buildOnce();
    expect(file).toBe(path.join(dir, 'run.cjs'));
    expect(chunks.map((chunk) => path.relative(dir, chunk)).sort()).toEqual(['demo-hub.cjs', 'mqtt.cjs']);
    expect(chunks.every((chunk) => existsSync(chunk))).toBe(true);
    expect(inputs.some((input) => input.includes('node_modules/zod/'))).toBe(true);
    // split out: run.cjs holds neither mqtt.js (nor its dependencies) nor the simulator
    expect(inputs.filter((input) => /node_modules\/(mqtt|mqtt-packet|bl|socks)\/|(^|\/)test\/hub\//.test(input))).toEqual([]);
    // mqtt.js's WebSocket transport (push dials mqtt:// and mqtts:// only) is left out of mqtt.cjs
    expect(readFileSync(path.join(dir, 'mqtt.cjs'), 'utf8')).not.toMatch(/node_modules\/ws\//);
    for (const out of [file, ...chunks]) {
      const text = readFileSync(out, 'utf8');
      // ASCII only: V8 then keeps the source one byte per character (half the memory)
      // eslint-disable-next-line no-control-regex
      expect(/[^\u0000-\u007f]/.test(text)).toBe(false);
      // strict from the first statement, as the ES modules are in the tests (the banner comes first)
      expect(text.split('\n').find((line) => !line.startsWith('#!'))).toBe("'use strict';");
    }
    const { stdout } = await run(process.execPath, [file, '--help'], { cwd: dir, timeout: 30_000 });
    expect(stdout).toMatch(/--entry-url/);
    const refused = await run(process.execPath, [file, '--telemetry-interval', '0'], { cwd: dir, timeout: 30_000 }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/telemetry-interval/);
  }, 60_000);

  it('refuses to start when run.cjs is installed without its chunks', async () => {
    const { file } = await buildOnce();
    const alone = mkdtempSync(path.join(dir, 'alone-'));
    copyFileSync(file, path.join(alone, 'run.cjs'));
    const refused = await run(process.execPath, [path.join(alone, 'run.cjs'), '--help'], { cwd: alone, timeout: 30_000 }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/incomplete install: mqtt\.cjs, demo-hub\.cjs missing beside .*run\.cjs \(install the whole dist\/headless\/ directory\)/);
  }, 60_000);

  it('reaches the hub\'s MQTT broker through mqtt.cjs', async () => {
    const hub = await startHub({ mqtt: true });
    const data = mkdtempSync(path.join(dir, 'data-'));
    try {
      const args = ['--entry-url', hub.entryUrl, '--data-dir', data, '--hardware-key', DEMO_HARDWARE_KEY, '--sn', 'SN-BUILD-MQTT', '--cloud-id', 'XKBUILDMQTT0000000000000', '--firmware-version', '1.0.0', '--telemetry-interval', '1'];
      const result = await runUntil(args, () => hub.mqtt!.connectionCount() > 0);
      expect(result.output).not.toMatch(/Cannot find module/);
      expect(result.reached).toBe(true);
    } finally {
      await hub.close();
    }
  }, 60_000);

  it('runs the demo on the simulator from demo-hub.cjs', async () => {
    const data = mkdtempSync(path.join(dir, 'demo-'));
    const result = await runUntil(['--data-dir', data, '--firmware-version', '1.0.0'], (output) => /demo: online/.test(output));
    expect(result.output).toMatch(/embedded Xyte hub simulator on http:\/\/127\.0\.0\.1:/);
    expect(result.reached).toBe(true);
  }, 60_000);
});
