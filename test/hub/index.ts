// Strict in-memory Xyte hub simulator (provisioning "entry" + hub + a separate file origin).
// See control-http.ts for the HTTP control API and README "Hub simulator" for a curl example.
export { startHub } from './server';
export { parseRange } from './file-server';
export { DEMO_HARDWARE_KEY } from './state';
export type {
  CommandStatus, FaultSpec, HubControl, HubHandle, HubSeed, JsonObject, LicenseState, PublishFirmware, RouteName,
  SeedDevice, SeedFirmware, SimCommand, SimDevice, SimDump, SimEvent, SimIncident, SimLicenseRecord, SimRequest,
  SimSpace, StartHubOptions, TelemetryScalar,
} from './types';
