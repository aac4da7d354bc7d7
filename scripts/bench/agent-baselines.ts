// Baselines for the agent's RSS, taken in the same run as the agent (machines here are shared and
// noisy, so an RSS figure alone means little): bare `node -e`, an empty ESM bundle, and one bundle
// per heavy dependency (built the way the agent bundle is, then loaded on plain node and read
// after a forced GC). A dependency's cost is its probe minus the empty bundle.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemorySnapshot } from './agent-memory';

/** What each probe imports; `keep` holds a reference so nothing is dropped as unused. */
const PROBES: Record<string, string> = {
  empty: '',
  zod: "import { z } from 'zod'; keep(z);",
  conf: "import Conf from 'conf'; keep(Conf);",
  semver: "import semver from 'semver'; keep(semver);",
  ws: "import { WebSocketServer } from 'ws'; keep(WebSocketServer);",
  // What the hub client is built on (app/core/hub/http.ts): node's own HTTP stack alone.
  nodeHttp: "import http from 'node:http'; import https from 'node:https'; keep([http.request, https.request]);",
  // zod's functional build, the same validators without the method-chaining classes.
  zodMini: "import * as z from 'zod/mini'; keep(z);",
  allDeps: "import { z } from 'zod'; import Conf from 'conf'; import semver from 'semver'; keep([z, Conf, semver]);",
};

export type Baselines = Record<string, MemorySnapshot>;

type Build = (options: Record<string, unknown>) => Promise<unknown>;

/** Builds every probe into `dir`, runs each on plain node (one at a time) and returns its reading. */
export async function measureBaselines(build: Build, banner: string, root: string, dir: string, nodeFlags: string[]): Promise<Baselines> {
  const memoryModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent-memory.ts');
  // Node's own RSS with nothing loaded (the floor every figure is compared to): `node -e` that
  // requires only the reader, bundled as CommonJS so not even the ESM loader starts.
  const bareProbe = path.join(dir, 'probe-bare.cjs');
  await build({
    stdin: { contents: `import { readMemory } from ${JSON.stringify(memoryModule)};\nconsole.log('RESULT ' + JSON.stringify(readMemory()));`, resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', outfile: bareProbe, logLevel: 'error',
  });
  const results: Baselines = { bareNode: await runProbe(['-e', `require(${JSON.stringify(bareProbe)})`], root, nodeFlags) };
  for (const [name, imports] of Object.entries(PROBES)) {
    const outfile = path.join(dir, `probe-${name}.mjs`);
    const contents = `${imports}
import { readMemory } from ${JSON.stringify(memoryModule)};
function keep(value) { globalThis.__xkKeep = value; }
console.log('RESULT ' + JSON.stringify(readMemory()));`;
    await build({
      stdin: { contents, resolveDir: root, sourcefile: `probe-${name}.ts`, loader: 'ts' },
      bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error', banner: { js: banner },
    });
    results[name] = await runProbe([outfile], root, nodeFlags);
  }
  return results;
}

async function runProbe(args: string[], cwd: string, nodeFlags: string[]): Promise<MemorySnapshot> {
  const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  const line = /^RESULT (.+)$/m.exec(out)?.[1];
  if (code !== 0 || !line) throw new Error(`memory probe ${args.join(' ').slice(0, 60)} exited with ${code}`);
  return JSON.parse(line) as MemorySnapshot;
}
