// The device agent (DESIGN §3, xyte-device-api.md §7.1): register → start-up pass → telemetry
// loop, and back to registration when the hub says 401. One async loop, started once; stop()
// aborts every wait. Nothing here may reject unhandled: every failure becomes a state + a wait.
import { isAbortError, type Clock, type Random } from '../deps';
import type { EntryClient, HubClient, JsonObject } from '../hub';
import type { Logger } from '../log/logger';
import type { HardwareIdentity, Identity } from '../state/schema';
import type { StateAccess } from '../state/state-access';
import { createBackoff, HUB_BACKOFF } from './backoff';
import type { FirmwareNotice } from './firmware-notice';
import { createIssues, type Issues } from './issues';
import { runSession, type UpgradeLoopHooks } from './loop';
import { connectionForRegistration, registerUntilDone, type IdentityStoreLike } from './registration';
import type { OpenSession } from './agent-session';
import { createSleeper } from './sleeper';
import type { StatusTracker } from './status';
import { errorMessage } from '../commands';
import type { TelemetryBacklog } from '../telemetry/backlog';

export interface AgentStateStore extends StateAccess {
  /** Drop everything the cloud scoped to the old device id (keeps latestVer, failedVersions…). */
  wipeCloudScoped(): void;
}

export interface AgentDeps {
  appVersion: string;
  clock: Clock;
  random: Random;
  logger: Logger;
  entry: EntryClient;
  identityStore: IdentityStoreLike;
  state: AgentStateStore;
  hardware: HardwareIdentity;
  registrationName?: string;
  registrationDetails?: JsonObject;
  openHub(identity: Identity): HubClient;
  openSession: OpenSession;
  status: StatusTracker;
  notice: FirmwareNotice;
  intervalMs(): number;
  /** The firmware upgrade's hooks into the loop (health signal, auto-policy check). */
  upgradeHooks?: UpgradeLoopHooks;
  /** Store-and-forward telemetry (kept samples sent again after an outage). */
  backlog?: TelemetryBacklog;
  /** Called with every identity in use (e.g. to register the access key with the log masker), null after a wipe. */
  onIdentity?(identity: Identity | null): void;
}

export interface Agent {
  /** Starts the loop once; later calls are no-ops. */
  start(): void;
  /** Aborts every wait and resolves when the loop has ended (or after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** Send telemetry now (a notable event happened). */
  nudge(): void;
  readonly issues: Issues;
}

export function createAgent(deps: AgentDeps): Agent {
  const controller = new AbortController();
  const sleeper = createSleeper(deps.clock);
  const issues = createIssues(() => {
    sleeper.nudge();
    deps.status.publish();
  });
  let running: Promise<void> | null = null;

  const run = async (): Promise<void> => {
    const signal = controller.signal;
    // Guards against a bug looping fast: unexpected errors (a full disk…) wait like hub failures.
    const crashBackoff = createBackoff(HUB_BACKOFF, deps.random);
    while (!signal.aborted) {
      try {
        await runOnce(deps, { signal, sleeper, issues });
        crashBackoff.reset();
      } catch (error) {
        if (isAbortError(error) || signal.aborted) return;
        const delayMs = crashBackoff.next();
        deps.logger.error('agent failed unexpectedly; retrying', { error, retryInMs: delayMs });
        deps.status.setConnection({ state: 'error', message: `Internal error: ${errorMessage(error)}`.slice(0, 2000) });
        await deps.clock.sleep(delayMs, signal).catch(() => undefined);
      }
    }
  };

  return {
    start() {
      running ??= run().catch((error: unknown) => deps.logger.error('agent loop ended', { error }));
    },
    async stop(graceMs = 5_000) {
      controller.abort();
      if (!running) return;
      // An in-flight request cannot be aborted; do not let it hold shutdown past the grace period.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      });
      await Promise.race([running, grace]);
      clearTimeout(timer);
    },
    nudge: () => sleeper.nudge(),
    issues,
  };
}

interface RunContext {
  signal: AbortSignal;
  sleeper: ReturnType<typeof createSleeper>;
  issues: Issues;
}

/** One life of one identity: load or register, run the session, wipe on 401. */
async function runOnce(deps: AgentDeps, ctx: RunContext): Promise<void> {
  const identity = deps.identityStore.load() ?? (await register(deps, ctx.signal));
  deps.onIdentity?.(identity);
  deps.status.publish();
  const session = deps.openSession(deps.openHub(identity));
  let end: Awaited<ReturnType<typeof runSession>>;
  try {
    end = await runSession({
      session,
      state: deps.state,
      status: deps.status,
      notice: deps.notice,
      issues: ctx.issues,
      sleeper: ctx.sleeper,
      clock: deps.clock,
      random: deps.random,
      logger: deps.logger,
      appVersion: deps.appVersion,
      intervalMs: deps.intervalMs,
      signal: ctx.signal,
      ...(deps.upgradeHooks ? { upgradeHooks: deps.upgradeHooks } : {}),
      ...(deps.backlog ? { backlog: deps.backlog } : {}),
    });
  } finally {
    session.close?.();
  }
  if (end === 'unauthorized') {
    // A refusal belonged to the old device record; the new one starts from its own config.
    ctx.issues.clear('config');
    wipeCredentials(deps);
  }
}

async function register(deps: AgentDeps, signal: AbortSignal): Promise<Identity> {
  const identity = await registerUntilDone({
    entry: deps.entry,
    identityStore: deps.identityStore,
    hardware: deps.hardware,
    appVersion: deps.appVersion,
    ...(deps.registrationName ? { name: deps.registrationName } : {}),
    ...(deps.registrationDetails ? { details: deps.registrationDetails } : {}),
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger,
    signal,
    onState: (state) => {
      // "registered" shows as soon as the first telemetry answers, not before.
      if (state.kind !== 'registered') deps.status.setConnection(connectionForRegistration(state));
    },
  });
  // Register Device carried firmware_version, so the hub already knows the running version.
  deps.state.update({ reportedFirmwareVersion: deps.appVersion });
  return identity;
}

/** 401: the device was deleted in the cloud. Keep hardware identity, drop the rest (DESIGN §3.2). */
function wipeCredentials(deps: AgentDeps): void {
  deps.identityStore.wipe();
  deps.state.wipeCloudScoped();
  deps.onIdentity?.(null);
  deps.logger.warn('credentials wiped after 401; registering again');
  deps.status.setConnection({ state: 'registering', attempt: 0, message: 'The hub no longer knows this device; registering again' });
}

