// The runner's on-demand chunks: each is import()ed through a stub that require()s the file
// beside run.cjs; a static import would load it at start (undoing the split) and is refused.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { mqttWithoutWebSockets, splitLazyChunks } from '../../scripts/headless-chunks';

const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xk-headless-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bundle(source: string, plugins = [splitLazyChunks(repo)]) {
  const entry = path.join(dir, `entry-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(entry, source);
  const outfile = `${entry}.cjs`;
  return build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: true, outfile, logLevel: 'silent', plugins }).then(() => outfile);
}
const bundleText = (source: string) => bundle(source).then((outfile) => readFileSync(outfile, 'utf8'));

describe('splitLazyChunks', () => {
  it('turns import() of a chunk into a require of the file beside the bundle, without its source', async () => {
    const out = await bundleText(`export const load = () => import('mqtt');\nexport const hub = () => import(${JSON.stringify(path.join(repo, 'test', 'hub', 'index'))});`);
    expect(out).toContain('require("./mqtt.cjs")');
    expect(out).toContain('require("./demo-hub.cjs")');
    expect(out).not.toMatch(/MqttClient|startMqttBroker/);
  });

  it('refuses a static import of a chunk', async () => {
    await expect(bundleText(`import { connect } from 'mqtt';\nexport { connect };`)).rejects.toThrow(/mqtt is split into mqtt\.cjs.*import\(\)/);
  });

  it('leaves other modules that only end like a chunk\'s entry alone', async () => {
    const other = path.join(dir, 'test', 'hub');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, 'index.ts'), 'export const x = 42;');
    const out = await bundleText(`export const load = () => import('./test/hub/index');`);
    expect(out).toContain('x = 42');
    expect(out).not.toContain('demo-hub.cjs');
  });

  it('builds mqtt.js with a WebSocket transport that refuses (mqtt:// through it: the build test)', async () => {
    const outfile = await bundle(`export { connect } from ${JSON.stringify(createRequire(path.join(repo, 'package.json')).resolve('mqtt'))};`, [mqttWithoutWebSockets]);
    expect(readFileSync(outfile, 'utf8')).not.toMatch(/node_modules\/ws\//);
    const { connect } = createRequire(import.meta.url)(outfile) as typeof import('mqtt');
    expect(() => connect('ws://127.0.0.1:1', { reconnectPeriod: 0 })).toThrow(/mqtt over WebSocket is not in the headless build/);
  });
});
