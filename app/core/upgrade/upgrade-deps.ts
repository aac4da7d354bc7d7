// What the upgrade needs from the rest of the runtime, and what its parts share: the dependencies,
// the pipeline, and the one state (machine.ts) read and changed only through `state`/`dispatch`.
import type { UpgradeProgress } from '../../ipc/contract';
import type { AgentSession } from '../agent/agent-session';
import type { ConfigView } from '../agent/config-view';
import type { FirmwareNotice } from '../agent/firmware-notice';
import type { Issues } from '../agent/issues';
import type { StatusTracker } from '../agent/status';
import type { PlatformHooks } from '../commands';
import type { Clock } from '../deps';
import type { Logger } from '../log/logger';
import type { StateAccess } from '../state/state-access';
import type { RuntimeFirmware } from './firmware-wiring';
import type { UpgradeEvent, UpgradeState } from './machine';

export interface UpgradeDeps {
  appVersion: string;
  state: StateAccess;
  status: StatusTracker;
  config: ConfigView;
  notice: FirmwareNotice;
  platform: Pick<PlatformHooks, 'restartApp'>;
  /** The agent's session for the current credentials (Get File, the version report); null before the first. */
  session(): Pick<AgentSession, 'hub' | 'reportFirmwareVersion'> | null;
  issues: Issues;
  emitProgress(progress: UpgradeProgress): void;
  /** Send telemetry now. */
  nudge(): void;
  requireHeartbeat: boolean;
  clock: Clock;
  logger: Logger;
}

export interface UpgradeContext {
  readonly deps: UpgradeDeps;
  readonly firmware: RuntimeFirmware;
  state(): UpgradeState;
  dispatch(event: UpgradeEvent): void;
}
