// HTTP control API of the simulator, served on the hub listener under /__sim (no auth: local test
// tool). JSON in, JSON out; errors are {"error": "..."} with 400 (bad input) or 404 (unknown id).
//
//   GET    /__sim                                  → { entryUrl, hubUrl, fileUrl, modelApiVersion }
//   GET    /__sim/devices                          → SimDevice[]
//   GET    /__sim/devices/find?cloudId=&sn=&mac=   → SimDevice (404 if none)
//   GET    /__sim/devices/:id                      → SimDevice
//   DELETE /__sim/devices/:id                      → {ok:true}   (every later call with its key → 401)
//   POST   /__sim/devices/:id/claim     {space?}   → {space_data_version}
//   POST   /__sim/devices/:id/unclaim              → {space_data_version: 0}
//   POST   /__sim/devices/:id/space     {…patch}   → {space_data_version}
//   POST   /__sim/devices/:id/config    {…config}  → {version}
//   POST   /__sim/devices/:id/info      {name?, details?} → {info_version}
//   POST   /__sim/devices/:id/commands  {name, parameters?, timeoutMs?} → {id}
//   GET    /__sim/devices/:id/commands             → SimCommand[]
//   POST   /__sim/devices/:id/licenses  {action, data, signature?, expiresAt?, licenseId?} → {id}
//   GET    /__sim/devices/:id/licenses             → SimLicenseRecord[]
//   POST   /__sim/devices/:id/incidents {title, issue, priority?, source?} → {id}
//   GET    /__sim/devices/:id/incidents | /events  → arrays
//   GET    /__sim/devices/:id/dumps                → [{id, mime, filename, bodyBase64}]
//   GET    /__sim/devices/:id/requests             → SimRequest[] for that device
//   GET    /__sim/requests | /__sim/file-requests  → SimRequest[]
//   POST   /__sim/firmware  {version, name?, notes?, model?, size?, dataBase64?, servedDataBase64?, checksum?, signature?}
//                                                  → {fileId, url, checksum, size}
//   POST   /__sim/model-api {version}              → {version}
//   POST   /__sim/hardware-keys {hardware_key}     → {ok:true}  (a model key registration accepts)
//   POST   /__sim/faults    FaultSpec              → {id}
//   DELETE /__sim/faults                           → {ok:true}
//   POST   /__sim/mqtt/drop {deviceId?}            → {dropped}  (404 without a broker)
//   POST   /__sim/mqtt/refuse-auth {on}            → {ok:true}  (every MQTT login refused while on)
//   POST   /__sim/mqtt/withhold-pubacks {mode}     → {ok:true}  (normal | discard: publishes lost | apply: PUBACKs lost)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ControlError } from './control';
import { readBody } from './http-util';
import type { PubackMode } from './mqtt-broker';
import type { HubState } from './state';
import type { FaultSpec, HubControl, JsonObject, PublishFirmware } from './types';

type Handler = (body: JsonObject, params: string[], query: URLSearchParams) => unknown;

export function createControlHttp(state: HubState, control: HubControl) {
  const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const table: Array<[string, RegExp, Handler]> = [
    ['GET', /^$/, () => ({ ...state.urls, modelApiVersion: state.apiVersion })],
    ['GET', /^\/devices$/, () => control.devices()],
    ['GET', /^\/devices\/find$/, (_b, _p, q) =>
      control.findDevice({ cloudId: q.get('cloudId') ?? undefined, sn: q.get('sn') ?? undefined, mac: q.get('mac') ?? undefined })
      ?? notFound()],
    ['GET', /^\/devices\/([^/]+)$/, (_b, [id]) => control.device(id) ?? notFound()],
    ['DELETE', /^\/devices\/([^/]+)$/, (_b, [id]) => (control.deleteDevice(id), { ok: true })],
    ['POST', /^\/devices\/([^/]+)\/claim$/, (b, [id]) => {
      control.claim(id, (b.space as JsonObject | undefined) ?? undefined);
      return { space_data_version: control.device(id)?.space_data_version };
    }],
    ['POST', /^\/devices\/([^/]+)\/unclaim$/, (_b, [id]) => (control.unclaim(id), { space_data_version: 0 })],
    ['POST', /^\/devices\/([^/]+)\/space$/, (b, [id]) => {
      control.setSpace(id, b);
      return { space_data_version: control.device(id)?.space_data_version };
    }],
    ['POST', /^\/devices\/([^/]+)\/config$/, (b, [id]) => ({ version: control.setConfig(id, b) })],
    ['POST', /^\/devices\/([^/]+)\/info$/, (b, [id]) =>
      ({ info_version: control.setInfo(id, { name: s(b.name), details: b.details as JsonObject | undefined }) })],
    ['POST', /^\/devices\/([^/]+)\/commands$/, (b, [id]) => ({
      id: control.enqueueCommand(id, {
        name: s(b.name) ?? '', parameters: b.parameters as JsonObject | undefined,
        timeoutMs: typeof b.timeoutMs === 'number' ? b.timeoutMs : undefined,
      }),
    })],
    ['GET', /^\/devices\/([^/]+)\/commands$/, (_b, [id]) => control.commands(id)],
    ['POST', /^\/devices\/([^/]+)\/licenses$/, (b, [id]) => ({
      id: control.enqueueLicense(id, {
        action: b.action as 'add', data: s(b.data) ?? '', signature: s(b.signature),
        expiresAt: b.expiresAt === null ? null : s(b.expiresAt), licenseId: s(b.licenseId),
      }),
    })],
    ['GET', /^\/devices\/([^/]+)\/licenses$/, (_b, [id]) => control.licenses(id)],
    ['POST', /^\/devices\/([^/]+)\/incidents$/, (b, [id]) => ({
      id: control.openIncident(id, { title: s(b.title) ?? 'Incident', issue: s(b.issue) ?? 'issue', priority: s(b.priority), source: b.source === 'rule' ? 'rule' : 'customer' }),
    })],
    ['GET', /^\/devices\/([^/]+)\/incidents$/, (_b, [id]) => control.incidents(id)],
    ['GET', /^\/devices\/([^/]+)\/events$/, (_b, [id]) => control.events(id)],
    ['GET', /^\/devices\/([^/]+)\/dumps$/, (_b, [id]) =>
      control.dumps(id).map((d) => ({ id: d.id, mime: d.mime, filename: d.filename, bodyBase64: d.body.toString('base64') }))],
    ['GET', /^\/devices\/([^/]+)\/requests$/, (_b, [id]) => control.requestLog(id)],
    ['GET', /^\/requests$/, () => control.requestLog()],
    ['GET', /^\/file-requests$/, () => control.fileRequestLog()],
    ['POST', /^\/firmware$/, (b) => control.publishFirmware(firmwareFromJson(b))],
    ['POST', /^\/model-api$/, (b) => (control.setModelApiVersion(s(b.version) ?? ''), { version: control.modelApiVersion() })],
    ['POST', /^\/hardware-keys$/, (b) => (control.addHardwareKey(s(b.hardware_key) ?? ''), { ok: true })],
    ['POST', /^\/faults$/, (b) => ({ id: control.injectFault(b as FaultSpec) })],
    ['DELETE', /^\/faults$/, () => (control.clearFaults(), { ok: true })],
    ['POST', /^\/mqtt\/drop$/, (b) => ({ dropped: (state.mqtt ?? notFound()).dropConnections(s(b.deviceId)) })],
    ['POST', /^\/mqtt\/refuse-auth$/, (b) => ((state.mqtt ?? notFound()).refuseAuth(b.on === true), { ok: true })],
    ['POST', /^\/mqtt\/withhold-pubacks$/, (b) => ((state.mqtt ?? notFound()).withholdPubacks(pubackMode(b.mode)), { ok: true })],
  ];

  return async function handleControl(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const sub = url.pathname.replace(/^\/__sim/, '').replace(/\/$/, '');
    const { buf } = await readBody(req, 64 * 1024 * 1024);
    let status = 200;
    let out: unknown;
    try {
      const body = buf.length ? (JSON.parse(buf.toString('utf8')) as JsonObject) : {};
      const hit = table.find(([m, re]) => m === req.method && re.test(sub));
      if (!hit) throw new NotFound();
      const params = (hit[1].exec(sub) ?? []).slice(1).map((p) => decodeURIComponent(p));
      out = hit[2](body ?? {}, params, url.searchParams);
    } catch (e) {
      status = e instanceof NotFound || (e instanceof ControlError && /unknown device/.test(e.message)) ? 404 : 400;
      out = { error: e instanceof Error ? e.message : String(e) };
    }
    const text = JSON.stringify(out ?? null);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
  };
}

class NotFound extends Error {
  constructor() {
    super('Not found');
  }
}

function pubackMode(mode: unknown): PubackMode {
  if (mode === 'normal' || mode === 'discard' || mode === 'apply') return mode;
  throw new ControlError('mode must be normal, discard or apply');
}

function notFound(): never {
  throw new NotFound();
}

export function firmwareFromJson(b: JsonObject): PublishFirmware {
  const buf = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64') : undefined);
  return {
    version: String(b.version ?? ''),
    name: typeof b.name === 'string' ? b.name : undefined,
    notes: typeof b.notes === 'string' ? b.notes : undefined,
    model: typeof b.model === 'string' ? b.model : undefined,
    size: typeof b.size === 'number' ? b.size : undefined,
    data: buf(b.dataBase64),
    servedData: buf(b.servedDataBase64),
    checksum: b.checksum === null ? null : typeof b.checksum === 'string' ? b.checksum : undefined,
    signature: typeof b.signature === 'string' ? b.signature : null,
    fileType: typeof b.fileType === 'string' ? b.fileType : undefined,
  };
}
