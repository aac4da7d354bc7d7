// Contract: every one of the 30 Device API endpoints (docs/PROTOCOL.md#endpoints) called through the
// client against the real hub simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { createHubClient, HubError } from '../../../app/core/hub';
import { rejectionOf } from './local-server';
import { newDeviceBody, startWithDevice, type SimDevice } from './sim';

let ctx: SimDevice | undefined;

afterEach(async () => {
  await ctx?.sim.close();
  ctx = undefined;
});

async function setup(options: Parameters<typeof startWithDevice>[0] = {}): Promise<SimDevice> {
  ctx = await startWithDevice(options);
  return ctx;
}

describe('entry: registration (rows 1–3)', () => {
  it('Register Device returns credentials and the hub URL, sent without Authorization', async () => {
    const { sim, registration } = await setup();
    expect(registration.hub_url.replace(/\/$/, '')).toBe(sim.hubUrl.replace(/\/$/, ''));
    expect(registration.access_key.length).toBeGreaterThan(0);
    const [logged] = sim.control.requestLog().filter((r) => r.route === 'registerDevice');
    expect(logged?.authorization).toBeUndefined();
  });

  it('Bulk Register sends no Authorization and returns one result per device', async () => {
    const { sim, entry } = await setup();
    const results = await entry.bulkRegister([newDeviceBody(), newDeviceBody()]);
    expect(results).toHaveLength(2);
    expect(sim.control.requestLog().find((r) => r.route === 'bulkRegister')?.authorization).toBeUndefined();
  });

  it('Register Child carries the parent key; Get Child Devices lists the child (row 4)', async () => {
    const { sim, entry, hub, registration } = await setup();
    const child = await entry.registerChild(registration.id, registration.access_key, { model_id: 'display-x', firmware_version: '1.0.0', sn: 'C1' });
    expect(sim.control.requestLog().find((r) => r.route === 'registerChild')?.authorization).toBe(registration.access_key);
    expect(JSON.stringify(await hub.getChildren())).toContain(child.id);
  });
});

describe('hub: telemetry (rows 6–8)', () => {
  it('Send Telemetry returns the flags and carries the raw key', async () => {
    const { sim, hub, registration } = await setup();
    const reply = await hub.sendTelemetry({ status: 'online', override: true, telemetries: { cpu: 12.5, screen_on: true } });
    expect(reply).toMatchObject({ command: false, new_licenses: false, space_data_version: 0, latest_fw_version: null });
    const logged = sim.control.requestLog(registration.id).filter((r) => r.route === 'sendTelemetry');
    expect(logged.map((r) => r.authorization)).toEqual([registration.access_key]);
  });

  it('Send Child Telemetries and Send Mass Telemetry answer per device', async () => {
    const { entry, hub, registration } = await setup();
    const child = await entry.registerChild(registration.id, registration.access_key, { model_id: 'display-x', firmware_version: '1.0.0' });
    const byChild = await hub.sendChildTelemetries({ [child.id]: { status: 'online', telemetries: { speed: 10 } } });
    expect(byChild[child.id]).toMatchObject({ command: false });
    const mass = await hub.sendMassTelemetry([
      { id: child.id, access_token: child.access_key, status: 'online' },
      { id: registration.id, access_token: 'wrong-token-000000', status: 'online' },
    ]);
    expect(mass[child.id]).toMatchObject({ success: true });
    expect(mass[registration.id]).toEqual({ error: 'Invalid access token' });
  });
});

describe('hub: config, device, space (rows 9–15)', () => {
  it('Get Config on model API 1.0.7 (scoped) and 1.0.4 (flat) normalise to the same shape', async () => {
    const { sim, hub, registration } = await setup();
    sim.control.setConfig(registration.id, { display: { brightness: 80 } });
    const scoped = await hub.getConfig();
    expect(sim.control.modelApiVersion()).toBe('1.0.7');
    expect(scoped.config).toEqual({ display: { brightness: 80 } });
    sim.control.setModelApiVersion('1.0.4');
    // Prove the wire shape really changed, then that the client hides the difference.
    const raw = await fetch(`${sim.hubUrl.replace(/\/$/, '')}/v1/devices/${registration.id}/config`, { headers: { Authorization: registration.access_key } });
    expect(await raw.json()).toMatchObject({ display: { brightness: 80 } });
    const flat = await hub.getConfig();
    expect(flat).toMatchObject({ version: scoped.version, config: { display: { brightness: 80 } } });
  });

  it('Set Config returns the new server version', async () => {
    const { sim, hub, registration } = await setup();
    const before = (await hub.getConfig()).version;
    const { version } = await hub.setConfig({ display: { brightness: 40 } });
    expect(version).toBeGreaterThan(before);
    expect(sim.control.device(registration.id)?.config).toEqual({ display: { brightness: 40 } });
  });

  it('Get Device Info and Update Device (versions sent as strings)', async () => {
    const { sim, hub, registration } = await setup();
    sim.control.setInfo(registration.id, { name: 'Lobby', details: { floor: 2 } });
    expect(await hub.getDeviceInfo()).toMatchObject({ name: 'Lobby' });
    const version = sim.control.setConfig(registration.id, { a: 1 });
    await hub.updateDevice({ firmware_version: '1.0.1', config_version: String(version) });
    const logged = sim.control.requestLog(registration.id).find((r) => r.route === 'updateDevice');
    expect(logged?.body).toEqual({ firmware_version: '1.0.1', config_version: String(version) });
    expect(sim.control.device(registration.id)).toMatchObject({ firmware_version: '1.0.1', acked_config_version: version });
  });

  it('Get Space Info, Space Move and Set Cloud Settings', async () => {
    const { sim, hub, registration } = await setup();
    sim.control.claim(registration.id, { name: 'Interactive Class', maintenance: true });
    expect(await hub.getSpace()).toMatchObject({ name: 'Interactive Class', maintenance: true });
    expect(await hub.spaceMove('unsorted')).toBeTypeOf('object');
    await hub.setCloudSettings({ 'incidents.suspend_creation': true });
    expect(sim.control.device(registration.id)?.cloud_settings).toMatchObject({ 'incidents.suspend_creation': true });
  });
});

describe('hub: commands and licenses (rows 16–21)', () => {
  it('Get Command → Update Command until nothing is pending; Get Commands with Children', async () => {
    const { sim, hub, registration } = await setup();
    expect(await hub.getCommand()).toBeNull();
    const id = sim.control.enqueueCommand(registration.id, { name: 'reboot', parameters: { delay: 1 } });
    expect(await hub.getPendingCommands()).toEqual([expect.objectContaining({ id, name: 'reboot' })]);
    expect(await hub.getCommand()).toMatchObject({ id, name: 'reboot', status: 'pending', parameters: { delay: 1 } });
    await hub.updateCommand({ id, status: 'in_progress' });
    expect(await hub.getCommand()).toMatchObject({ id, status: 'in_progress' });
    await hub.updateCommand({ id, status: 'done' });
    expect(await hub.getCommand()).toBeNull();
    expect(sim.control.commands(registration.id)[0]?.status).toBe('done');
  });

  it('Get License → Update License until `{}`; Get Licenses (array API)', async () => {
    const { sim, hub, registration } = await setup();
    expect(await hub.getLicense()).toBeNull();
    const id = sim.control.enqueueLicense(registration.id, { action: 'add', data: 'seat-1', expiresAt: '2030-01-01T00:00:00Z' });
    expect(Array.isArray(await hub.getLicenses())).toBe(true);
    expect(await hub.getLicense()).toMatchObject({ id, action: 'add', data: 'seat-1' });
    await hub.updateLicense({ id, state: 'inuse' });
    expect(await hub.getLicense()).toBeNull();
    expect(sim.control.licenses(registration.id)[0]?.state).toBe('inuse');
  });
});

describe('hub: files, dumps, incidents, events, delete (rows 5, 22–30)', () => {
  it('Get Files and Get File describe a published firmware', async () => {
    const { sim, hub } = await setup();
    const published = sim.control.publishFirmware({ version: '1.1.0', data: Buffer.from('new build') });
    expect((await hub.getFiles()).map((f) => f.id)).toContain(published.fileId);
    expect(await hub.getFile(published.fileId)).toMatchObject({ id: published.fileId, version: '1.1.0', url: published.url });
  });

  it('Send Dump then Append Dump File', async () => {
    const { sim, hub, registration } = await setup();
    const dumpId = await hub.sendDump('text/plain', 'agent.log', 'line 1\n');
    await hub.appendDump(dumpId, Buffer.from('line 2\n'));
    const [dump] = sim.control.dumps(registration.id);
    expect(dump).toMatchObject({ id: dumpId, mime: 'text/plain', filename: 'agent.log' });
    expect(dump?.body.toString()).toBe('line 1\nline 2\n');
  });

  it('Open, list and close incidents; Add Event', async () => {
    const { sim, hub, registration } = await setup();
    sim.control.claim(registration.id);
    const { incident_id } = await hub.openIncident({ title: 'Touch panel not responding', issue: 'touch-fail', priority: 2 });
    expect((await hub.getIncidents()).find((i) => i.id === incident_id)).toMatchObject({ status: 'active', issue: 'touch-fail' });
    await hub.closeIncident(incident_id);
    await hub.openIncident({ title: 'Fan', issue: 'fan', priority: 'low' });
    await hub.closeIncidents();
    expect((await hub.getIncidents()).every((i) => i.status === 'closed')).toBe(true);
    await hub.addEvent({ name: 'device_booted', category: 'system', int_key_1: 1 });
    expect(sim.control.events(registration.id).map((e) => e.name)).toEqual(['device_booted']);
  });

  it('Delete Device; every call afterwards is unauthorized', async () => {
    const { hub } = await setup();
    await hub.deleteDevice();
    const error = await rejectionOf(() => hub.sendTelemetry({ status: 'online' }));
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).kind).toBe('unauthorized');
  });

  it('a wrong key is unauthorized and the key never shows in the error', async () => {
    const { sim, registration } = await setup();
    const wrong = 'ffffffffffffffffffffffffffffffff';
    const hub = createHubClient({ hubUrl: sim.hubUrl, deviceId: registration.id, accessKey: wrong, timeoutMs: 5_000 });
    const error = (await rejectionOf(() => hub.getConfig())) as HubError;
    expect(error.kind).toBe('unauthorized');
    expect(JSON.stringify({ ...error, m: error.message })).not.toContain(wrong);
  });
});
