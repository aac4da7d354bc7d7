// npm start: the real kiosk window when the Electron binary is installed; otherwise (the normal
// case on build/CI machines, where it cannot be downloaded) the browser shell with the embedded
// hub simulator, which runs the same core and renderer.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../app/electron/electron-binary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
  });
}

function electronPackageDir(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const dir = electronPackageDir();
  const binary = dir ? findElectronBinary(dir, process.env, { exists: existsSync, read: (f) => readFileSync(f, 'utf8') }) : null;
  if (binary) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const built = await run(npm, ['run', 'build']);
    if (built !== 0) return built;
    return run(binary, ['.', ...argv]);
  }
  console.log('Electron binary not available here (no download): starting the browser shell + embedded hub simulator instead');
  return run(process.execPath, [require.resolve('tsx/cli'), path.join('app', 'shells', 'browser', 'run.ts'), ...argv]);
}

main().then((code) => process.exit(code));
