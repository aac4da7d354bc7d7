// An AgentSession for unit tests of the loop, the sync steps and the start-up pass: every call the
// agent makes (session verbs and hub calls) lands in ONE ordered log, so a test asserts the order
// directly. Replies, config outcomes and one-shot failures are set per test. Integration tests use
// the real session against the hub simulator instead.
import type { AgentSession, ConfigOutcome } from '../../../app/core/agent/agent-session';
import type { TelemetryReply, TelemetryRequest, UpdateDeviceRequest } from '../../../app/core/hub/types';
import type { StateAccess } from '../../../app/core/state/state-access';
import { createFakeHubClient, type FakeHubClient } from '../support/fake-hub-client';

export interface FakeSession extends AgentSession {
  readonly hub: FakeHubClient;
  /** Every call in order: session verbs by name, hub calls as `hub.<method>`. */
  readonly log: string[];
  readonly telemetry: TelemetryRequest[];
  readonly events: string[];
  /** Fields Update Device really sent (after the fake's throttle, see `holdDeviceUpdates`). */
  readonly sentUpdates: UpdateDeviceRequest[];
  /** The next telemetry reply (merged over a quiet one). */
  reply: Partial<TelemetryReply>;
  /** What the next syncConfig returns (default: unchanged at the asked version). */
  configOutcome: ((serverVersion: number, force: boolean) => ConfigOutcome) | null;
  /** Queued Update Device fields stay queued (a throttled coalescer). */
  holdDeviceUpdates: boolean;
  firmwareReportHeld: boolean;
  refusedVersion: number | null;
  /** The Update Device fields still queued. */
  pending(): UpdateDeviceRequest;
  /** The next call of `name` (a log entry) throws `error`. */
  failNext(name: string, error: Error): void;
}

export const QUIET_REPLY: TelemetryReply = {
  config_version: 0,
  command: false,
  new_licenses: false,
  info_version: 0,
  latest_fw_version: null,
  latest_fw_file_id: null,
  space_data_version: 0,
};

/** `state` receives `reportedFirmwareVersion` once a firmware_version report went out (as the real session does). */
export function createFakeSession(state?: StateAccess): FakeSession {
  const hub = createFakeHubClient();
  const faults = new Map<string, Error>();
  let queued: UpdateDeviceRequest = {};
  const enter = (name: string) => {
    session.log.push(name);
    const error = faults.get(name);
    if (error) {
      faults.delete(name);
      throw error;
    }
  };
  hub.sendTelemetry = async (body) => {
    enter('hub.sendTelemetry');
    session.telemetry.push(body);
    return { ...QUIET_REPLY, ...session.reply };
  };
  hub.getSpace = async () => {
    enter('hub.getSpace');
    return { name: 'Lobby', maintenance: false };
  };
  hub.getDeviceInfo = async () => {
    enter('hub.getDeviceInfo');
    return { name: 'Kiosk 1' };
  };
  hub.closeIncidents = async () => {
    enter('hub.closeIncidents');
  };
  hub.addEvent = async (event) => {
    enter('hub.addEvent');
    session.events.push(event.name);
  };

  const session: FakeSession = {
    hub,
    log: [],
    telemetry: [],
    events: [],
    sentUpdates: [],
    reply: {},
    configOutcome: null,
    holdDeviceUpdates: false,
    firmwareReportHeld: false,
    refusedVersion: null,
    pending: () => ({ ...queued }),
    failNext: (name, error) => void faults.set(name, error),
    collectTelemetry: () => ({ probe: 1 }),
    async syncConfig(serverVersion, options) {
      enter(options?.force ? 'pullConfig' : 'syncConfig');
      const outcome = session.configOutcome?.(serverVersion, options?.force === true) ?? { kind: 'unchanged', version: serverVersion };
      // Like the real config sync, the session remembers the last refusal.
      session.refusedVersion = outcome.kind === 'refused' ? outcome.version : null;
      return outcome;
    },
    async reportInterrupted() {
      enter('reportInterrupted');
    },
    async drainCommands() {
      enter('drainCommands');
    },
    async syncLicenses() {
      enter('syncLicenses');
    },
    queueDeviceUpdate(fields) {
      session.log.push(`queue ${JSON.stringify(fields)}`);
      queued = { ...queued, ...fields };
    },
    async flushDeviceUpdates() {
      enter('flushDeviceUpdates');
      if (session.holdDeviceUpdates || Object.keys(queued).length === 0) return;
      session.sentUpdates.push(queued);
      queued = {};
    },
    async reportFirmwareVersion(version) {
      session.queueDeviceUpdate({ firmware_version: version });
      await session.flushDeviceUpdates();
      if (queued.firmware_version === undefined) state?.update({ reportedFirmwareVersion: version });
    },
    holdFirmwareReport: () => session.firmwareReportHeld,
    refusedConfigVersion: () => session.refusedVersion,
  };
  return session;
}
