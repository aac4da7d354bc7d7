// The pre-run stage after every start (docs/PROTOCOL.md#start-up-pass). Steps run
// in order; a failed step is retried (after the caller's back-off) from where it stopped, so the
// `device_booted` event is added once and the override telemetry is not repeated after it
// succeeded.
import type { TelemetryReply, TelemetryRequest } from '../hub';
import type { Logger } from '../log/logger';
import type { StateAccess } from '../state/state-access';
import type { AgentSession, ConfigOutcome } from './agent-session';
import { assertNever } from '../util/assert-never';

export type StartupStep = 'report-interrupted' | 'override-telemetry' | 'pull-config' | 'close-incidents' | 'device-booted' | 'firmware-version';
export const STARTUP_ORDER: readonly StartupStep[] = [
  'report-interrupted',
  'override-telemetry',
  'pull-config',
  'close-incidents',
  'device-booted',
  'firmware-version',
];

export interface StartupDeps {
  session: AgentSession;
  state: StateAccess;
  appVersion: string;
  now(): number;
  logger: Logger;
  /** The telemetry body for this send; `override: true` is added here. */
  buildTelemetry(): TelemetryRequest;
  onTelemetryReply(reply: TelemetryReply): void;
  onConfigOutcome(outcome: ConfigOutcome): void;
}

export interface StartupPass {
  /** Runs the remaining steps; resolves with the override telemetry's reply. Throws on a failed step. */
  run(): Promise<TelemetryReply>;
}

export function createStartupPass(deps: StartupDeps): StartupPass {
  const done = new Set<StartupStep>();
  let reply: TelemetryReply | null = null;

  const runStep = async (step: StartupStep): Promise<void> => {
    switch (step) {
      case 'report-interrupted':
        return deps.session.reportInterrupted();
      case 'override-telemetry': {
        // The only send with override: the hub drops keys from an earlier life of the process.
        reply = await deps.session.hub.sendTelemetry({ ...deps.buildTelemetry(), override: true });
        deps.onTelemetryReply(reply);
        return;
      }
      case 'pull-config':
        deps.onConfigOutcome(await deps.session.syncConfig(reply?.config_version ?? deps.state.get().configVersion, { force: true }));
        return;
      case 'close-incidents':
        await deps.session.hub.closeIncidents();
        if (deps.state.get().openIncidents.length > 0) deps.state.update({ openIncidents: [] });
        return;
      case 'device-booted':
        return deps.session.hub.addEvent({
          name: 'device_booted',
          category: 'lifecycle',
          string_key_1: deps.appVersion.slice(0, 255),
          timestamp: new Date(deps.now()).toISOString(),
        });
      case 'firmware-version':
        return reportFirmwareVersion(deps);
      default:
        return assertNever(step, 'start-up step');
    }
  };

  return {
    async run() {
      for (const step of STARTUP_ORDER) {
        if (done.has(step)) continue;
        await runStep(step);
        done.add(step);
        deps.logger.debug('start-up step done', { step });
      }
      if (!reply) throw new Error('start-up pass finished without a telemetry reply');
      return reply;
    },
  };
}

/** Update Device `firmware_version` only when it differs from what the hub last heard. */
async function reportFirmwareVersion(deps: StartupDeps): Promise<void> {
  if (deps.state.get().reportedFirmwareVersion === deps.appVersion) return;
  // Unproven or rolled back: the upgrade reports the version once it proved healthy.
  if (deps.session.holdFirmwareReport()) return;
  // Throttled (10/h): if it stays queued the loop's flush sends it later; the persisted value only
  // moves once the hub has it, so a restart before that queues it again.
  await deps.session.reportFirmwareVersion(deps.appVersion);
}
