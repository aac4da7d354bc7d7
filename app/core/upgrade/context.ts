// What the upgrade wiring shares: its dependencies, its in-memory state, and the small report
// actions every outcome uses (status view, command result, failed versions, firmware_version).
import semver from 'semver';
import type { UpgradeProgress } from '../../ipc/contract';
import type { PlatformHooks } from '../commands';
import type { StateAccess } from '../state/state-access';
import type { Clock } from '../deps';
import type { HubClient } from '../hub';
import type { Logger } from '../log/logger';
import type { ConfigView } from '../agent/config-view';
import type { FirmwareNotice } from '../agent/firmware-notice';
import type { Issues } from '../agent/issues';
import type { AgentSession } from '../agent/agent-session';
import type { StatusTracker } from '../agent/status';
import type { RuntimeFirmware } from './firmware-wiring';

export const ISSUE_KEY = 'upgrade';
const COMMAND_MESSAGE_MAX = 1000;

export interface UpgradeDeps {
  appVersion: string;
  state: StateAccess;
  status: StatusTracker;
  config: ConfigView;
  notice: FirmwareNotice;
  platform: Pick<PlatformHooks, 'restartApp'>;
  /** The current session's hub client (Get File), null before the first session. */
  hub(): HubClient | null;
  session(): Pick<AgentSession, 'queueDeviceUpdate' | 'flushDeviceUpdates' | 'pendingDeviceUpdate'> | null;
  issues(): Issues;
  emitProgress(progress: UpgradeProgress): void;
  /** Send telemetry now. */
  nudge(): void;
  requireHeartbeat: boolean;
  clock: Clock;
  logger: Logger;
}

export interface UpgradeShared {
  /** A pipeline run in flight in this process. */
  active: { target: string; commandId?: string } | null;
  /** Installed, waiting for the restart (the command stays in progress until then). */
  awaitingRestart: { target: string; commandId?: string } | null;
  /** The running version is new and unproven (after onStart said `confirming`). */
  confirming: { version: string; commandId?: string } | null;
  confirmInFlight: boolean;
  telemetryOk: boolean;
  heartbeat: boolean;
  lastProgress: UpgradeProgress | null;
  /** telemetry() calls so far; an issue raised at build N is cleared by a reply to build > N. */
  builds: number;
  issueRaisedAt: number | null;
  clearTelemetryKeys: boolean;
}

export interface UpgradeContext {
  deps: UpgradeDeps;
  firmware: RuntimeFirmware;
  shared: UpgradeShared;
}

export function createShared(): UpgradeShared {
  return {
    active: null,
    awaitingRestart: null,
    confirming: null,
    confirmInFlight: false,
    telemetryOk: false,
    heartbeat: false,
    lastProgress: null,
    builds: 0,
    issueRaisedAt: null,
    clearTelemetryKeys: false,
  };
}

export function nowIso(ctx: UpgradeContext): string {
  return new Date(ctx.deps.clock.now()).toISOString();
}

export function showProgress(ctx: UpgradeContext, progress: UpgradeProgress): void {
  ctx.deps.status.setUpgrade({ kind: 'in-progress', current: ctx.deps.appVersion, target: progress.version, progress });
}

export function emptyProgress(version: string, phase: UpgradeProgress['phase']): UpgradeProgress {
  return { phase, version, bytesDone: 0, bytesTotal: null, rateBytesPerSec: 0, etaSec: null };
}

/** The failure screen, and telemetry `status: error` with the reason for one send. */
export function showFailure(ctx: UpgradeContext, target: string, reason: string): void {
  ctx.deps.status.setUpgrade({ kind: 'failed', target, reason: reason.slice(0, 2000), at: nowIso(ctx) });
  ctx.shared.issueRaisedAt = ctx.shared.builds;
  ctx.deps.issues().raise(ISSUE_KEY, `upgrade to ${target} failed: ${reason}`.slice(0, 2000));
}

/** The success screen; `latestVer` moves up so the hub's echo of this version is no notice. */
export function showSuccess(ctx: UpgradeContext, version: string): void {
  ctx.deps.status.setUpgrade({ kind: 'succeeded', version, at: nowIso(ctx) });
  ctx.deps.state.update((s) => (s.latestVer && semver.valid(s.latestVer) && !semver.lt(s.latestVer, version) ? {} : { latestVer: version }));
}

/**
 * Puts the final result on the persisted command record, so the runner reports exactly that (and
 * exactly once, across restarts) instead of re-deciding it. Only this command's undecided record.
 */
export function settleCommand(ctx: UpgradeContext, commandId: string | undefined, outcome: { status: 'done' | 'failed'; message?: string }): void {
  if (!commandId) return;
  const message = outcome.message?.slice(0, COMMAND_MESSAGE_MAX);
  ctx.deps.state.update((s) =>
    s.inflightCommand?.id === commandId && !s.inflightCommand.outcome
      ? { inflightCommand: { ...s.inflightCommand, phase: 'finished', outcome: { status: outcome.status, ...(message ? { message } : {}) } } }
      : {},
  );
}

export function addFailedVersion(ctx: UpgradeContext, version: string | undefined): void {
  if (!version) return;
  ctx.deps.state.update((s) => (s.failedVersions.includes(version) ? {} : { failedVersions: [...s.failedVersions, version] }));
}

/** Update Device `firmware_version` through the coalescer; persisted once the hub has it. */
export async function reportFirmwareVersion(ctx: UpgradeContext, version: string): Promise<void> {
  const session = ctx.deps.session();
  // No session yet: the start-up pass reports the running version anyway.
  if (!session) return;
  session.queueDeviceUpdate({ firmware_version: version });
  try {
    await session.flushDeviceUpdates();
  } catch (error) {
    ctx.deps.logger.warn('could not report the firmware version yet', { error });
  }
  if (session.pendingDeviceUpdate().firmware_version === undefined) ctx.deps.state.update({ reportedFirmwareVersion: version });
}

/** The pipeline's record is reported: the next start says `none`. */
export function markReported(ctx: UpgradeContext): void {
  try {
    ctx.firmware.updater.markReported();
  } catch (error) {
    ctx.deps.logger.error('could not mark the upgrade as reported', { error });
  }
}

