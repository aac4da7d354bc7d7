export { deviceConfigSchema, defaultDeviceConfig, parseDeviceConfig, changedTopLevelKeys, type DeviceConfig, type ParseDeviceConfigResult } from './device-config';
export { syncConfig, pullConfig, createConfigSync, appliedDeviceConfig, type ConfigSyncDeps, type ConfigSyncResult } from './config-sync';
export { createDeviceUpdater, type DeviceUpdater, type DeviceUpdaterOptions } from './device-updates';
export type { StateAccess, DeviceStatePatch } from '../state/state-access';
