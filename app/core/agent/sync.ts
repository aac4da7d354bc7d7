// What a successful telemetry reply asks for, in the FIXED order
// (docs/PROTOCOL.md#sync-order): config → commands → licenses → space → info → firmware notice. Every flag is
// level-triggered (the next reply carries it again), so a step that fails just ends the tick and
// is retried by the next one; local versions are persisted only after their fetch succeeded.
import type { SpaceInfo, TelemetryReply } from '../hub';
import type { Logger } from '../log/logger';
import type { DeviceState, SpaceState } from '../state/schema';
import type { StateAccess } from '../state/state-access';
import type { FirmwareNotice } from './firmware-notice';
import type { AgentSession, ConfigOutcome } from './agent-session';
import { assertNever } from '../util/assert-never';

export interface SyncDeps {
  session: AgentSession;
  state: StateAccess;
  notice: FirmwareNotice;
  logger: Logger;
  /** Config outcomes the agent reacts to (standing error, nudge). */
  onConfigOutcome(outcome: ConfigOutcome): void;
  /** After the notice rule ran: the `auto` upgrade policy may start the offered version. */
  afterFirmwareStep?: (() => void) | undefined;
}

export type SyncStep = 'config' | 'commands' | 'licenses' | 'space' | 'info' | 'firmware';
export const SYNC_ORDER: readonly SyncStep[] = ['config', 'commands', 'licenses', 'space', 'info', 'firmware'];

export async function runSyncSteps(deps: SyncDeps, reply: TelemetryReply): Promise<void> {
  for (const step of SYNC_ORDER) await runStep(deps, reply, step);
}

async function runStep(deps: SyncDeps, reply: TelemetryReply, step: SyncStep): Promise<void> {
  switch (step) {
    case 'config':
      return syncConfigStep(deps, reply.config_version);
    case 'commands':
      if (reply.command) await deps.session.drainCommands();
      return;
    case 'licenses':
      if (reply.new_licenses) await deps.session.syncLicenses();
      return;
    case 'space':
      return syncSpaceStep(deps, reply.space_data_version);
    case 'info':
      return syncInfoStep(deps, reply.info_version);
    case 'firmware':
      deps.notice.onReply(reply);
      deps.notice.checkPostponed();
      deps.afterFirmwareStep?.();
      return;
    default:
      return assertNever(step, 'sync step');
  }
}

// The session's config sync owns the refusal: a refused version is not fetched again every tick.
async function syncConfigStep(deps: SyncDeps, serverVersion: number): Promise<void> {
  const local = deps.state.get().configVersion;
  if (serverVersion === local || serverVersion === deps.session.refusedConfigVersion()) return;
  deps.onConfigOutcome(await deps.session.syncConfig(serverVersion));
}

/**
 * 0 = unclaimed (the screen shows the claim QR). Any other change — normally an increase, but a
 * reset or a move to another customer can also lower it — re-reads the space.
 */
async function syncSpaceStep(deps: SyncDeps, serverVersion: number): Promise<void> {
  const state = deps.state.get();
  if (serverVersion === state.spaceDataVersion) return;
  if (serverVersion === 0) {
    deps.logger.info('device is no longer claimed');
    deps.state.update({ spaceDataVersion: 0, space: { maintenance: false } });
    return;
  }
  const space = await deps.session.hub.getSpace();
  const next = spaceStateFrom(space);
  deps.state.update({ spaceDataVersion: serverVersion, space: next });
  deps.logger.info('space updated', { version: serverVersion, maintenance: next.maintenance, name: next.name });
  deps.session.queueDeviceUpdate({ space_version: String(serverVersion) });
}

async function syncInfoStep(deps: SyncDeps, serverVersion: number): Promise<void> {
  const state = deps.state.get();
  if (serverVersion === state.infoVersion) return;
  const info = await deps.session.hub.getDeviceInfo();
  const next: DeviceState['info'] = {
    ...(typeof info.name === 'string' ? { name: info.name } : {}),
    ...(isRecord(info.details) ? { details: info.details } : {}),
  };
  deps.state.update({ infoVersion: serverVersion, info: next });
  deps.logger.info('device info updated', { version: serverVersion, name: next.name });
}

export function spaceStateFrom(space: SpaceInfo): SpaceState {
  const location = space.location ?? undefined;
  return {
    ...(typeof space.name === 'string' ? { name: space.name } : {}),
    maintenance: space.maintenance === true,
    ...(typeof location?.utc_offset === 'number' && Number.isInteger(location.utc_offset) ? { utcOffsetMin: location.utc_offset } : {}),
    ...(typeof space.temperature_units === 'string' ? { temperatureUnits: space.temperature_units } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
