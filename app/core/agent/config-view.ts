// The applied cloud config as typed values (defaults filled in), parsed once per change rather
// than on every tick: the store hands out a new object only when the config was written.
import { defaultDeviceConfig, parseDeviceConfig, type DeviceConfig } from '../config/device-config';
import type { StateAccess } from '../state/state-access';

export type ConfigView = () => DeviceConfig;

export function createConfigView(state: Pick<StateAccess, 'get'>): ConfigView {
  let source: unknown = undefined;
  let parsed: DeviceConfig = defaultDeviceConfig();
  return () => {
    const raw = state.get().config;
    if (raw !== source) {
      source = raw;
      const result = parseDeviceConfig(raw);
      // A stored config that no longer parses (older app's schema) falls back to the defaults.
      parsed = result.ok ? result.config : defaultDeviceConfig();
    }
    return parsed;
  };
}
