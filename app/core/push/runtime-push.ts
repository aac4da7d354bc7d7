// Setup step for push (after the status, before the agent): the controller fed from the applied
// config, reporting to the status tracker and waking the agent through its signals.
import type { DeviceConfig } from '../config/device-config';
import type { Clock, Random } from '../deps';
import type { Logger } from '../log/logger';
import { createPushController, type PushController } from './push-controller';

export interface PushSetupDeps {
  clock: Clock;
  random: Random;
  logger: Logger;
  config(): DeviceConfig;
  status: { setPush(state: ReturnType<PushController['state']>): void };
  /** The agent's next tick runs now. */
  nudge(): void;
}

export function setupPush(deps: PushSetupDeps): PushController {
  const push: PushController = createPushController({
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger.child('push'),
    enabled: () => deps.config().push.enabled,
    slowIntervalMs: () => deps.config().push.telemetry_interval_sec * 1000,
    wake: () => deps.nudge(),
    onChange: () => deps.status.setPush(push.state()),
  });
  deps.status.setPush('off');
  return push;
}
