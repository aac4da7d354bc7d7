import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_SHELL_ENTRY, startPlan, type StartInput } from '../../app/electron/start-plan';

const base: StartInput = {
  electronPackageDir: '/repo/node_modules/electron',
  electronBinary: null,
  argv: [],
  platform: 'linux',
  nodePath: '/usr/bin/node',
  tsxCli: '/repo/node_modules/tsx/dist/cli.mjs',
};

describe('startPlan', () => {
  it('builds, then launches Electron on the repository when the binary exists', () => {
    const plan = startPlan({ ...base, electronBinary: '/e/electron', argv: ['--foo'], npmExecPath: '/npm/bin/npm-cli.js' });
    expect(plan).toEqual({
      kind: 'electron',
      binary: '/e/electron',
      steps: [
        { command: '/usr/bin/node', args: ['/npm/bin/npm-cli.js', 'run', 'build'] },
        { command: '/e/electron', args: ['.', '--foo'] },
      ],
    });
  });

  it('falls back to npm on PATH, through a shell only on Windows', () => {
    expect(startPlan({ ...base, electronBinary: '/e/electron' }).steps[0]).toEqual({ command: 'npm', args: ['run', 'build'] });
    expect(startPlan({ ...base, electronBinary: 'C:\\e\\electron.exe', platform: 'win32' }).steps[0]).toEqual({ command: 'npm.cmd', args: ['run', 'build'], shell: true });
  });

  it('runs the browser shell with the same arguments when the binary was never downloaded, and says why', () => {
    const plan = startPlan({ ...base, argv: ['--port', '0'] });
    expect(plan.kind).toBe('browser');
    expect(plan.kind === 'browser' && plan.reason).toMatch(/Electron binary is not installed/);
    expect(plan.steps).toEqual([{ command: '/usr/bin/node', args: [base.tsxCli, path.join('app', 'shells', 'browser', 'run.ts'), '--port', '0'] }]);
    expect(BROWSER_SHELL_ENTRY).toBe(path.join('app', 'shells', 'browser', 'run.ts'));
  });

  it('names a missing electron package as the reason', () => {
    const plan = startPlan({ ...base, electronPackageDir: null });
    expect(plan.kind === 'browser' && plan.reason).toBe('the electron package is not installed');
  });
});
