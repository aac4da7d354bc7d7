// At every start, before the agent loop: what the persisted upgrade record means now (resume,
// confirm, or report a terminal result), and later the health signal that commits a new version.
// Runs BEFORE the command runner's start-up report, so a command's result is already decided on
// its record (or held back while the new version is unproven) when the runner looks at it.
import type { StartVerdict } from '../firmware';
import { assertNever } from '../util/assert-never';
import { isReadyToConfirm } from './machine';
import { addFailedVersion, emptyProgress, markReported, reportFirmwareVersion, settleCommand, showFailure, showProgress, showSuccess } from './reports';
import { launchRun } from './run';
import type { UpgradeContext } from './upgrade-deps';

export interface StartOutcome {
  /**
   * A rolled-back version asked the shell to restart into the previous one: this process is on
   * its way out, so the agent loop must not start (it would tell the hub the bad version runs).
   */
  restartRequested: boolean;
  /** A resumed run, for callers that want to await it (tests). */
  resumed: Promise<void> | null;
}

export async function handleStart(ctx: UpgradeContext): Promise<StartOutcome> {
  let verdict: StartVerdict;
  try {
    verdict = await ctx.firmware.updater.onStart();
  } catch (error) {
    ctx.deps.logger.error('could not read the upgrade record at start', { error });
    return { restartRequested: false, resumed: null };
  }
  return applyVerdict(ctx, verdict);
}

async function applyVerdict(ctx: UpgradeContext, verdict: StartVerdict): Promise<StartOutcome> {
  const none: StartOutcome = { restartRequested: false, resumed: null };
  switch (verdict.kind) {
    case 'none':
      return none;
    case 'resume': {
      const { record } = verdict;
      const file = record.file;
      if (!file) {
        ctx.deps.logger.error('an interrupted upgrade has no file to resume', { version: record.toVersion });
        return none;
      }
      const commandId = record.source.kind === 'command' ? record.source.commandId : undefined;
      ctx.deps.logger.info('resuming an interrupted firmware upgrade', { version: record.toVersion, step: record.step });
      const request = { source: record.source, file, exactVersionRequested: record.exactVersionRequested };
      return { restartRequested: false, resumed: launchRun(ctx, async () => request, file.version, commandId) };
    }
    case 'confirming': {
      const { record } = verdict;
      const commandId = record.source.kind === 'command' ? record.source.commandId : undefined;
      ctx.dispatch({ kind: 'confirm-needed', version: record.toVersion, commandId });
      showProgress(ctx, emptyProgress(record.toVersion, 'confirm'));
      return none;
    }
    case 'committed':
      showSuccess(ctx, verdict.record.toVersion);
      settleCommand(ctx, verdict.commandId, { status: 'done' });
      markReported(ctx);
      return none;
    case 'failed':
      reportFailure(ctx, verdict.record.toVersion, verdict.reason, verdict.failedVersion, verdict.commandId);
      return none;
    case 'rolled-back': {
      reportFailure(ctx, verdict.failedVersion, `rolled back: ${verdict.reason}`, verdict.failedVersion, verdict.commandId);
      if (!verdict.restartRequired) return none;
      // This process still runs the rolled-back version: never report it, even if the restart fails.
      ctx.dispatch({ kind: 'superseded', version: ctx.deps.appVersion });
      try {
        await ctx.deps.platform.restartApp();
        return { restartRequested: true, resumed: null };
      } catch (error) {
        ctx.deps.logger.error('restart into the previous version failed; restart the application', { error });
        return none;
      }
    }
    default:
      return assertNever(verdict, 'start verdict');
  }
}

function reportFailure(ctx: UpgradeContext, target: string, reason: string, failedVersion: string | undefined, commandId: string | undefined): void {
  ctx.deps.logger.warn('firmware upgrade ended in failure', { target, reason });
  ctx.dispatch({ kind: 'failure-found' });
  addFailedVersion(ctx, failedVersion);
  showFailure(ctx, target, reason);
  settleCommand(ctx, commandId, { status: 'failed', message: reason });
  markReported(ctx);
}

/** First successful telemetry and (when required) a renderer heartbeat: the new version is healthy. */
export function maybeConfirm(ctx: UpgradeContext): Promise<void> | null {
  const state = ctx.state();
  if (!isReadyToConfirm(state, ctx.deps.requireHeartbeat) || state.phase.kind !== 'confirming') return null;
  ctx.dispatch({ kind: 'confirm-begun' });
  return confirmNow(ctx, state.phase.version);
}

async function confirmNow(ctx: UpgradeContext, version: string): Promise<void> {
  let committed: boolean;
  try {
    committed = (await ctx.firmware.updater.confirmHealthy()) !== null;
  } catch (error) {
    // Still unproven: the next telemetry reply tries again, and the command stays held.
    ctx.deps.logger.error('could not record the confirmation', { error });
    ctx.dispatch({ kind: 'confirm-error' });
    return;
  }
  // Released either way: the command record's afterRestart rule decides it (running === target).
  ctx.dispatch({ kind: 'confirm-settled' });
  if (committed) {
    ctx.deps.logger.info('new version confirmed healthy', { version });
    showSuccess(ctx, version);
    markReported(ctx);
    await reportFirmwareVersion(ctx, version);
  } else {
    ctx.deps.status.setUpgrade({ kind: 'idle' });
  }
  ctx.deps.nudge();
}
