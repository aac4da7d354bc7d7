// The runtime façade against the REAL hub simulator over loopback (docs/PROTOCOL.md#decisions-at-a-glance, #start-up-pass).
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/log/logger';
import { openIdentityStore } from '../../app/core/state/identity-store';
import { createRig, uniqueHardware, waitFor, waitForSeenStatus, waitForStatus, waitOnline, type Rig } from './agent/rig';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

const routesOf = (r: Rig, id: string) => r.hub.control.requestLog(id).map((q) => q.route);
const telemetryBodies = (r: Rig, id: string) =>
  r.hub.control.requestLog(id).filter((q) => q.route === 'sendTelemetry').map((q) => q.body as Record<string, unknown>);

describe('registration and start-up', () => {
  it('registers with Cloud ID, then runs the start-up pass in order; override only on the first send', async () => {
    rig = await createRig();
    const hardware = uniqueHardware('cloud');
    const rt = await rig.start({ hardware });
    const id = await waitOnline(rt);
    const device = rig.hub.control.device(id)!;
    expect(device).toMatchObject({ cloud_id: hardware.cloudId, sn: hardware.sn, firmware_version: '1.0.0', hardware_key: hardware.hardwareKey });
    await waitFor(() => telemetryBodies(rig, id).length >= 4, 'a few telemetry sends');

    const routes = routesOf(rig, id);
    const firstOf = (route: string) => routes.indexOf(route as never);
    expect(routes[0]).toBe('sendTelemetry');
    expect(firstOf('sendTelemetry')).toBeLessThan(firstOf('getConfig'));
    expect(firstOf('getConfig')).toBeLessThan(firstOf('closeIncidents'));
    expect(firstOf('closeIncidents')).toBeLessThan(firstOf('addEvent'));
    const event = rig.hub.control.requestLog(id).find((q) => q.route === 'addEvent')?.body;
    expect(event).toMatchObject({ name: 'device_booted', category: 'lifecycle' });

    const bodies = telemetryBodies(rig, id);
    expect(bodies[0]?.override).toBe(true);
    expect(bodies.slice(1).every((b) => b.override === undefined)).toBe(true);
    expect(bodies[1]).toMatchObject({ status: 'online', telemetries: { probe: 1 } });

    const stored = openIdentityStore({ dir: rig.dataDir, logger: silentLogger });
    expect(stored.load()?.deviceId).toBe(id);
    expect(stored.loadHardware()).toEqual(hardware);
  });

  it('registers with MAC + serial', async () => {
    rig = await createRig();
    const { hardwareKey, sn } = uniqueHardware('mac');
    const rt = await rig.start({ hardware: { hardwareKey, sn, mac: 'AA:BB:CC:00:11:22' } });
    const id = await waitOnline(rt);
    expect(rig.hub.control.device(id)).toMatchObject({ mac: 'aa:bb:cc:00:11:22', sn, cloud_id: null });
    expect(rt.status()?.claim).toEqual({ claimed: false });
  });

  it('persists the identity before the first hub call', async () => {
    rig = await createRig();
    rig.hub.control.injectFault({ route: 'sendTelemetry', hang: true, times: 1 });
    await rig.start({ hubTimeoutMs: 1_000 });
    const hung = await waitFor(() => rig.hub.control.requestLog().find((q) => q.route === 'sendTelemetry' && q.status === 0), 'the first telemetry to arrive');
    const stored = openIdentityStore({ dir: rig.dataDir, logger: silentLogger }).load();
    expect(stored?.deviceId).toBe(hung.device_id);
  });

  it('already registered (422): shows it on screen and retries about hourly, never fast', async () => {
    const hardware = uniqueHardware('dup');
    rig = await createRig({ seed: { devices: [{ hardware_key: hardware.hardwareKey, sn: hardware.sn, cloud_id: hardware.cloudId, firmware_version: '1.0.0' }] } });
    const rt = await rig.start({ hardware });
    const status = await waitForSeenStatus(rt, (s) => s.connection.state === 'already-registered', 'already-registered');
    expect(status.connection).toMatchObject({ message: expect.stringMatching(/already registered/i) });
    const attempts = () => rig.hub.control.requestLog().filter((q) => q.route === 'registerDevice').length;
    await waitFor(() => attempts() >= 3, 'hourly retries');
    const registrationWaits = rt.clock.sleeps.filter((ms) => ms >= 50 * 60_000);
    expect(registrationWaits.length).toBeGreaterThanOrEqual(2);
    expect(rt.clock.sleeps.every((ms) => ms >= 54 * 60_000 && ms <= 66 * 60_000)).toBe(true);

    // The operator deletes the duplicate in the portal: the next hourly retry succeeds.
    const seeded = rig.hub.control.findDevice({ cloudId: hardware.cloudId })!;
    rig.hub.control.deleteDevice(seeded.id);
    const id = await waitOnline(rt);
    expect(id).not.toBe(seeded.id);
  });
});

describe('credentials and errors', () => {
  it('401 mid-run (device deleted) → wipes and registers again with a new id, same hardware identity', async () => {
    rig = await createRig();
    const hardware = uniqueHardware('del');
    const rt = await rig.start({ hardware });
    const first = await waitOnline(rt);
    rig.hub.control.claim(first);
    await waitForStatus(rt, (s) => s.claim.claimed, 'claimed');
    rig.hub.control.deleteDevice(first);
    const second = await waitForStatus(rt, (s) => s.connection.state === 'online' && !!s.device.deviceId && s.device.deviceId !== first, 're-registered');
    const stored = openIdentityStore({ dir: rig.dataDir, logger: silentLogger });
    expect(stored.load()?.deviceId).toBe(second.device.deviceId);
    expect(stored.loadHardware()).toEqual(hardware);
    expect(rig.hub.control.device(second.device.deviceId!)).toMatchObject({ cloud_id: hardware.cloudId, sn: hardware.sn });
    expect(second.claim.claimed).toBe(false); // cloud-scoped state went with the old record
  });

  it.each([403, 404])('%i keeps the identity, shows an error, and recovers', async (status) => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    rig.hub.control.injectFault({ route: 'sendTelemetry', status, times: 3 });
    await waitForSeenStatus(rt, (s) => s.connection.state === 'error' && /rejected/i.test(s.connection.message), 'error state');
    await waitFor(() => rig.hub.control.requestLog(id).filter((q) => q.status === status).length === 3, 'faults consumed');
    expect(await waitOnline(rt)).toBe(id);
    expect(openIdentityStore({ dir: rig.dataDir, logger: silentLogger }).load()?.deviceId).toBe(id);
  });

  it('logs one info line when the hub answers again after an outage', async () => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    expect(rt.logLines.some((l) => /hub answers again/.test(l))).toBe(false);
    rig.hub.control.injectFault({ route: 'sendTelemetry', status: 503, times: 2 });
    await waitFor(() => rig.hub.control.requestLog(id).filter((q) => q.status === 503).length === 2, 'outage served');
    await waitFor(() => rt.logLines.find((l) => /hub answers again/.test(l)), 'recovery line');
    const recovered = rt.logLines.filter((l) => /hub answers again/.test(l));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatch(/INFO .*hub answers again.*"failedCalls":2/);
  });

  it('429 waits at least max(30 s, Retry-After)', async () => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    const before = rt.clock.sleeps.length;
    rig.hub.control.injectFault({ route: 'sendTelemetry', status: 429, retryAfterSec: 5, times: 1 });
    await waitFor(() => rig.hub.control.requestLog(id).some((q) => q.status === 429), '429 served');
    rig.hub.control.injectFault({ route: 'getConfig', status: 429, retryAfterSec: 90, times: 1 });
    rig.hub.control.setConfig(id, { display: { title: 'Hall' } });
    await waitForStatus(rt, (s) => s.display.title === 'Hall', 'config applied after the 429');
    const waits = rt.clock.sleeps.slice(before).filter((ms) => ms !== 30_000 && ms > 1_000);
    expect(waits.some((ms) => ms >= 30_000 && ms <= 33_000)).toBe(true);
    expect(waits.some((ms) => ms >= 90_000 && ms <= 99_000)).toBe(true);
    // Nothing came back sooner than the 30 s window: the only waits are ticks and the two 429s.
    expect(rt.clock.sleeps.slice(before).every((ms) => ms >= 30_000)).toBe(true);
  });
});

describe('what the telemetry reply asks for', () => {
  it('an invalid config is refused: status error + message, previous config kept, no ack', async () => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    rig.hub.control.setConfig(id, { display: { title: 'Lobby' } });
    const applied = await waitForStatus(rt, (s) => s.display.title === 'Lobby', 'first config applied');
    const goodVersion = applied.versions.config;
    await waitFor(() => rig.hub.control.device(id)?.acked_config_version === goodVersion, 'ack of the good config');

    const badVersion = rig.hub.control.setConfig(id, { telemetry: { interval_sec: 1 } });
    // The screen stays "online" (the last good state) with the technical reason as a marker.
    const refused = await waitForStatus(rt, (s) => s.connection.state === 'online' && s.connection.issue !== undefined, 'refused');
    expect(refused.connection).toMatchObject({ state: 'online', issue: expect.stringMatching(/interval_sec/) });
    expect(refused.versions.config).toBe(goodVersion);
    expect(refused.display.title).toBe('Lobby');
    await waitFor(() => rig.hub.control.device(id)?.status === 'error', 'telemetry status error');
    expect(rig.hub.control.device(id)?.status_message).toMatch(/interval_sec/);
    const configEvents = rt.events.filter((e) => e.name === 'onConfig').map((e) => e.payload);
    expect(configEvents.at(-1)).toMatchObject({ outcome: 'refused', version: badVersion });
    const acks = rig.hub.control.requestLog(id).filter((q) => q.route === 'updateDevice').map((q) => (q.body as { config_version?: string }).config_version);
    expect(acks).not.toContain(String(badVersion));
    // getConfig is not repeated every tick for the refused version
    const gets = () => rig.hub.control.requestLog(id).filter((q) => q.route === 'getConfig').length;
    const getsNow = gets();
    await waitFor(() => telemetryBodies(rig, id).length >= getsNow + 10, 'more ticks');
    expect(gets()).toBe(getsNow);

    rig.hub.control.setConfig(id, { display: { title: 'Fixed' } });
    const fixed = await waitForStatus(rt, (s) => s.connection.state === 'online' && !s.connection.issue && s.display.title === 'Fixed', 'fixed');
    expect(fixed.versions.config).toBeGreaterThan(badVersion);
  });

  it('claim → claimed; space maintenance, units and name; info name and details', async () => {
    rig = await createRig();
    const hardware = uniqueHardware('space');
    const rt = await rig.start({ hardware, claimDomain: 'portal.example.com' });
    const id = await waitOnline(rt);
    expect(rt.status()?.claim).toEqual({ claimed: false, claimUrl: `https://portal.example.com/c/${hardware.cloudId}` });
    rig.hub.control.claim(id, { name: 'Lobby', maintenance: false, temperature_units: 'fahrenheit', location: { utc_offset: 120 } });
    const claimed = await waitForStatus(rt, (s) => s.claim.claimed, 'claimed');
    expect(claimed.claim).toEqual({ claimed: true });
    expect(claimed.space).toMatchObject({ name: 'Lobby', maintenance: false, temperatureUnits: 'fahrenheit', utcOffsetMin: 120 });
    rig.hub.control.setSpace(id, { maintenance: true });
    await waitForStatus(rt, (s) => s.space.maintenance, 'maintenance');
    await waitFor(() => rig.hub.control.device(id)?.acked_space_version === rig.hub.control.device(id)?.space_data_version, 'space ack');
    rig.hub.control.setInfo(id, { name: 'Kiosk 7', details: { floor: 2 } });
    const named = await waitForStatus(rt, (s) => s.device.name === 'Kiosk 7', 'info name');
    expect(named.device.details).toEqual({ floor: 2 });
    rig.hub.control.unclaim(id);
    await waitForStatus(rt, (s) => !s.claim.claimed && !!s.claim.claimUrl, 'unclaimed again');
  });

  it('firmware notice: once per version, never during maintenance; postpone via the handler', async () => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    rig.hub.control.publishFirmware({ version: '1.1.0', size: 64 });
    await waitForStatus(rt, (s) => s.upgrade.kind === 'notice', 'notice');
    const noticeCount = () => rt.events.filter((e, i, all) => {
      if (e.name !== 'onStatus' || e.payload.upgrade.kind !== 'notice') return false;
      const previous = all.slice(0, i).reverse().find((p) => p.name === 'onStatus');
      return previous?.name === 'onStatus' && previous.payload.upgrade.kind !== 'notice';
    }).length;
    const ticks = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= ticks + 10, 'more ticks');
    expect(noticeCount()).toBe(1);
    expect(rt.status()?.versions.latestKnown).toBe('1.1.0');

    const result = await rt.runtime.handlers.postponeUpgrade({ version: '1.1.0' });
    expect(result.ok).toBe(true);
    await waitForStatus(rt, (s) => s.upgrade.kind === 'idle', 'postponed');
    expect(await rt.runtime.handlers.acceptUpgrade({ version: '1.1.0' })).toMatchObject({ ok: false });

    rig.hub.control.claim(id, { maintenance: true });
    await waitForStatus(rt, (s) => s.space.maintenance, 'maintenance');
    rig.hub.control.publishFirmware({ version: '1.2.0', size: 64 });
    const t2 = telemetryBodies(rig, id).length;
    await waitFor(() => telemetryBodies(rig, id).length >= t2 + 10, 'ticks in maintenance');
    expect(rt.status()?.versions.latestKnown).toBe('1.1.0');
    rig.hub.control.setSpace(id, { maintenance: false });
    await waitForStatus(rt, (s) => s.upgrade.kind === 'notice' && s.upgrade.available === '1.2.0', 'notice after maintenance');
  });
});
