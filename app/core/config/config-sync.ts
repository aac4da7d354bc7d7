// Cloud → device configuration (docs/PROTOCOL.md#config): a higher config_version in
// the telemetry reply → Get Config → validate → apply → persist → ack with Update Device. An invalid
// config is never applied, persisted or acked: the previous one stays and the loop reports
// telemetry `status: error` with the message, so the operator sees why the edit did not take.
import type { ConfigEvent } from '../../ipc/schemas';
import type { HubClient, JsonObject } from '../hub';
import type { Logger } from '../log/logger';
import { changedTopLevelKeys, defaultDeviceConfig, parseDeviceConfig, type DeviceConfig } from './device-config';
import type { DeviceUpdater } from './device-updates';
import type { StateAccess } from '../state/state-access';

export interface ConfigSyncDeps {
  hub: Pick<HubClient, 'getConfig' | 'updateDevice'>;
  state: StateAccess;
  logger: Logger;
  emit: (event: ConfigEvent) => void;
  /** Applies the new config to the running app; a throw refuses the config. */
  onApplied?: (config: DeviceConfig) => void;
  /** The Update Device coalescer. Without one the ack goes straight to the hub (best effort). */
  updater?: Pick<DeviceUpdater, 'queue'>;
}

export type ConfigSyncResult =
  | { kind: 'applied'; version: number; config: DeviceConfig; changed: string[]; unknownKeys: string[] }
  | { kind: 'refused'; version: number; message: string }
  | { kind: 'unchanged'; version: number };

/** Runs the config flow (docs/PROTOCOL.md#config) when `serverVersion` (from the telemetry reply) is newer than the applied one. */
export async function syncConfig(deps: ConfigSyncDeps, serverVersion: number): Promise<ConfigSyncResult> {
  const applied = deps.state.get().configVersion;
  if (serverVersion <= applied) return { kind: 'unchanged', version: applied };
  return fetchAndApply(deps, (version) => version > applied);
}

/** Start-up resync (docs/PROTOCOL.md#start-up-pass): apply whatever version the hub holds if it differs from ours. */
export async function pullConfig(deps: ConfigSyncDeps): Promise<ConfigSyncResult> {
  const applied = deps.state.get().configVersion;
  return fetchAndApply(deps, (version) => version !== applied);
}

/** The config currently in force: the persisted one, or the defaults if none (or it no longer parses). */
export function appliedDeviceConfig(state: StateAccess): DeviceConfig {
  const parsed = parseDeviceConfig(state.get().config);
  return parsed.ok ? parsed.config : defaultDeviceConfig();
}

/**
 * Remembers refused versions so a config that failed validation is not fetched again on every
 * tick; the loop still gets the `refused` result (and keeps reporting the error) until the
 * operator publishes a newer version.
 */
export function createConfigSync(deps: ConfigSyncDeps) {
  let refused: { version: number; message: string } | null = null;
  const remember = (result: ConfigSyncResult): ConfigSyncResult => {
    refused = result.kind === 'refused' ? { version: result.version, message: result.message } : null;
    return result;
  };
  return {
    async sync(serverVersion: number): Promise<ConfigSyncResult> {
      if (refused && refused.version === serverVersion) return { kind: 'refused', ...refused };
      return remember(await syncConfig(deps, serverVersion));
    },
    async pull(): Promise<ConfigSyncResult> {
      return remember(await pullConfig(deps));
    },
    /** The last refusal still in force, for the telemetry status message. */
    refusal: () => refused,
  };
}

async function fetchAndApply(deps: ConfigSyncDeps, isWanted: (version: number) => boolean): Promise<ConfigSyncResult> {
  const reply = await deps.hub.getConfig();
  const current = deps.state.get();
  if (!isWanted(reply.version)) return { kind: 'unchanged', version: current.configVersion };

  const parsed = parseDeviceConfig(reply.config);
  if (!parsed.ok) return refuse(deps, reply.version, `config version ${reply.version} refused: ${parsed.error}`);

  try {
    deps.onApplied?.(parsed.config);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return refuse(deps, reply.version, `config version ${reply.version} could not be applied: ${reason}`);
  }

  const previous = appliedDeviceConfig(deps.state);
  // The raw cloud object is persisted (not the parsed one) so defaults of a newer app version apply
  // to keys the operator never set.
  deps.state.update({ configVersion: reply.version, config: reply.config as JsonObject });
  await acknowledge(deps, reply.version);

  const changed = changedTopLevelKeys(previous, parsed.config);
  if (parsed.unknownKeys.length) deps.logger.warn('config has unknown keys (ignored)', { keys: parsed.unknownKeys });
  deps.logger.info('config applied', { version: reply.version, changed });
  deps.emit({ outcome: 'applied', version: reply.version, changed: changed.slice(0, 100) });
  return { kind: 'applied', version: reply.version, config: parsed.config, changed, unknownKeys: parsed.unknownKeys };
}

function refuse(deps: ConfigSyncDeps, version: number, message: string): ConfigSyncResult {
  deps.logger.error('config refused; previous config kept', { version, message });
  deps.emit({ outcome: 'refused', version, changed: [], message: message.slice(0, 2000) });
  return { kind: 'refused', version, message };
}

async function acknowledge(deps: ConfigSyncDeps, version: number): Promise<void> {
  // Documented type is a string; the simulator accepts both (docs/PROTOCOL.md#config).
  const fields = { config_version: String(version) };
  if (deps.updater) {
    deps.updater.queue(fields);
    return;
  }
  try {
    await deps.hub.updateDevice(fields);
  } catch (error) {
    deps.logger.warn('config ack failed (applied anyway)', { version, error });
  }
}
