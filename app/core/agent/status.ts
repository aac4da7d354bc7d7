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
  /**
   * Records the last telemetry time without publishing: for a caller that publishes at the end of
   * its step anyway (the loop's tick ends with setConnection), so a tick builds one snapshot.
   */
  noteLastTelemetryAt(ms: number): void;
  setUpgrade(view: UpgradeView): void;
  /** MQTT mixed mode: connected, disconnected (trying) or off. */
  setPush(state: PushView): void;
  /** Re-read the stores and publish if anything changed (call after a state write). */
  publish(): void;
}

/** Where lastTelemetryAt sits in publish()'s list of inputs. */
const TIME_INPUT = 5;

export function createStatusTracker(sources: StatusSources, bus: EventBus): StatusTracker {
  let connection: ConnectionState = { state: 'unregistered' };
  let lastTelemetryAt: string | null = null;
  let upgrade: UpgradeView = { kind: 'idle' };
  let push: PushView | undefined;
  // The JSON of what was last published; null when a quiet tick published without serializing
  // (lastSnapshot then holds what was published, serialized only if a full build needs to compare).
  let lastPublished: string | null = '';
  // What the last published snapshot was built from. The stores hand out a new object only when
  // they were written, so when every input is the same one, so is the snapshot: a tick that calls
  // publish() twice (telemetry answered, then the connection set) builds and serializes it once.
  let lastInputs: readonly unknown[] = [];
  let lastSnapshot: StatusSnapshot | null = null;

  const snapshot = (): StatusSnapshot => buildSnapshot(sources, { connection, lastTelemetryAt, upgrade, ...(push ? { push } : {}) });
  const publish = () => {
    const state = sources.state();
    const licenses = sources.summarizeLicenses(state, sources.now());
    const inputs = [state, sources.config(), sources.hardware(), sources.identity(), JSON.stringify(connection), lastTelemetryAt, upgrade, push, JSON.stringify(licenses)];
    const changed = changedInputs(inputs, lastInputs);
    if (changed === NONE) return;
    // A quiet tick changes the telemetry time and nothing else: the last snapshot with the new time
    // is the snapshot, without building it again.
    const onlyTimeMoved = lastSnapshot !== null && changed === TIME_ONLY;
    lastInputs = inputs;
    const previous = lastSnapshot;
    if (onlyTimeMoved) {
      // A new telemetry time is a new snapshot: published without comparing its JSON.
      lastSnapshot = { ...previous!, lastTelemetryAt };
      lastPublished = null;
      bus.emit({ name: 'onStatus', payload: lastSnapshot });
      return;
    }
    const next = snapshot();
    lastSnapshot = next;
    const key = JSON.stringify(next);
    if (key === (lastPublished ?? JSON.stringify(previous))) return;
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
    noteLastTelemetryAt(ms) {
      lastTelemetryAt = new Date(ms).toISOString();
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

const NONE = 0;
const TIME_ONLY = 1;
const OTHERS = 2;

/** NONE, TIME_ONLY (only the telemetry time differs) or OTHERS; a plain loop, run on every publish. */
function changedInputs(inputs: readonly unknown[], last: readonly unknown[]): number {
  if (inputs.length !== last.length) return OTHERS;
  let changed = NONE;
  for (let i = 0; i < inputs.length; i += 1) {
    if (inputs[i] === last[i]) continue;
    if (i !== TIME_INPUT) return OTHERS;
    changed = TIME_ONLY;
  }
  return changed;
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
      ...(identity ? { deviceId: clip(identity.deviceId, 100) } : {}),
      ...(hardware?.cloudId ? { cloudId: clip(hardware.cloudId, 100) } : {}),
      sn: clip(hardware?.sn ?? '', 200),
      ...(state.info.details ? { details: redact(state.info.details, { keys: 'drop', maxDepth: 8 }) as Record<string, unknown> } : {}),
    },
    claim: { claimed, ...(claimUrl && claimUrl.length <= 500 ? { claimUrl } : {}) },
    versions: {
      app: boundedVersion(runningVersion(state, sources.appVersion), sources.appVersion),
      config: Number.isSafeInteger(state.configVersion) && state.configVersion >= 0 ? state.configVersion : 0,
      latestKnown: boundedVersion(state.latestVer, sources.appVersion),
    },
    lastTelemetryAt: volatile.lastTelemetryAt,
    ...(volatile.push ? { push: volatile.push } : {}),
    space: {
      ...(state.space.name ? { name: clip(state.space.name, 2000) } : {}),
      maintenance: state.space.maintenance,
      ...(isUtcOffset(state.space.utcOffsetMin) ? { utcOffsetMin: state.space.utcOffsetMin } : {}),
      ...(state.space.temperatureUnits ? { temperatureUnits: clip(state.space.temperatureUnits, 40) } : {}),
    },
    licenses: boundedLicenses(sources.summarizeLicenses(state, sources.now())),
    upgrade: volatile.upgrade,
    display: {
      ...(config.display.title ? { title: clip(config.display.title, 2000) } : {}),
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

// The last line of defence for values that came from the hub (or from a file written before their
// entry was bounded): whatever is persisted, the snapshot fits the IPC schema, so one odd value
// can never make the renderer drop every status and stay on "Starting…".
const MAX_VERSION = 64;
const MAX_ISO_TIME = 64;

/** A version the screen can show: `value` when it is 1-64 characters, else `fallback`. */
function boundedVersion(value: string | undefined, fallback: string): string {
  return value && value.length <= MAX_VERSION ? value : clip(fallback, MAX_VERSION) || '0.0.0';
}

function isUtcOffset(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && Math.abs(value) <= 24 * 60;
}

function boundedLicenses(summary: LicenseSummary): LicenseSummary {
  return {
    active: Number.isSafeInteger(summary.active) && summary.active >= 0 ? summary.active : 0,
    items: summary.items.slice(0, 500).map((item) => ({
      id: clip(item.id, 100),
      expiresAt: item.expiresAt !== null && item.expiresAt.length <= MAX_ISO_TIME ? item.expiresAt : null,
    })),
  };
}
