// Builds electron-builder's linux `dir` target offline, once per test file: the real
// electron-builder.yml and build/ resources, the real esbuild bundles, a two-file stand-in renderer
// (vite is not what these tests check) and a stub Electron dist (the binary cannot be downloaded
// here; see stub-electron.ts).
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildElectron } from '../../scripts/build-electron';
import { writeStubElectronDist } from '../../scripts/package/stub-electron';

export const repo = path.resolve(import.meta.dirname, '..', '..');
const builderCli = path.join(repo, 'node_modules', 'electron-builder', 'cli.js');

export interface LinuxDirBuild {
  /** Scratch directory holding everything below; remove() deletes it. */
  work: string;
  /** release/linux-unpacked */
  unpacked: string;
  remove(): Promise<void>;
}

/** A staging copy of the repository's packaging inputs: no node_modules anywhere. */
async function stageProject(stage: string): Promise<void> {
  await mkdir(stage, { recursive: true });
  await cp(path.join(repo, 'package.json'), path.join(stage, 'package.json'));
  await cp(path.join(repo, 'electron-builder.yml'), path.join(stage, 'electron-builder.yml'));
  await cp(path.join(repo, 'build'), path.join(stage, 'build'), { recursive: true });
  await buildElectron({ projectRoot: repo, outDir: path.join(stage, 'dist', 'electron') });
  await mkdir(path.join(stage, 'dist', 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(stage, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Xyte Kiosk</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(path.join(stage, 'dist', 'renderer', 'assets', 'app.js'), 'console.log("renderer");');
  await writeFile(path.join(stage, 'dist', 'electron', 'main.cjs.map'), '{}');
}

function runBuilder(work: string, stage: string, stub: string, out: string): Promise<{ code: number; log: string }> {
  return new Promise((resolve) => {
    let log = '';
    const args = [builderCli, '--linux', 'dir', '--projectDir', stage, `-c.electronDist=${stub}`, '-c.electronVersion=45.5.0', `-c.directories.output=${out}`];
    // cwd = the staging dir: electron-builder resolves hook paths (beforeBuild) against it.
    const child = spawn(process.execPath, args, {
      cwd: stage,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: 'true', ELECTRON_BUILDER_CACHE: path.join(work, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, log }));
  });
}

export async function buildLinuxDir(prefix = 'xyte-pack-'): Promise<LinuxDirBuild> {
  const work = await mkdtemp(path.join(os.tmpdir(), prefix));
  const remove = () => rm(work, { recursive: true, force: true });
  try {
    const stage = path.join(work, 'project');
    await stageProject(stage);
    const stub = await writeStubElectronDist(path.join(work, 'electron-stub'));
    const { code, log } = await runBuilder(work, stage, stub, path.join(work, 'release'));
    if (code !== 0) throw new Error(`electron-builder failed (${code}):\n${log.slice(-4000)}`);
  } catch (error) {
    await remove();
    throw error;
  }
  return { work, unpacked: path.join(work, 'release', 'linux-unpacked'), remove };
}
