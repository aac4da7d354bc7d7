// The runtime's one line of push wiring: the controller fed from the applied config.
import type { DeviceConfig } from '../config/device-config';
import type { Clock, Random } from '../deps';
import type { Logger } from '../log/logger';
import { createPushController, type PushController } from './push-controller';

export interface RuntimePushDeps {
  clock: Clock;
  random: Random;
  logger: Logger;
  config(): DeviceConfig;
  /** The status screen re-reads the push state. */
  publish(): void;
  /** The agent's next tick runs now. */
  nudge(): void;
}

export function createRuntimePush(deps: RuntimePushDeps): PushController {
  return createPushController({
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger.child('push'),
    enabled: () => deps.config().push.enabled,
    slowIntervalMs: () => deps.config().push.telemetry_interval_sec * 1000,
    wake: () => deps.nudge(),
    onChange: () => deps.publish(),
  });
}
