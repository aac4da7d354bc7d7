// Public surface of the commands module: the agent builds the runner with the standard handlers.
export { createCommandRunner, type CommandRunner, type CommandRunnerOptions } from './runner';
export * from './handler-types';
export type { PlatformHooks } from './platform';
export { readBootId } from './boot-id';
export { createSystemReboot, defaultRebootCommand, resolveRebootCommand, type SpawnFn } from './system-reboot';
export { createRebootHandler } from './handlers/reboot';
export { createRestartAppHandler } from './handlers/restart-app';
export { createReloadHandler } from './handlers/reload';
export { createDumpHandler, type DumpHandlerOptions } from './handlers/dump';
export { createUpdateFirmwareHandler, type StartFirmwareUpdate } from './handlers/update-firmware';
export { createScreenshotHandler } from './handlers/screenshot';
import { createDumpHandler, type DumpHandlerOptions } from './handlers/dump';
import { createRebootHandler } from './handlers/reboot';
import { createReloadHandler } from './handlers/reload';
import { createRestartAppHandler } from './handlers/restart-app';
import { createScreenshotHandler } from './handlers/screenshot';
import { createUpdateFirmwareHandler, type StartFirmwareUpdate } from './handlers/update-firmware';
import type { CommandHandler } from './handler-types';

/** The standard command set; update_firmware is wired to the firmware pipeline by the caller. */
export function createStandardHandlers(options: { startFirmwareUpdate: StartFirmwareUpdate; dump?: DumpHandlerOptions }): CommandHandler[] {
  return [
    createRebootHandler(),
    createRestartAppHandler(),
    createReloadHandler(),
    createDumpHandler(options.dump),
    createScreenshotHandler(),
    createUpdateFirmwareHandler(options.startFirmwareUpdate),
  ];
}
