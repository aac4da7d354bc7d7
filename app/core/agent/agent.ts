// The device agent (docs/PROTOCOL.md#decisions-at-a-glance, #telemetry-loop): register → start-up pass → telemetry
// loop, and back to registration when the hub says 401. One async loop, started once; stop()
// aborts every wait. Nothing here may reject unhandled: every failure becomes a state + a wait.
import { isAbortError, type Clock, type Random } from '../deps';
import type { EntryClient, HubClient, JsonObject } from '../hub';
import type { Logger } from '../log/logger';
import type { HardwareIdentity, Identity } from '../state/schema';
import type { StateAccess } from '../state/state-access';
import { createBackoff, HUB_BACKOFF } from './backoff';
import type { FirmwareNotice } from './firmware-notice';
import { runSession, type UpgradeLoopHooks } from './loop';
import { connectionForRegistration, registerUntilDone, type IdentityStoreLike } from './registration';
import type { OpenSession } from './agent-session';
import type { AgentSignals } from './signals';
import type { StatusTracker } from './status';
import { errorMessage } from '../commands';
import { createRejectionLog, handleUnauthorized, type RejectionLog } from './unauthorized';
import type { TelemetryBacklog } from '../telemetry/backlog';
import { clampTimerDelay } from '../util/timer-delay';

export interface AgentStateStore extends StateAccess {
  /** Drop everything the cloud scoped to the old device id (keeps latestVer, failedVersions…). */
  wipeCloudScoped(): void;
}

/** Who is running and the clock, random source and logger every part of the agent uses. */
export interface AgentEnv {
  appVersion: string;
  clock: Clock;
  random: Random;
  logger: Logger;
}

/** What the loop reads, shows and reacts with. */
export interface AgentView extends Omit<AgentSignals, 'nudge'> {
  state: AgentStateStore;
  status: StatusTracker;
  notice: FirmwareNotice;
}

/** What Register Device needs besides the env. */
export interface RegistrationSetup {
  entry: EntryClient;
  identityStore: IdentityStoreLike;
  hardware: HardwareIdentity;
  name?: string | undefined;
  details?: JsonObject | undefined;
}

export interface AgentDeps {
  env: AgentEnv;
  view: AgentView;
  registration: RegistrationSetup;
  openHub(identity: Identity): HubClient;
  openSession: OpenSession;
  intervalMs(): number;
  /** The firmware upgrade's hooks into the loop (health signal, auto-policy check). */
  upgradeHooks?: UpgradeLoopHooks | undefined;
  /** Store-and-forward telemetry (kept samples sent again after an outage). */
  backlog?: TelemetryBacklog | undefined;
  /** Called with every identity in use (e.g. to register the access key with the log masker), null after a wipe. */
  onIdentity?: ((identity: Identity | null) => void) | undefined;
}

export interface Agent {
  /** Starts the loop once; later calls are no-ops. */
  start(): void;
  /** Aborts every wait and resolves when the loop has ended (or after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export function createAgent(deps: AgentDeps): Agent {
  const { env, view } = deps;
  const controller = new AbortController();
  let running: Promise<void> | null = null;

  const run = async (): Promise<void> => {
    const signal = controller.signal;
    // Guards against a bug looping fast: unexpected errors (a full disk…) wait like hub failures.
    const crashBackoff = createBackoff(HUB_BACKOFF, env.random);
    const rejections = createRejectionLog();
    while (!signal.aborted) {
      try {
        await runOnce(deps, signal, rejections);
        crashBackoff.reset();
      } catch (error) {
        if (isAbortError(error) || signal.aborted) return;
        const delayMs = crashBackoff.next();
        env.logger.error('agent failed unexpectedly; retrying', { error, retryInMs: delayMs });
        view.status.setConnection({ state: 'error', message: `Internal error: ${errorMessage(error)}`.slice(0, 2000) });
        await env.clock.sleep(delayMs, signal).catch(() => undefined);
      }
    }
  };

  return {
    start() {
      running ??= run().catch((error: unknown) => env.logger.error('agent loop ended', { error }));
    },
    async stop(graceMs = 5_000) {
      controller.abort();
      if (!running) return;
      // An in-flight request cannot be aborted; do not let it hold shutdown past the grace period.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, clampTimerDelay(graceMs));
        timer.unref();
      });
      await Promise.race([running, grace]);
      clearTimeout(timer);
    },
  };
}

/** One life of one identity: load or register, run the session; a 401 goes to handleUnauthorized. */
async function runOnce(deps: AgentDeps, signal: AbortSignal, rejections: RejectionLog): Promise<void> {
  const identity = deps.registration.identityStore.load() ?? (await register(deps, signal));
  deps.onIdentity?.(identity);
  deps.view.status.publish();
  const session = deps.openSession(deps.openHub(identity));
  let end: Awaited<ReturnType<typeof runSession>>;
  try {
    // A telemetry the hub accepted proves the credentials: earlier 401s no longer count.
    const upgradeHooks = {
      onTelemetryReply: () => {
        rejections.reset();
        deps.upgradeHooks?.onTelemetryReply();
      },
      afterFirmwareStep: () => deps.upgradeHooks?.afterFirmwareStep(),
    };
    end = await runSession({ ...deps.env, ...deps.view, session, signal, intervalMs: deps.intervalMs, upgradeHooks, backlog: deps.backlog });
  } finally {
    session.close?.();
  }
  if (end === 'unauthorized') await handleUnauthorized(deps, identity, rejections, signal);
}

async function register(deps: AgentDeps, signal: AbortSignal): Promise<Identity> {
  const { status, state } = deps.view;
  const identity = await registerUntilDone({
    ...deps.env,
    ...deps.registration,
    signal,
    onState: (registration) => {
      // "registered" shows as soon as the first telemetry answers, not before.
      if (registration.kind !== 'registered') status.setConnection(connectionForRegistration(registration));
    },
  });
  // Register Device carried firmware_version, so the hub already knows the running version.
  state.update({ reportedFirmwareVersion: deps.env.appVersion });
  return identity;
}
