// npm run package:deb — builds the installable .deb on a machine with only the npm registry and
// Debian's packages (dpkg-deb; no fpm): the renderer and Electron bundles, electron-builder's
// `--linux dir` app, then scripts/package/deb-assemble.ts. Output: release/xyte-kiosk_<v>_<arch>.deb.
//
//   --electron-dist <dir>  Electron distribution to package (default: node_modules/electron/dist,
//                          present when npm could download the binary; or $ELECTRON_OVERRIDE_DIST_PATH)
//   --stub-electron        package a stand-in binary instead (a test package that cannot run the UI)
//   --skip-build           reuse dist/ from an earlier `npm run build`
//   --gzip                 faster, larger package (default xz)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assembleDeb } from './package/deb-assemble';
import { debianArch, debianVersion } from './package/deb-control';
import { writeStubElectronDist } from './package/stub-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

function electronDist(explicit: string | undefined): string | null {
  const candidates = [explicit, process.env.ELECTRON_OVERRIDE_DIST_PATH, path.join(root, 'node_modules', 'electron', 'dist')];
  return candidates.find((dir) => dir && existsSync(path.join(dir, 'electron'))) ?? null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'electron-dist': { type: 'string' }, 'stub-electron': { type: 'boolean' }, 'skip-build': { type: 'boolean' }, gzip: { type: 'boolean' } },
  });
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const electronVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const work = await mkdtemp(path.join(os.tmpdir(), 'xyte-deb-'));
  try {
    let dist = electronDist(values['electron-dist']);
    if (!dist && values['stub-electron']) {
      dist = await writeStubElectronDist(path.join(work, 'electron-stub'));
      console.warn('package:deb: packaging a STUB Electron binary (--stub-electron): the package installs but shows no UI');
    }
    if (!dist) {
      throw new Error('no Electron binary: run `npm install` where the Electron download works, pass --electron-dist <dir>, or --stub-electron for a test package');
    }
    if (!values['skip-build']) await run('npm', ['run', 'build']);
    const release = path.join(root, 'release');
    const builder = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
    await run(process.execPath, [builder, '--linux', 'dir', `-c.electronDist=${dist}`, `-c.electronVersion=${electronVersion}`], { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    const { debFile } = await assembleDeb({
      projectRoot: root,
      unpackedDir: path.join(release, 'linux-unpacked'),
      outDir: release,
      workDir: work,
      version: debianVersion(pkg.version),
      arch: debianArch(process.arch),
      compression: values.gzip ? 'gzip' : 'xz',
    });
    console.log(`package:deb: ${path.relative(root, debFile)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`package:deb: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
