// PlatformHooks for the headless runner. A real reboot is left to the runtime's configured system
// command (`systemReboot`); the demo only says what it would do. restart_app exits with 75
// (EX_TEMPFAIL) so a supervisor (systemd Restart=on-failure, a shell loop) starts us again.
import type { PlatformHooks } from '../../core/commands';
import type { Logger } from '../../core/log/logger';

export const RESTART_EXIT_CODE = 75;

export interface HeadlessPlatformOptions {
  demo: boolean;
  logger: Logger;
  /** Stops the runtime cleanly, then exits with `code`. */
  exit(code: number): void;
}

export function createHeadlessPlatform(options: HeadlessPlatformOptions): Partial<PlatformHooks> {
  const { logger } = options;
  return {
    ...(options.demo ? { reboot: async () => logger.info('demo: a real kiosk would reboot the machine now') } : {}),
    restartApp: async () => {
      logger.info(`restart requested: exiting with code ${RESTART_EXIT_CODE} for the supervisor to start us again`);
      // After the hook returns, so the command record is persisted as awaiting_restart first.
      setImmediate(() => options.exit(RESTART_EXIT_CODE));
    },
    reload: async () => logger.info('reload requested: the headless runner has no screen to reload'),
    screenshot: async () => null,
    quit: async () => {
      setImmediate(() => options.exit(0));
    },
  };
}
