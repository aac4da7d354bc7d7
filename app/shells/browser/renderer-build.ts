// Makes sure dist/renderer holds a build of the current renderer sources, so `npm start`, the e2e
// tests and the bench never serve a stale or missing UI. Builds with the project's own vite.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Sources whose change makes the built renderer stale (the renderer imports nothing else from app/). */
const SOURCE_DIRS = ['renderer', 'app/ipc'];

export function rendererDirOf(repoRoot: string): string {
  return path.join(repoRoot, 'dist', 'renderer');
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

/** True when the build is missing or older than any renderer source. */
export async function isRendererStale(repoRoot: string): Promise<boolean> {
  const index = path.join(rendererDirOf(repoRoot), 'index.html');
  if (!existsSync(index)) return true;
  const built = (await stat(index)).mtimeMs;
  const times = await Promise.all(SOURCE_DIRS.map((d) => newestMtime(path.join(repoRoot, d))));
  return Math.max(...times) > built;
}

export function buildRenderer(repoRoot: string, log: (line: string) => void = () => undefined): Promise<void> {
  const vite = path.join(repoRoot, 'node_modules', '.bin', 'vite');
  return new Promise((resolve, reject) => {
    const child = spawn(vite, ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const collect = (chunk: Buffer) => output.push(chunk.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      log(output.join(''));
      reject(new Error(`renderer build failed (exit ${code}): ${output.join('').slice(-2000)}`));
    });
  });
}

/** Builds when `mode` says so: 'if-missing' (npm start) or 'if-stale' (tests, bench). */
export async function ensureRendererBuilt(repoRoot: string, mode: 'if-missing' | 'if-stale', log?: (line: string) => void): Promise<string> {
  const dir = rendererDirOf(repoRoot);
  const needed = mode === 'if-missing' ? !existsSync(path.join(dir, 'index.html')) : await isRendererStale(repoRoot);
  if (needed) {
    log?.('building the renderer (vite)…');
    await buildRenderer(repoRoot, log);
  }
  return dir;
}
