// The slice of the persisted device state store that the feature modules (config, commands,
// licenses) need. Declared structurally here so these modules do not depend on how the store is
// built: the real DeviceStateStore (app/core/state/device-state-store) and the in-memory test
// store both satisfy it.
import type { DeviceState } from './schema';

export type DeviceStatePatch = Partial<DeviceState>;

export interface StateAccess {
  get(): DeviceState;
  /** Writes only when something changed (docs/ARCHITECTURE.md#persistence: no writes per tick). */
  update(patch: DeviceStatePatch | ((state: DeviceState) => DeviceStatePatch)): DeviceState;
}
