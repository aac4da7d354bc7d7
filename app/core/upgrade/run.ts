// One pipeline run in the background (the agent loop keeps sending telemetry, with the progress
// in it), and what its outcome means: restart, success, or an exact failure reason on screen, in
// telemetry and on the command.
import { errorMessage, markAwaitingRestart } from '../commands';
import type { RunRequest, UpgradeOutcome } from '../firmware';
import {
  emptyProgress,
  markReported,
  reportFirmwareVersion,
  settleCommand,
  showFailure,
  showProgress,
  showSuccess,
  type UpgradeContext,
} from './context';
import { assertNever } from '../util/assert-never';

/** Starts the run; resolves when its outcome has been handled. The caller checked nothing else runs. */
export function launchRun(ctx: UpgradeContext, prepare: () => Promise<RunRequest>, target: string, commandId?: string): Promise<void> {
  ctx.shared.active = { target, ...(commandId ? { commandId } : {}) };
  ctx.shared.lastProgress = emptyProgress(target, 'resolve');
  showProgress(ctx, ctx.shared.lastProgress);
  ctx.deps.nudge();
  return (async () => {
    let outcome: UpgradeOutcome;
    let request: RunRequest | null = null;
    try {
      request = await prepare();
      ctx.firmware.setFileSize(request.file.size ?? null);
      ctx.deps.logger.info('firmware upgrade starting', { version: request.file.version, source: request.source.kind });
      outcome = await ctx.firmware.updater.run(request);
    } catch (error) {
      // Before the pipeline (Get File, bad parameters) or its record could not be written.
      ctx.deps.logger.error('firmware upgrade could not run', { target, error });
      endRun(ctx);
      failBeforeRecord(ctx, request?.file.version ?? target, errorMessage(error), commandId);
      return;
    }
    await handleOutcome(ctx, outcome, request.file.version, commandId);
  })();
}

async function handleOutcome(ctx: UpgradeContext, outcome: UpgradeOutcome, requested: string, commandId: string | undefined): Promise<void> {
  const target = outcome.record.toVersion;
  switch (outcome.kind) {
    case 'restart-pending':
      endRun(ctx, false);
      return restartInto(ctx, target, commandId);
    case 'installed':
      endRun(ctx);
      showSuccess(ctx, target);
      settleCommand(ctx, commandId, { status: 'done' });
      markReported(ctx);
      ctx.deps.nudge();
      await reportFirmwareVersion(ctx, target);
      return;
    case 'failed':
      endRun(ctx);
      // 'busy': the record belongs to another upgrade (its version, not ours to mark reported).
      showFailure(ctx, outcome.code === 'busy' ? requested : target, outcome.reason);
      settleCommand(ctx, commandId, { status: 'failed', message: outcome.reason });
      if (outcome.code !== 'busy') markReported(ctx);
      ctx.deps.nudge();
      return;
    default:
      return assertNever(outcome, 'upgrade outcome');
  }
}

/** Installed: the command waits for the restart (its record decides after it), then restart. */
async function restartInto(ctx: UpgradeContext, target: string, commandId: string | undefined): Promise<void> {
  ctx.shared.awaitingRestart = { target, ...(commandId ? { commandId } : {}) };
  if (commandId) markAwaitingRestart(ctx.deps.state, { targetVersion: target });
  showProgress(ctx, { ...(ctx.shared.lastProgress ?? emptyProgress(target, 'restart')), phase: 'restart', version: target, rateBytesPerSec: 0, etaSec: null });
  ctx.deps.logger.info('firmware installed; restarting the application', { version: target });
  try {
    await ctx.deps.platform.restartApp();
  } catch (error) {
    // The new version is on disk and takes over at the next start; say so rather than hang.
    const reason = `version ${target} is installed but the application could not restart (${errorMessage(error)}); restart it to finish`;
    ctx.deps.logger.error('restart after the upgrade failed', { version: target, error });
    ctx.deps.status.setUpgrade({ kind: 'failed', target, reason: reason.slice(0, 2000), at: new Date(ctx.deps.clock.now()).toISOString() });
  }
}

function failBeforeRecord(ctx: UpgradeContext, target: string, reason: string, commandId: string | undefined): void {
  showFailure(ctx, target, reason);
  settleCommand(ctx, commandId, { status: 'failed', message: reason });
  ctx.deps.nudge();
}

/** The run is over: drop its progress keys from the hub's telemetry state on the next send. */
function endRun(ctx: UpgradeContext, clearKeys = true): void {
  ctx.shared.active = null;
  ctx.shared.clearTelemetryKeys = clearKeys;
}
