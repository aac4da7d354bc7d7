// How an upgrade outcome is told: the status view, the telemetry issue, the command result on its
// persisted record, the failed-versions list and Update Device firmware_version. Each outcome in
// run.ts / start-verdict.ts is a short list of these; none of them changes the upgrade's state.
import semver from 'semver';
import type { UpgradeProgress } from '../../ipc/contract';
import type { UpgradeContext } from './upgrade-deps';

export const ISSUE_KEY = 'upgrade';
const COMMAND_MESSAGE_MAX = 1000;

export function nowIso(ctx: UpgradeContext): string {
  return new Date(ctx.deps.clock.now()).toISOString();
}

export function showProgress(ctx: UpgradeContext, progress: UpgradeProgress): void {
  ctx.deps.status.setUpgrade({ kind: 'in-progress', current: ctx.deps.appVersion, target: progress.version, progress });
}

export function emptyProgress(version: string, phase: UpgradeProgress['phase']): UpgradeProgress {
  return { phase, version, bytesDone: 0, bytesTotal: null, rateBytesPerSec: 0, etaSec: null };
}

/** The failure screen, and telemetry `status: error` with the reason (for one send, see machine.ts). */
export function showFailure(ctx: UpgradeContext, target: string, reason: string): void {
  ctx.deps.status.setUpgrade({ kind: 'failed', target, reason: reason.slice(0, 2000), at: nowIso(ctx) });
  ctx.deps.issues.raise(ISSUE_KEY, `upgrade to ${target} failed: ${reason}`.slice(0, 2000));
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

/** A version confirmed healthy (or installed in place) is now the running one: tell the hub. */
export async function reportFirmwareVersion(ctx: UpgradeContext, version: string): Promise<void> {
  // No session yet: the start-up pass reports the running version anyway.
  const session = ctx.deps.session();
  if (!session) return;
  try {
    await session.reportFirmwareVersion(version);
  } catch (error) {
    ctx.deps.logger.warn('could not report the firmware version yet', { error });
  }
}

/** The pipeline's record is reported: the next start says `none`. */
export function markReported(ctx: UpgradeContext): void {
  try {
    ctx.firmware.updater.markReported();
  } catch (error) {
    ctx.deps.logger.error('could not mark the upgrade as reported', { error });
  }
}
