// npm start: the real kiosk window when the Electron binary is installed (build, then launch it on
// the repository); otherwise — the normal case on build/CI machines, where it cannot be
// downloaded — the browser shell with the embedded hub simulator, which runs the same core and
// renderer. The decision is app/electron/start-plan.ts; this file only runs the steps.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../app/electron/electron-binary';
import { startPlan, type StartStep } from '../app/electron/start-plan';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function run({ command, args, shell }: StartStep): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: shell ?? false });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
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
  const plan = startPlan({
    electronPackageDir: dir,
    electronBinary: dir ? findElectronBinary(dir, process.env, { exists: existsSync, read: (f) => readFileSync(f, 'utf8') }) : null,
    argv: process.argv.slice(2),
    platform: process.platform,
    nodePath: process.execPath,
    npmExecPath: process.env.npm_execpath,
    tsxCli: require.resolve('tsx/cli'),
  });
  if (plan.kind === 'browser') console.log(`Electron is not available: ${plan.reason}.\nStarting the browser shell + embedded hub simulator instead.`);
  for (const step of plan.steps) {
    const code = await run(step);
    if (code !== 0) return code;
  }
  return 0;
}

main().then((code) => process.exit(code));
