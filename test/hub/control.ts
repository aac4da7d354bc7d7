// The simulator's control surface (what the portal / org API / partner would do), used directly by
// tests through `handle.control` and over HTTP through control-http.ts. Unknown ids throw.
import { randomUUID } from 'node:crypto';
import { bufferContent, generatedContent } from './file-content';
import { injectFault } from './faults';
import { UUID_RE } from './validate';
import { storeConfig } from './routes/config';
import { fileUrl } from './routes/files';
import {
  expireCommands, isoAt, liveDevice, toSimDevice, type DeviceRecord, type FirmwareFile, type HubState,
} from './state';
import type { HubControl, PublishFirmware, SimSpace } from './types';

export class ControlError extends Error {}

function need(state: HubState, id: string): DeviceRecord {
  const d = liveDevice(state, id);
  if (!d) throw new ControlError(`unknown device ${id}`);
  return d;
}

/** Read-only accessors also work on deleted devices (tests inspect what happened before a delete). */
function anyDevice(state: HubState, id: string): DeviceRecord {
  const d = state.devices.get(id);
  if (!d) throw new ControlError(`unknown device ${id}`);
  return d;
}

/** Claiming / editing the space also applies to the device's children (they follow the parent). */
function familyOf(state: HubState, d: DeviceRecord): DeviceRecord[] {
  return [d, ...d.children.map((c) => liveDevice(state, c)).filter((c) => c !== undefined)];
}

export function publishFirmware(state: HubState, f: PublishFirmware): FirmwareFile {
  if (typeof f.version !== 'string' || f.version === '') throw new ControlError('firmware version is required');
  const id = randomUUID();
  const genuine = f.data ? bufferContent(f.data) : generatedContent(`${id}:${f.version}`, f.size ?? 1024);
  const served = f.servedData ? bufferContent(f.servedData) : genuine;
  const file: FirmwareFile = {
    id,
    name: f.name ?? `xyte-kiosk-${f.version}.bin`,
    version: f.version,
    notes: f.notes ?? '',
    model: f.model ? f.model.toLowerCase() : null,
    fileType: f.fileType ?? 'firmware',
    checksum: f.checksum === undefined ? genuine.sha256() : f.checksum,
    signature: f.signature ?? null,
    size: served.size,
    createdAt: isoAt(state.now()),
    content: served,
  };
  state.files.push(file);
  return file;
}

export function createControl(state: HubState): HubControl {
  return {
    devices: () => [...state.devices.values()].filter((d) => !d.deleted).map(toSimDevice),
    device: (id) => {
      const d = liveDevice(state, id);
      return d ? toSimDevice(d) : undefined;
    },
    findDevice: (q) => {
      const mac = q.mac?.toLowerCase();
      const d = [...state.devices.values()].find((x) =>
        !x.deleted && (q.cloudId === undefined || x.cloud_id === q.cloudId) && (q.sn === undefined || x.sn === q.sn)
        && (mac === undefined || x.mac === mac));
      return d && (q.cloudId ?? q.sn ?? q.mac) !== undefined ? toSimDevice(d) : undefined;
    },
    claim: (id, space) => {
      for (const d of familyOf(state, need(state, id))) {
        d.claimed = true;
        if (space) d.space = { ...d.space, ...space };
        d.space_data_version += 1;
        state.push(d.id, 'space_info', d.space);
      }
    },
    unclaim: (id) => {
      for (const d of familyOf(state, need(state, id))) {
        d.claimed = false;
        d.space_data_version = 0;
        state.push(d.id, 'space_info', d.space);
      }
    },
    setSpace: (id, patch: Partial<SimSpace>) => {
      for (const d of familyOf(state, need(state, id))) {
        d.space = { ...d.space, ...patch };
        if (d.claimed) d.space_data_version += 1; // stays 0 while unclaimed: 0 means "not claimed"
        state.push(d.id, 'space_info', d.space);
      }
    },
    setConfig: (id, config) => {
      const version = storeConfig(state, need(state, id), config);
      state.push(id, 'config', { version, config });
      return version;
    },
    setInfo: (id, patch) => {
      const d = need(state, id);
      if (patch.name !== undefined) d.name = patch.name;
      if (patch.details !== undefined) d.details = structuredClone(patch.details);
      d.info_version += 1;
      state.push(d.id, 'update', { info_version: d.info_version });
      return d.info_version;
    },
    enqueueCommand: (id, cmd) => {
      const d = need(state, id);
      if (!cmd.name) throw new ControlError('command name is required');
      if (cmd.commandId !== undefined && d.commandQueue.some((q) => q.id === cmd.commandId)) throw new ControlError('command id already used');
      const at = isoAt(state.now());
      const c = {
        id: cmd.commandId ?? randomUUID(), device_id: d.id, name: cmd.name, parameters: structuredClone(cmd.parameters ?? {}),
        status: 'pending' as const, message: null, created_at: at, timeout_ms: cmd.timeoutMs ?? null,
        history: [{ at, status: 'pending' as const, message: null, by: 'server' as const }],
      };
      d.commandQueue.push(c);
      // Both spellings: the documentation names the topic singular and plural.
      // Replies go to Update Command's topic, correlated by the command id.
      const reply = { responseSuffix: 'commands/update', correlationId: c.id };
      state.push(d.id, 'command', c, reply);
      state.push(d.id, 'commands', c, reply);
      return c.id;
    },
    commands: (id) => {
      const d = anyDevice(state, id);
      expireCommands(state, d);
      return structuredClone(d.commandQueue);
    },
    enqueueLicense: (id, change) => {
      const d = need(state, id);
      if (!['add', 'remove', 'update'].includes(change.action)) throw new ControlError('license action must be add, remove or update');
      const licenseId = change.licenseId ?? randomUUID();
      d.licenseQueue.push({
        id: licenseId, device_id: d.id, action: change.action, data: change.data, signature: change.signature ?? null,
        expires_at: change.expiresAt ?? null, state: 'pending', error: null, created_at: isoAt(state.now()), reported_at: null,
      });
      state.push(d.id, 'license', [{ id: licenseId, action: change.action }], { responseSuffix: 'license/update', correlationId: licenseId });
      return licenseId;
    },
    licenses: (id) => structuredClone(anyDevice(state, id).licenseQueue),
    publishFirmware: (f) => {
      const file = publishFirmware(state, f);
      for (const d of state.devices.values()) state.push(d.id, 'firmware', { latest_fw_version: file.version, latest_fw_file_id: file.id });
      return { fileId: file.id, url: fileUrl(state, file), checksum: file.checksum, size: file.size };
    },
    deleteDevice: (id) => {
      need(state, id).deleted = true;
    },
    setModelApiVersion: (v) => {
      if (!/^\d+\.\d+\.\d+$/.test(v)) throw new ControlError(`bad model API version ${v}`);
      state.apiVersion = v;
    },
    modelApiVersion: () => state.apiVersion,
    addHardwareKey: (key) => {
      if (!UUID_RE.test(key)) throw new ControlError(`hardware key must be a UUID, got ${key}`);
      state.hardwareKeys.add(key.toLowerCase());
    },
    requestLog: (id) => structuredClone(id === undefined ? state.requests : state.requests.filter((r) => r.device_id === id)),
    fileRequestLog: () => structuredClone(state.fileRequests),
    injectFault: (f) => injectFault(state, f),
    clearFaults: () => {
      state.faults = [];
    },
    events: (id) => structuredClone(anyDevice(state, id).eventList),
    incidents: (id) => structuredClone(anyDevice(state, id).incidentList),
    openIncident: (id, i) => {
      const d = need(state, id);
      const at = isoAt(state.now());
      const incidentId = randomUUID();
      d.incidentList.push({
        id: incidentId, device_id: d.id, status: 'active', priority: i.priority ?? 'moderate', title: i.title,
        issue: i.issue, description: null, source: i.source ?? 'customer', created_at: at, updated_at: at,
      });
      return incidentId;
    },
    dumps: (id) => anyDevice(state, id).dumpList.map((x) => ({ ...x, body: Buffer.from(x.body) })),
  };
}
