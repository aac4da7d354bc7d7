// One pipeline run in the background (the agent loop keeps sending telemetry, with the progress
// in it), and what its outcome means: restart, success, or an exact failure reason on screen, in
// telemetry and on the command.
import { errorMessage, markAwaitingRestart } from '../commands';
import type { RunRequest, UpgradeOutcome } from '../firmware';
import { assertNever } from '../util/assert-never';
import { emptyProgress, markReported, reportFirmwareVersion, settleCommand, showFailure, showProgress, showSuccess } from './reports';
import type { UpgradeContext } from './upgrade-deps';

/** Starts the run; resolves when its outcome has been handled. The caller checked nothing else runs. */
export function launchRun(ctx: UpgradeContext, prepare: () => Promise<RunRequest>, target: string, commandId?: string): Promise<void> {
  const progress = emptyProgress(target, 'resolve');
  ctx.dispatch({ kind: 'run-started', target, commandId, progress });
  showProgress(ctx, progress);
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
      ctx.dispatch({ kind: 'run-failed' });
      fail(ctx, request?.file.version ?? target, errorMessage(error), commandId);
      return;
    }
    await handleOutcome(ctx, outcome, request.file.version, commandId);
  })();
}

async function handleOutcome(ctx: UpgradeContext, outcome: UpgradeOutcome, requested: string, commandId: string | undefined): Promise<void> {
  const target = outcome.record.toVersion;
  switch (outcome.kind) {
    case 'restart-pending':
      ctx.dispatch({ kind: 'restart-requested' });
      return restartInto(ctx, target, commandId);
    case 'installed':
      ctx.dispatch({ kind: 'run-installed' });
      showSuccess(ctx, target);
      settleCommand(ctx, commandId, { status: 'done' });
      markReported(ctx);
      ctx.deps.nudge();
      await reportFirmwareVersion(ctx, target);
      return;
    case 'failed':
      ctx.dispatch({ kind: 'run-failed' });
      // 'busy': the record belongs to another upgrade (its version, not ours to mark reported).
      fail(ctx, outcome.code === 'busy' ? requested : target, outcome.reason, commandId);
      if (outcome.code !== 'busy') markReported(ctx);
      return;
    default:
      return assertNever(outcome, 'upgrade outcome');
  }
}

/** Installed: the command waits for the restart (its record decides after it), then restart. */
async function restartInto(ctx: UpgradeContext, target: string, commandId: string | undefined): Promise<void> {
  if (commandId) markAwaitingRestart(ctx.deps.state, { targetVersion: target });
  const phase = ctx.state().phase;
  if (phase.kind === 'restarting') showProgress(ctx, phase.progress);
  ctx.deps.logger.info('firmware installed; restarting the application', { version: target });
  try {
    await ctx.deps.platform.restartApp();
  } catch (error) {
    // The new version is on disk and takes over at the next start; say so rather than hang. No
    // restart is under way any more, so the command gets its result now (reported next tick)
    // instead of waiting out the runner's restart grace.
    ctx.dispatch({ kind: 'restart-failed' });
    const reason = `version ${target} is installed but the application could not restart (${errorMessage(error)}); restart it to finish`;
    ctx.deps.logger.error('restart after the upgrade failed', { version: target, error });
    ctx.deps.status.setUpgrade({ kind: 'failed', target, reason: reason.slice(0, 2000), at: new Date(ctx.deps.clock.now()).toISOString() });
    settleCommand(ctx, commandId, { status: 'failed', message: reason });
    ctx.deps.nudge();
  }
}

function fail(ctx: UpgradeContext, target: string, reason: string, commandId: string | undefined): void {
  showFailure(ctx, target, reason);
  settleCommand(ctx, commandId, { status: 'failed', message: reason });
  ctx.deps.nudge();
}
