// The one StatusSnapshot the screen shows (docs/ARCHITECTURE.md#layers, docs/PROTOCOL.md#space). Built from the persisted device state
// plus what only lives in memory (connection, last telemetry, the upgrade view). Published on the
// event bus only when it actually changed, so a quiet loop does not spam the renderer.
// Nothing secret can get in: the snapshot is assembled field by field, never spread from a store.
import type { ConnectionState, LicenseSummary, StatusSnapshot, UpgradeView } from '../../ipc/contract';
import type { DeviceConfig } from '../config/device-config';
import type { DeviceState, HardwareIdentity, Identity } from '../state/schema';
import { redact } from '../redact';
import type { EventBus } from './event-bus';

export const DEFAULT_CLAIM_DOMAIN = 'app.xyte.io';

export interface StatusSources {
  appVersion: string;
  now(): number;
  state(): DeviceState;
  /** The applied config, parsed (config-view.ts). */
  config(): DeviceConfig;
  hardware(): HardwareIdentity | null;
  identity(): Identity | null;
  /** Name from the local device file / options, shown until the cloud names the device. */
  localName?: string | undefined;
  /** Claim domain from options; used while the cloud config has none of its own. */
  claimDomain?: string | undefined;
  summarizeLicenses(state: DeviceState, nowMs: number): LicenseSummary;
}

export interface StatusTracker {
  snapshot(): StatusSnapshot;
  connection(): ConnectionState;
  upgrade(): UpgradeView;
  setConnection(connection: ConnectionState): void;
  setLastTelemetryAt(ms: number): void;
  setUpgrade(view: UpgradeView): void;
  /** MQTT mixed mode: connected, disconnected (trying) or off. */
  setPush(state: PushView): void;
  /** Re-read the stores and publish if anything changed (call after a state write). */
  publish(): void;
}

export function createStatusTracker(sources: StatusSources, bus: EventBus): StatusTracker {
  let connection: ConnectionState = { state: 'unregistered' };
  let lastTelemetryAt: string | null = null;
  let upgrade: UpgradeView = { kind: 'idle' };
  let push: PushView | undefined;
  let lastPublished = '';
  // What the last published snapshot was built from. The stores hand out a new object only when
  // they were written, so when every input is the same one, so is the snapshot: a tick that calls
  // publish() twice (telemetry answered, then the connection set) builds and serializes it once.
  let lastInputs: readonly unknown[] = [];

  const snapshot = (): StatusSnapshot => buildSnapshot(sources, { connection, lastTelemetryAt, upgrade, ...(push ? { push } : {}) });
  const publish = () => {
    const state = sources.state();
    const licenses = sources.summarizeLicenses(state, sources.now());
    const inputs = [state, sources.config(), sources.hardware(), sources.identity(), JSON.stringify(connection), lastTelemetryAt, upgrade, push, JSON.stringify(licenses)];
    if (inputs.length === lastInputs.length && inputs.every((value, i) => value === lastInputs[i])) return;
    lastInputs = inputs;
    const next = snapshot();
    const key = JSON.stringify(next);
    if (key === lastPublished) return;
    lastPublished = key;
    bus.emit({ name: 'onStatus', payload: next });
  };

  return {
    snapshot,
    connection: () => connection,
    upgrade: () => upgrade,
    setConnection(next) {
      connection = next;
      publish();
    },
    setLastTelemetryAt(ms) {
      lastTelemetryAt = new Date(ms).toISOString();
      publish();
    },
    setUpgrade(view) {
      upgrade = view;
      publish();
    },
    setPush(state) {
      push = state;
      publish();
    },
    publish,
  };
}

interface Volatile {
  connection: ConnectionState;
  lastTelemetryAt: string | null;
  upgrade: UpgradeView;
  push?: PushView;
}

export type PushView = NonNullable<StatusSnapshot['push']>;

export function buildSnapshot(sources: StatusSources, volatile: Volatile): StatusSnapshot {
  const state = sources.state();
  const config = sources.config();
  const hardware = sources.hardware();
  const identity = sources.identity();
  const claimed = state.spaceDataVersion > 0;
  const claimUrl = !claimed && hardware?.cloudId ? buildClaimUrl(claimDomainOf(state, config, sources.claimDomain), hardware.cloudId) : undefined;
  const name = state.info.name ?? sources.localName;
  return {
    connection: volatile.connection,
    device: {
      ...(name ? { name: clip(name, 2000) } : {}),
      ...(identity ? { deviceId: identity.deviceId } : {}),
      ...(hardware?.cloudId ? { cloudId: hardware.cloudId } : {}),
      sn: clip(hardware?.sn ?? '', 200),
      ...(state.info.details ? { details: redact(state.info.details, { keys: 'drop', maxDepth: 8 }) as Record<string, unknown> } : {}),
    },
    claim: { claimed, ...(claimUrl ? { claimUrl } : {}) },
    versions: { app: runningVersion(state, sources.appVersion), config: state.configVersion, latestKnown: state.latestVer ?? sources.appVersion },
    lastTelemetryAt: volatile.lastTelemetryAt,
    ...(volatile.push ? { push: volatile.push } : {}),
    space: {
      ...(state.space.name ? { name: clip(state.space.name, 2000) } : {}),
      maintenance: state.space.maintenance,
      ...(state.space.utcOffsetMin !== undefined ? { utcOffsetMin: state.space.utcOffsetMin } : {}),
      ...(state.space.temperatureUnits ? { temperatureUnits: clip(state.space.temperatureUnits, 40) } : {}),
    },
    licenses: sources.summarizeLicenses(state, sources.now()),
    upgrade: volatile.upgrade,
    display: {
      ...(config.display.title ? { title: config.display.title } : {}),
      theme: config.display.theme,
      promptTimeoutSec: config.upgrade.prompt_timeout_sec,
    },
  };
}

/**
 * The version that runs: the process's own, or the one a `command:` installer put live in place
 * (it printed `installed`; the record went to 'commit' from this process's version without a
 * restart), so the Software card agrees with the "Updated to X" dialog and the command's `done`.
 */
export function runningVersion(state: DeviceState, processVersion: string): string {
  const record = state.upgrade;
  return record && record.step === 'commit' && record.fromVersion === processVersion ? record.toVersion : processVersion;
}

export function buildClaimUrl(domain: string, cloudId: string): string {
  return `https://${domain}/c/${encodeURIComponent(cloudId)}`;
}

/** The cloud's `claim.domain` when the operator set one, else the local option, else the default. */
function claimDomainOf(state: DeviceState, config: DeviceConfig, fallback: string | undefined): string {
  const raw = state.config['claim'];
  const setInCloud = typeof raw === 'object' && raw !== null && 'domain' in raw;
  return setInCloud ? config.claim.domain : fallback || config.claim.domain || DEFAULT_CLAIM_DOMAIN;
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}
