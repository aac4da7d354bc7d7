// Calls to the device's hub (docs/PROTOCOL.md#endpoints). Every request carries the raw
// `Authorization: <access_key>` (no Bearer prefix) to the hub origin only: redirects are never
// followed (http.ts), so the key cannot be carried to another host.
import { createHttp, parseBaseUrl } from './http';
import { createRoutes } from './route';
import { hubError } from './errors';
import { isNothingPending, parseReply } from './parse';
import {
  anyArraySchema, commandListSchema, commandSchema, deviceConfigSchema, deviceInfoSchema, dumpIdSchema, fileInfoSchema,
  fileListSchema, incidentListSchema, licenseSchema, openIncidentSchema, setConfigReplySchema, spaceInfoSchema,
  telemetryMapSchema, telemetryReplySchema,
} from './schemas';
import type { HubClient, HubClientOptions, TelemetryReply, UpdateDeviceRequest } from './types';

/** Child and mass telemetry accept at most 100 entries per call (docs/PROTOCOL.md#limits). */
export const MAX_TELEMETRY_BATCH = 100;

type TelemetryMap = Record<string, TelemetryReply | { error: string }>;

export function createHubClient(opts: HubClientOptions): HubClient {
  const origin = parseBaseUrl(opts.hubUrl, 'createHubClient').origin;
  const call = createHttp({
    baseUrl: opts.hubUrl,
    authorization: opts.accessKey,
    secrets: [opts.accessKey],
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    routeFor: createRoutes({ env: opts.proxyEnv }),
  });
  const device = `/v1/devices/${encodeURIComponent(opts.deviceId)}`;
  const secrets = [opts.accessKey];

  const get = async (endpoint: string, path: string) => (await call(endpoint, { method: 'GET', path: device + path })).body;
  const send = async (endpoint: string, method: 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown) =>
    (await call(endpoint, { method, path: device + path, ...(data !== undefined ? { data } : {}) })).body;
  /** For calls whose reply body is undocumented: any 2xx is success. */
  const act = async (endpoint: string, method: 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown) => {
    await call(endpoint, { method, path: device + path, ignoreBody: true, ...(data !== undefined ? { data } : {}) });
  };
  const checkBatch = (endpoint: string, count: number) => {
    if (count > MAX_TELEMETRY_BATCH) throw hubError('rejected', endpoint, `at most ${MAX_TELEMETRY_BATCH} entries per call, got ${count}`, {}, secrets);
  };

  return {
    origin,

    async sendTelemetry(body) {
      return parseReply(telemetryReplySchema, 'sendTelemetry', await send('sendTelemetry', 'POST', '/telemetry', body), secrets);
    },

    async sendChildTelemetries(byChildId) {
      checkBatch('sendChildTelemetries', Object.keys(byChildId).length);
      const body = await send('sendChildTelemetries', 'POST', '/children/telemetries', byChildId);
      return parseReply(telemetryMapSchema, 'sendChildTelemetries', body, secrets) as TelemetryMap;
    },

    async sendMassTelemetry(entries) {
      // Same path as child telemetries (xyte-cli); the body is an array whose entries carry each
      // device's own `access_token`, so those tokens are masked too.
      checkBatch('sendMassTelemetry', entries.length);
      const tokens = entries.map((entry) => entry.access_token);
      const reply = await call('sendMassTelemetry', { method: 'POST', path: `${device}/children/telemetries`, data: entries, secrets: tokens });
      return parseReply(telemetryMapSchema, 'sendMassTelemetry', reply.body, [...secrets, ...tokens]) as TelemetryMap;
    },

    async getConfig() {
      return parseReply(deviceConfigSchema, 'getConfig', await get('getConfig', '/config'), secrets);
    },

    async setConfig(config) {
      const reply = parseReply(setConfigReplySchema, 'setConfig', await send('setConfig', 'POST', '/config', config), secrets);
      return { version: reply.version };
    },

    async getDeviceInfo() {
      return parseReply(deviceInfoSchema, 'getDeviceInfo', await get('getDeviceInfo', ''), secrets);
    },

    async updateDevice(fields) {
      await act('updateDevice', 'PUT', '', normaliseUpdate(fields));
    },

    async getSpace() {
      return parseReply(spaceInfoSchema, 'getSpace', await get('getSpace', '/space'), secrets);
    },

    async spaceMove(target) {
      return parseReply(spaceInfoSchema, 'spaceMove', await send('spaceMove', 'PUT', '/space/move', { target }), secrets);
    },

    async setCloudSettings(settings) {
      await act('setCloudSettings', 'PUT', '/cloud_settings', settings);
    },

    async getCommand() {
      const body = await get('getCommand', '/command');
      return isNothingPending(body) ? null : parseReply(commandSchema, 'getCommand', body, secrets);
    },

    async getPendingCommands() {
      const body = await get('getPendingCommands', '/command/pending_commands');
      return parseReply(commandListSchema, 'getPendingCommands', body ?? [], secrets);
    },

    async updateCommand(body) {
      await act('updateCommand', 'POST', '/command', body);
    },

    async getLicense() {
      const body = await get('getLicense', '/license');
      return isNothingPending(body) ? null : parseReply(licenseSchema, 'getLicense', body, secrets);
    },

    async getLicenses() {
      return parseReply(anyArraySchema, 'getLicenses', (await get('getLicenses', '/licenses')) ?? [], secrets);
    },

    async updateLicense(body) {
      await act('updateLicense', 'POST', '/licenses', body);
    },

    async getFiles() {
      return parseReply(fileListSchema, 'getFiles', (await get('getFiles', '/files')) ?? [], secrets);
    },

    async getFile(fileId) {
      return parseReply(fileInfoSchema, 'getFile', await get('getFile', `/files/${encodeURIComponent(fileId)}`), secrets);
    },

    async sendDump(mime, filename, body) {
      // Raw bytes with the dump's own type (what Xyte's sample agent sends); mime is URL-encoded
      // into one path segment (`text%2Fplain`).
      const path = `${device}/dumps/${encodeURIComponent(mime)}/${encodeURIComponent(filename)}`;
      const reply = await call('sendDump', { method: 'POST', path, ignoreBody: true, data: toBuffer(body), headers: { 'Content-Type': mime } });
      return parseReply(dumpIdSchema, 'sendDump', readDumpId(reply.text), secrets);
    },

    async appendDump(dumpId, body) {
      const path = `${device}/dumps/${encodeURIComponent(dumpId)}`;
      await call('appendDump', { method: 'PUT', path, ignoreBody: true, data: toBuffer(body), headers: { 'Content-Type': 'application/octet-stream' } });
    },

    async openIncident(body) {
      return parseReply(openIncidentSchema, 'openIncident', await send('openIncident', 'POST', '/incidents', body), secrets);
    },

    async getIncidents() {
      return parseReply(incidentListSchema, 'getIncidents', (await get('getIncidents', '/incidents')) ?? [], secrets);
    },

    async closeIncident(incidentId) {
      await act('closeIncident', 'DELETE', `/incidents/${encodeURIComponent(incidentId)}`);
    },

    async closeIncidents() {
      await act('closeIncidents', 'DELETE', '/incidents');
    },

    async addEvent(body) {
      await act('addEvent', 'POST', '/events', body);
    },

    async getChildren() {
      return parseReply(anyArraySchema, 'getChildren', (await get('getChildren', '/children')) ?? [], secrets);
    },

    async deleteDevice() {
      await act('deleteDevice', 'DELETE', '');
    },
  };
}

/** Update Device documents `config_version` / `space_version` as strings: send them that way. */
function normaliseUpdate(fields: UpdateDeviceRequest): UpdateDeviceRequest {
  const out: UpdateDeviceRequest = { ...fields };
  if (out.config_version !== undefined) out.config_version = String(out.config_version);
  if (out.space_version !== undefined) out.space_version = String(out.space_version);
  return out;
}

function toBuffer(body: Buffer | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/**
 * The sample agent takes the whole reply as the dump id, so the hub may answer with a JSON string,
 * a JSON object `{id, length}`, or the bare id as plain text. Anything else fails in the schema.
 */
function readDumpId(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return /^[\w.:-]{1,200}$/.test(trimmed) ? trimmed : undefined;
  }
}
