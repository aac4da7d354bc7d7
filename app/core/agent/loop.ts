// One session = one set of credentials: the start-up pass, then the telemetry loop (docs/PROTOCOL.md#timing-and-backoff,
// docs/PROTOCOL.md#telemetry-loop). Ticks never overlap (one async loop, no timers); the period comes from
// the config and a nudge sends early. Failures back off with full jitter and reset after a
// success; only a 401 ends the session (the agent then wipes and registers again).
import type { ConnectionState } from '../../ipc/contract';
import type { Clock, Random } from '../deps';
import { HubError, type TelemetryReply, type TelemetryRequest, type TelemetryValue } from '../hub';
import type { Logger } from '../log/logger';
import type { StateAccess } from '../state/state-access';
import { createBackfill } from '../telemetry/backfill';
import type { TelemetryBacklog } from '../telemetry/backlog';
import { createRecoveryBackoff, nextTickDelay } from './recovery';
import { classifyFailure, connectionForWait } from './failure';
import type { FirmwareNotice } from './firmware-notice';
import type { Issues } from './issues';
import type { AgentSession, ConfigOutcome } from './agent-session';
import type { Sleeper } from './sleeper';
import { createStartupPass } from './start-up-pass';
import type { StatusTracker } from './status';
import { runSyncSteps, type SyncDeps } from './sync';

export interface LoopDeps {
  session: AgentSession;
  state: StateAccess;
  status: StatusTracker;
  notice: FirmwareNotice;
  issues: Issues;
  sleeper: Sleeper;
  clock: Clock;
  random: Random;
  logger: Logger;
  appVersion: string;
  /** Current telemetry period (config, or the runner's override). */
  intervalMs(): number;
  signal: AbortSignal;
  upgradeHooks?: UpgradeLoopHooks | undefined;
  /** Store-and-forward: samples the hub did not take, sent again after recovery. */
  backlog?: TelemetryBacklog | undefined;
}

export interface UpgradeLoopHooks {
  /** Every successful telemetry send (the first one is half of a new version's health proof). */
  onTelemetryReply(): void;
  /** After the firmware notice step of each tick (the `auto` policy starts inside its window). */
  afterFirmwareStep(): void;
}

export type SessionEnd = 'unauthorized';

/** Runs until the hub drops the credentials; rejects with AbortError when stopped. */
export async function runSession(deps: LoopDeps): Promise<SessionEnd> {
  // Persisted once per credentials, so a kiosk restarted during an outage recovers as fast.
  let wasHealthy = deps.state.get().reachedHub;
  const markHealthy = () => {
    if (wasHealthy) return;
    wasHealthy = true;
    try {
      deps.state.update({ reachedHub: true });
    } catch (error) {
      // A state write that fails (disk full) costs only the fast recovery after a restart.
      deps.logger.warn('could not record that the hub was reached', { error });
    }
  };
  const backoff = createRecoveryBackoff(deps.intervalMs, () => wasHealthy, deps.random);
  const onConfigOutcome = (outcome: ConfigOutcome) => {
    if (outcome.kind === 'refused') {
      deps.issues.raise('config', outcome.message ?? `config version ${outcome.version} refused`);
    } else if (outcome.kind === 'applied') {
      deps.issues.clear('config');
    }
  };
  const buildTelemetry = (): TelemetryRequest => {
    const issue = deps.issues.current();
    const request: TelemetryRequest = {
      status: issue ? 'error' : 'online',
      timestamp: new Date(deps.clock.now()).toISOString(),
      telemetries: withBacklogKeys(deps.session.collectTelemetry(), deps.backlog?.telemetry()),
    };
    if (issue) request.message = issue;
    return request;
  };
  // When the hub stopped answering, so the operator reading the log sees the outage end too.
  let outage: { since: number; failures: number } | null = null;
  const onTelemetryReply = (_reply: TelemetryReply) => {
    if (outage) {
      deps.logger.info('hub answers again', { outageSec: Math.round((deps.clock.now() - outage.since) / 1000), failedCalls: outage.failures });
      outage = null;
    }
    // Published once, with whatever the sync steps change, by the setConnection that ends every
    // round (success or failure): one status snapshot per tick, not two.
    deps.status.noteLastTelemetryAt(deps.clock.now());
    deps.upgradeHooks?.onTelemetryReply();
  };
  const syncDeps: SyncDeps = {
    session: deps.session,
    state: deps.state,
    notice: deps.notice,
    logger: deps.logger,
    onConfigOutcome,
    afterFirmwareStep: deps.upgradeHooks?.afterFirmwareStep,
  };

  const backfill = deps.backlog
    ? createBackfill({ backlog: deps.backlog, hub: deps.session.hub, now: deps.clock.now, logger: deps.logger })
    : null;
  const keepSample = (build: () => TelemetryRequest) => {
    if (!deps.backlog) return;
    try {
      deps.backlog.keep(build(), deps.intervalMs());
    } catch (error) {
      deps.logger.warn('telemetry sample could not be kept', { error });
    }
  };
  /** The live sample; kept for later when the hub could not be reached. */
  const sendLiveTelemetry = async (): Promise<TelemetryReply> => {
    const sample = buildTelemetry();
    try {
      return await deps.session.hub.sendTelemetry(sample);
    } catch (error) {
      if (isOutage(error)) keepSample(() => sample);
      throw error;
    }
  };

  /** true = the session is over (401). */
  const waitAfter = async (error: unknown): Promise<boolean> => {
    if (deps.signal.aborted) throw deps.signal.reason ?? error;
    const action = classifyFailure(error, backoff, deps.random);
    if (action.kind === 'reregister') {
      deps.backlog?.clear();
      deps.logger.warn('credentials rejected; registering again', { error });
      return true;
    }
    deps.logger.warn('hub call failed', { error, retryInMs: action.delayMs, failures: backoff.failures });
    outage = outage ? { ...outage, failures: outage.failures + 1 } : { since: deps.clock.now(), failures: 1 };
    deps.status.setConnection(connectionForWait(action, deps.clock.now()));
    await deps.sleeper.sleep(action.delayMs, deps.signal, false);
    return false;
  };

  const startup = createStartupPass({
    session: deps.session,
    state: deps.state,
    appVersion: deps.appVersion,
    now: deps.clock.now,
    logger: deps.logger,
    buildTelemetry,
    onTelemetryReply,
    onConfigOutcome,
  });
  let reply: TelemetryReply | null = null;
  while (!reply) {
    try {
      reply = await startup.run();
    } catch (error) {
      // Booting during an outage: what the kiosk measures meanwhile is kept like a failed tick's
      // sample (same caps, one per interval) and replayed once the pass got through.
      if (isOutage(error)) keepSample(buildTelemetry);
      if (await waitAfter(error)) return 'unauthorized';
    }
  }
  markHealthy();

  let tickStartedAt = deps.clock.now();
  for (;;) {
    try {
      if (!reply) {
        tickStartedAt = deps.clock.now();
        // Right after an outage the live sample alone is the probe; history follows next tick.
        // An empty backlog (every quiet tick) costs no batch call.
        if (backfill && backoff.failures === 0 && (deps.backlog?.size() ?? 0) > 0) await backfill.sendBatch();
        reply = await sendLiveTelemetry();
        onTelemetryReply(reply);
      }
      await runSyncSteps(syncDeps, reply);
      await deps.session.flushDeviceUpdates();
      backoff.reset();
      markHealthy();
      // Also publishes whatever the sync steps changed in the stores.
      deps.status.setConnection(healthyConnection(deps.issues));
    } catch (error) {
      if (await waitAfter(error)) return 'unauthorized';
      // After a failure the next round starts with a fresh telemetry send.
      reply = null;
      continue;
    }
    reply = null;
    await deps.sleeper.sleep(nextTickDelay(deps.intervalMs(), deps.clock.now() - tickStartedAt), deps.signal, true);
  }
}

/** The session's sample as is on a quiet tick (an empty backlog adds no keys: no copy of it). */
function withBacklogKeys(values: Record<string, TelemetryValue>, backlogKeys: Record<string, TelemetryValue> | undefined): Record<string, TelemetryValue> {
  if (!backlogKeys) return values;
  for (const _key in backlogKeys) return { ...values, ...backlogKeys };
  return values;
}

function isOutage(error: unknown): boolean {
  return error instanceof HubError && (error.kind === 'transient' || error.kind === 'rate-limited');
}

/**
 * The hub answers: online. A standing issue (a refused config, a failed upgrade) is reported to the
 * hub as telemetry `status: error`, but the screen stays "Online" with a discreet marker: a typo
 * in the cloud config must not turn the public screen into a red error.
 */
function healthyConnection(issues: Issues): ConnectionState {
  const issue = issues.current();
  return issue ? { state: 'online', issue } : { state: 'online' };
}
