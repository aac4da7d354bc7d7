// npm start: the real kiosk window when the Electron binary is installed (build, then launch it on
// the repository); otherwise — the normal case on build/CI machines, where it cannot be
// downloaded — the browser shell with the embedded hub simulator, which runs the same core and
// renderer. The decision is app/electron/start-plan.ts; this file only runs the steps.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../app/electron/electron-binary';
import { startPlan, type StartStep } from '../app/electron/start-plan';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function run({ command, args, shell }: StartStep, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: shell ?? false, env });
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
  const demo = plan.kind === 'electron' ? await startDemoHubUnlessProvisioned(process.argv.slice(2)) : null;
  try {
    for (const step of plan.steps) {
      const code = await run(step, { ...process.env, ...demo?.env });
      if (code !== 0) return code;
    }
    return 0;
  } finally {
    await demo?.close();
  }
}

/**
 * `npm start` runs the kiosk on the embedded hub simulator by default (README quick start), in the
 * Electron window as in the browser shell. A developer who points it at a real provisioning server
 * (XYTE_ENTRY_URL, or a device.json via XYTE_DEVICE_CONFIG) gets that instead. Packaged kiosks never
 * come through here.
 */
async function startDemoHubUnlessProvisioned(argv: string[]): Promise<{ env: NodeJS.ProcessEnv; close: () => Promise<void> } | null> {
  if (process.env.XYTE_ENTRY_URL || process.env.XYTE_DEVICE_CONFIG || argv.includes('--entry-url')) return null;
  const { startHub, DEMO_HARDWARE_KEY } = await import('../test/hub/index');
  const hub = await startHub();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'xyte-kiosk-demo-'));
  // The simulator refuses unknown model keys, like the real hub: the demo kiosk uses the demo key.
  writeFileSync(path.join(dataDir, 'device.json'), JSON.stringify({ hardware_key: DEMO_HARDWARE_KEY }));
  console.log(`Embedded hub simulator: entry ${hub.entryUrl}, control ${hub.controlUrl}; demo state in ${dataDir}`);
  return {
    env: { XYTE_ENTRY_URL: hub.entryUrl, XYTE_DATA_DIR: dataDir },
    close: async () => {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

main().then((code) => process.exit(code));
