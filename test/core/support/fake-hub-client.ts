// An in-memory HubClient for unit tests: queues of commands and licenses that behave like the hub's
// (head of queue, in_progress survives until done/failed), a versioned config, recorded calls, and
// one-shot fault injection per method. Integration tests use the real simulator instead.
import {
  HubError,
  type CommandRequest,
  type DeviceConfigReply,
  type HubClient,
  type JsonObject,
  type LicenseChange,
  type UpdateCommandRequest,
  type UpdateDeviceRequest,
  type UpdateLicenseRequest,
} from '../../../app/core/hub/types';

export interface FakeDump {
  id: string;
  mime: string;
  filename: string;
  chunks: Buffer[];
}

type Method = keyof Omit<HubClient, 'origin'>;

export interface FakeHubClient extends HubClient {
  commands: CommandRequest[];
  commandReports: UpdateCommandRequest[];
  licenses: LicenseChange[];
  licenseReports: UpdateLicenseRequest[];
  config: { version: number; config: JsonObject };
  deviceUpdates: UpdateDeviceRequest[];
  dumps: FakeDump[];
  calls: Method[];
  /** Server clock used for `current_time` on licenses. */
  serverNow: () => number;
  /** The next call(s) to `method` throw `error` (once per queued error). */
  failNext(method: Method, error: Error): void;
  enqueueCommand(command: Omit<CommandRequest, 'status'> & { status?: CommandRequest['status'] }): void;
  enqueueLicense(change: Omit<LicenseChange, 'current_time'>): void;
}

export function createFakeHubClient(options: { serverNow?: () => number } = {}): FakeHubClient {
  const faults = new Map<Method, Error[]>();
  const fake = {
    origin: 'http://127.0.0.1:0',
    commands: [] as CommandRequest[],
    commandReports: [] as UpdateCommandRequest[],
    licenses: [] as LicenseChange[],
    licenseReports: [] as UpdateLicenseRequest[],
    config: { version: 0, config: {} as JsonObject },
    deviceUpdates: [] as UpdateDeviceRequest[],
    dumps: [] as FakeDump[],
    calls: [] as Method[],
    serverNow: options.serverNow ?? (() => Date.now()),
  };

  const enter = (method: Method) => {
    client.calls.push(method);
    const error = faults.get(method)?.shift();
    if (error) throw error;
  };
  const notImplemented = (method: Method) => async (): Promise<never> => {
    enter(method);
    throw new HubError('rejected', method, 'not implemented by the fake hub client');
  };

  const client: FakeHubClient = {
    ...fake,
    failNext(method, error) {
      faults.set(method, [...(faults.get(method) ?? []), error]);
    },
    enqueueCommand(command) {
      client.commands.push({ ...command, parameters: command.parameters ?? {}, status: command.status ?? 'pending' });
    },
    enqueueLicense(change) {
      client.licenses.push({ ...change });
    },
    async getConfig(): Promise<DeviceConfigReply> {
      enter('getConfig');
      return { version: client.config.version, config: structuredClone(client.config.config) };
    },
    async updateDevice(fields) {
      enter('updateDevice');
      client.deviceUpdates.push({ ...fields });
    },
    async getCommand() {
      enter('getCommand');
      const head = client.commands[0];
      return head ? structuredClone(head) : null;
    },
    async updateCommand(body) {
      enter('updateCommand');
      const command = client.commands.find((c) => c.id === body.id);
      if (!command) throw new HubError('rejected', 'updateCommand', 'unknown command', { status: 404 });
      client.commandReports.push({ ...body });
      if (body.status === 'in_progress') command.status = 'in_progress';
      else client.commands.splice(client.commands.indexOf(command), 1);
    },
    async getLicense() {
      enter('getLicense');
      const head = client.licenses[0];
      return head ? { ...head, current_time: new Date(client.serverNow()).toISOString() } : null;
    },
    async updateLicense(body) {
      enter('updateLicense');
      client.licenseReports.push({ ...body });
      const index = client.licenses.findIndex((l) => l.id === body.id);
      if (index >= 0) client.licenses.splice(index, 1);
    },
    async sendDump(mime, filename, body) {
      enter('sendDump');
      const id = `dump-${client.dumps.length + 1}`;
      client.dumps.push({ id, mime, filename, chunks: [Buffer.from(body)] });
      return id;
    },
    async appendDump(dumpId, body) {
      enter('appendDump');
      const dump = client.dumps.find((d) => d.id === dumpId);
      if (!dump) throw new HubError('rejected', 'appendDump', 'unknown dump', { status: 404 });
      dump.chunks.push(Buffer.from(body));
    },
    sendTelemetry: notImplemented('sendTelemetry'),
    sendChildTelemetries: notImplemented('sendChildTelemetries'),
    sendMassTelemetry: notImplemented('sendMassTelemetry'),
    setConfig: notImplemented('setConfig'),
    getDeviceInfo: notImplemented('getDeviceInfo'),
    getSpace: notImplemented('getSpace'),
    spaceMove: notImplemented('spaceMove'),
    setCloudSettings: notImplemented('setCloudSettings'),
    getPendingCommands: notImplemented('getPendingCommands'),
    getLicenses: notImplemented('getLicenses'),
    getFiles: notImplemented('getFiles'),
    getFile: notImplemented('getFile'),
    openIncident: notImplemented('openIncident'),
    getIncidents: notImplemented('getIncidents'),
    closeIncident: notImplemented('closeIncident'),
    closeIncidents: notImplemented('closeIncidents'),
    addEvent: notImplemented('addEvent'),
    getChildren: notImplemented('getChildren'),
    deleteDevice: notImplemented('deleteDevice'),
  };
  // Methods read `client.*` at call time, so tests may edit or replace the queues and config directly.
  return client;
}

export function transientError(endpoint = 'test'): HubError {
  return new HubError('transient', endpoint, 'connection reset');
}

export function rateLimitedError(retryAfterMs?: number, endpoint = 'updateDevice'): HubError {
  return new HubError('rate-limited', endpoint, 'too many requests', { status: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}
