// startHub: three listeners (entry and hub on `host`, the file origin on `fileHost`), one state.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControl, publishFirmware } from './control';
import { createControlHttp, firmwareFromJson } from './control-http';
import { handleFileRequest } from './file-server';
import { Timers } from './http-util';
import { handleXyteRequest, type PipelineDeps } from './pipeline';
import { compileRoute } from './route-types';
import { childrenRoutes } from './routes/children';
import { commandRoutes } from './routes/commands';
import { configRoutes } from './routes/config';
import { deviceRoutes } from './routes/device';
import { dumpRoutes } from './routes/dumps';
import { fileRoutes } from './routes/files';
import { incidentEventRoutes } from './routes/incidents-events';
import { licenseRoutes } from './routes/licenses';
import { registrationRoutes } from './routes/registration';
import { telemetryRoutes } from './routes/telemetry';
import { startMqttBroker, type MqttBroker } from './mqtt-broker';
import { applyMqttReply } from './mqtt-replies';
import { addDevice, createState, liveDevice, modelIdFor, type HubState } from './state';
import type { HubControl, HubHandle, HubSeed, StartHubOptions } from './types';

const ROUTES = [
  ...registrationRoutes, ...telemetryRoutes, ...configRoutes, ...deviceRoutes, ...childrenRoutes, ...commandRoutes,
  ...licenseRoutes, ...fileRoutes, ...dumpRoutes, ...incidentEventRoutes,
].map(compileRoute);

export async function startHub(opts: StartHubOptions = {}): Promise<HubHandle> {
  const host = opts.host ?? '127.0.0.1';
  const fileHost = opts.fileHost ?? '127.0.0.2';
  const state = createState({
    now: opts.now ?? Date.now, apiVersion: opts.modelApiVersion ?? '1.0.7', hardwareKeys: opts.hardwareKeys,
    rateLimitPerWindow: opts.rateLimitPerWindow, log: opts.log,
  });
  const control = createControl(state);
  const timers = new Timers();
  const deps: PipelineDeps = { state, routes: ROUTES, timers };
  const controlHttp = createControlHttp(state, control);

  const guard = (fn: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => (req: IncomingMessage, res: ServerResponse) => {
    fn(req, res).catch((e: unknown) => {
      state.log(`simulator error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"Internal server error"}');
      else res.destroy();
    });
  };
  const entry = createServer(guard((req, res) => handleXyteRequest(deps, 'entry', req, res)));
  const hub = createServer(guard((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/__sim' || path.startsWith('/__sim/')) return controlHttp(req, res);
    return handleXyteRequest(deps, 'hub', req, res);
  }));
  const files = createServer(guard((req, res) => handleFileRequest(state, req, res, timers)));
  const servers = [entry, hub, files];
  try {
    const entryPort = await listen(entry, host, opts.entryPort ?? 0);
    const hubPort = await listen(hub, host, opts.hubPort ?? 0);
    const filePort = await listen(files, fileHost, opts.filePort ?? 0);
    state.urls = {
      entryUrl: `http://${urlHost(host)}:${entryPort}`,
      hubUrl: `http://${urlHost(host)}:${hubPort}`,
      fileUrl: `http://${urlHost(fileHost)}:${filePort}`,
    };
  } catch (e) {
    await closeAll(servers, timers);
    throw e;
  }
  let mqtt: MqttBroker | undefined;
  if (opts.mqtt) {
    try {
      mqtt = await startMqttBroker({
        host,
        port: opts.mqttPort ?? 0,
        authenticate: (clientId, _username, password) => liveDevice(state, clientId)?.access_key === password,
        log: state.log,
        onPublish: (deviceId, topic, payload) => applyMqttReply(state, deviceId, topic, payload),
      });
    } catch (e) {
      await closeAll(servers, timers);
      throw e;
    }
    const broker = mqtt;
    state.urls.mqttUrl = broker.url;
    state.mqtt = broker;
    state.push = (deviceId, suffix, payload, reply) => void broker.publish(deviceId, suffix, payload, reply);
  }
  if (opts.seed) applySeed(state, control, opts.seed);
  return {
    ...state.urls,
    controlUrl: `${state.urls.hubUrl}/__sim`,
    control,
    ...(mqtt ? { mqtt } : {}),
    close: async () => {
      await mqtt?.close();
      await closeAll(servers, timers);
    },
  };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting, destroys open (hung, dripping, endless) connections and cancels timers. */
async function closeAll(servers: Server[], timers: Timers): Promise<void> {
  timers.clear();
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
    if (!s.listening) return resolve();
    s.close(() => resolve());
    s.closeAllConnections();
  })));
}

/** Preloads devices and firmware (also the format of the CLI's --seed-file). */
export function applySeed(state: HubState, control: HubControl, seed: HubSeed): void {
  for (const key of seed.hardware_keys ?? []) control.addHardwareKey(key);
  for (const d of seed.devices ?? []) {
    control.addHardwareKey(d.hardware_key);
    const dev = addDevice(state, {
      id: d.id, accessKey: d.access_key, hardwareKey: d.hardware_key, modelKey: d.hardware_key.toLowerCase(),
      modelId: modelIdFor(state, d.hardware_key), sn: d.sn, mac: d.mac, cloudId: d.cloud_id, name: d.name,
      details: d.details, firmwareVersion: d.firmware_version,
    });
    if (d.config) control.setConfig(dev.id, d.config);
    if (d.claimed) control.claim(dev.id, d.space);
  }
  for (const f of seed.firmware ?? []) publishFirmware(state, firmwareFromJson({ ...f }));
}
