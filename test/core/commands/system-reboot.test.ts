import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSystemReboot, defaultRebootCommand, type SpawnFn } from '../../../app/core/commands/system-reboot';

describe('createSystemReboot', () => {
  it('runs the configured command line (here: a harmless node process) and resolves on exit 0', async () => {
    const seen: string[][] = [];
    const recordingSpawn: SpawnFn = (command, args, options) => {
      seen.push([command, ...args]);
      return spawn(command, args, options);
    };
    const argv = [process.execPath, '-e', 'process.exit(0)'];
    await createSystemReboot(argv, recordingSpawn)();
    expect(seen).toEqual([argv]);
  });

  it('rejects with the exit code, or with why the command could not start', async () => {
    await expect(createSystemReboot([process.execPath, '-e', 'process.exit(3)'], spawn)()).rejects.toThrow(/exited with code 3/);
    await expect(createSystemReboot(['/nonexistent/reboot-tool'], spawn)()).rejects.toThrow(/\/nonexistent\/reboot-tool: .*ENOENT/);
    await expect(createSystemReboot([], spawn)()).rejects.toThrow('no reboot command configured');
  });

  it('defaults per platform', () => {
    expect(defaultRebootCommand('linux')).toEqual(['systemctl', 'reboot']);
    expect(defaultRebootCommand('win32')).toEqual(['shutdown', '/r', '/t', '0']);
  });
});
