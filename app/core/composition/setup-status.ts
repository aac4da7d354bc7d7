// Setup step 3: what the screen and the hub are told. The event bus, the parsed config view, the
// status snapshot, the firmware notice, the agent's signals (issues + nudge), the renderer's health
// (heartbeats) and the telemetry collector that reports it.
import { createConfigView, type ConfigView } from '../agent/config-view';
import { createEventBus, type EventBus } from '../agent/event-bus';
import { createFirmwareNotice, type FirmwareNotice } from '../agent/firmware-notice';
import { createAgentSignals, type AgentSignals } from '../agent/signals';
import { createStatusTracker, type StatusTracker } from '../agent/status';
import type { TelemetryValue } from '../hub';
import { summarizeLicenses } from '../licenses';
import { createTelemetryCollector, type DisplayInfo } from '../telemetry';
import type { RendererHeartbeat } from './kiosk-handlers';
import type { SessionSlot } from './setup-upgrade';
import type { KioskRuntimeOptions, ResolvedOptions, RuntimeEnv } from './runtime-options';
import type { Stores, WhoWeAre } from './setup-stores';

export interface StatusParts {
  readonly bus: EventBus;
  readonly config: ConfigView;
  readonly status: StatusTracker;
  readonly notice: FirmwareNotice;
  readonly signals: AgentSignals;
  /** The server clock offset learned from Get License (licenses expire by the server's clock). */
  readonly licenseClock: { learn(offsetMs: number | null): void };
}

export interface TelemetryParts {
  /** The last renderer heartbeat (its health signal), recorded by the IPC handler. */
  readonly heartbeats: { last(): RendererHeartbeat | null; record(beat: RendererHeartbeat): void };
  readonly collector: { collect(): Record<string, TelemetryValue> };
}

/** `sessions`: the notice reads the release notes of a new version through the current session. */
export function setupStatus(opts: ResolvedOptions, env: RuntimeEnv, stores: Stores, who: WhoWeAre, sessions: SessionSlot): StatusParts {
  const { state } = stores;
  const bus = createEventBus(env.logger);
  const config = createConfigView(state);
  let licenseOffsetMs: number | null = null;
  const status = createStatusTracker(
    {
      appVersion: opts.appVersion,
      now: env.clock.now,
      state: () => state.get(),
      config,
      hardware: () => who.hardware,
      identity: () => who.identity.current(),
      localName: opts.localName,
      claimDomain: opts.claimDomain,
      summarizeLicenses: (s, now) => summarizeLicenses(s.licenses, now, licenseOffsetMs),
    },
    bus,
  );
  const notice = createFirmwareNotice({
    appVersion: opts.appVersion,
    state,
    status,
    clock: env.clock,
    logger: env.logger,
    postponeHours: () => config().upgrade.postpone_hours,
    policy: () => config().upgrade.policy,
    fetchNotes: async (fileId) => {
      const session = sessions.current();
      return session ? (await session.hub.getFile(fileId)).public_notes : null;
    },
  });
  const licenseClock = {
    learn(offsetMs: number | null) {
      if (offsetMs !== null) licenseOffsetMs = offsetMs;
      status.publish();
    },
  };
  return { bus, config, status, notice, signals: createAgentSignals(env.clock, status), licenseClock };
}

export function setupTelemetry(opts: ResolvedOptions, env: RuntimeEnv, stores: Stores, host: Pick<KioskRuntimeOptions, 'telemetry' | 'getDisplays'>): TelemetryParts {
  let heartbeat: RendererHeartbeat | null = null;
  const heartbeats = { last: () => heartbeat, record: (beat: RendererHeartbeat) => void (heartbeat = beat) };
  const collector =
    host.telemetry ??
    createTelemetryCollector({
      appVersion: opts.appVersion,
      clock: env.clock,
      dataDir: opts.dataDir,
      getRendererHealth: () => ({ lastHeartbeatAt: heartbeat?.at ?? null, screen: heartbeat?.screen ?? null }),
      getConfigVersion: () => stores.state.get().configVersion,
      getDisplays: host.getDisplays && displaysFrom(host.getDisplays),
    });
  return { heartbeats, collector };
}

/** Accepts the shells' simple `{count, resolution}` or the collector's display list. */
function displaysFrom(get: NonNullable<KioskRuntimeOptions['getDisplays']>): () => DisplayInfo[] | null {
  return () => {
    const value = get();
    if (value === null || Array.isArray(value)) return value;
    const match = /^(\d+)x(\d+)$/.exec(value.resolution ?? '');
    const main: DisplayInfo = match ? { width: Number(match[1]), height: Number(match[2]), primary: true } : { width: 0, height: 0, primary: true };
    return Array.from({ length: Math.max(0, value.count) }, (_, i) => (i === 0 ? main : { width: 0, height: 0 }));
  };
}
