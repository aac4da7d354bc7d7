import { describe, expect, it } from 'vitest';
import { HubError } from '../../../app/core/hub';
import { isNothingPending, parseReply } from '../../../app/core/hub/parse';
import * as s from '../../../app/core/hub/schemas';
import { docSamples as doc } from './doc-samples';

function refusal(run: () => unknown): HubError {
  try {
    run();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

describe('every response sample of the Device API reference parses', () => {
  it('registration and telemetry replies', () => {
    expect(parseReply(s.registrationSchema, 'registerDevice', doc.registerDevice)).toMatchObject({ id: 'd8083a34-...', hub_url: 'https://eu-1.endpoints.xyte.io' });
    expect(parseReply(s.childRegistrationSchema, 'registerChild', doc.registerChild)).toEqual({ id: '...', access_key: '...' });
    expect(parseReply(s.telemetryReplySchema, 't', doc.sendTelemetry)).toMatchObject({ config_version: 3, latest_fw_version: '1.3.4' });
    const children = parseReply(s.telemetryMapSchema, 't', doc.sendChildTelemetries);
    expect(children['11303e81-...']).toEqual({ error: 'Common telemetries.speed must be string, number or boolean' });
    expect(children['b4adc748-...']).toMatchObject({ space_data_version: 2, latest_fw_version: null });
    expect(parseReply(s.telemetryMapSchema, 't', doc.sendMassTelemetry)).toEqual(doc.sendMassTelemetry);
  });

  it('Get Config in both shapes normalises to {version, config}', () => {
    expect(parseReply(s.deviceConfigSchema, 'getConfig', doc.getConfigScoped)).toEqual({
      version: 10, last_updated: '2024-03-01T10:00:00Z', name: 'Lobby kiosk', config: { display: { brightness: 80, input: 'hdmi' } },
    });
    expect(parseReply(s.deviceConfigSchema, 'getConfig', doc.getConfigFlat)).toEqual({
      version: 10, last_updated: '2024-03-01T10:00:00Z', config: { display: { brightness: 80 } },
    });
    expect(parseReply(s.setConfigReplySchema, 'setConfig', doc.setConfig).version).toBe(11);
  });

  it('space, files, dumps, incidents, commands, licenses', () => {
    expect(parseReply(s.spaceInfoSchema, 'getSpace', doc.getSpace).location?.coordinates).toEqual({ lat: 51.165691, lng: 10.451526 });
    expect(parseReply(s.fileInfoSchema, 'getFile', doc.getFile)).toMatchObject({ version: '1.3.4', checksum: 'sha256:ab12' });
    expect(parseReply(s.dumpIdSchema, 'sendDump', doc.sendDumpString)).toBe('4b7c...');
    expect(parseReply(s.dumpIdSchema, 'sendDump', doc.sendDumpObject)).toBe('...');
    expect(parseReply(s.openIncidentSchema, 'openIncident', doc.openIncident).incident_id).toBe('3dce7586-...');
    expect(parseReply(s.incidentListSchema, 'getIncidents', doc.getIncidents)[0]).toMatchObject({ status: 'active', description: null });
    expect(parseReply(s.commandSchema, 'getCommand', doc.getCommand)).toMatchObject({ id: '5b1f...', name: 'update_firmware' });
    expect(parseReply(s.licenseSchema, 'getLicense', doc.getLicense)).toMatchObject({ action: 'add', current_time: '2024-04-07T23:59:59Z' });
    expect(parseReply(s.anyArraySchema, 'getLicenses', doc.getLicenses)).toHaveLength(1);
  });
});

describe('schema strictness', () => {
  it('tolerates unknown extra fields and keeps them', () => {
    const reply = parseReply(s.telemetryReplySchema, 't', { ...doc.sendTelemetry, future_flag: 'x' });
    expect(reply).toMatchObject({ future_flag: 'x', config_version: 3 });
  });

  it('refuses wrong types, naming the field', () => {
    const error = refusal(() => parseReply(s.telemetryReplySchema, 'sendTelemetry', { ...doc.sendTelemetry, config_version: '3' }));
    expect(error.kind).toBe('invalid-response');
    expect(error.details.field).toBe('config_version');
    expect(error.message).toMatch(/^sendTelemetry: config_version: .*expected number/);
    const nested = refusal(() => parseReply(s.spaceInfoSchema, 'getSpace', { location: { coordinates: { lat: 'north', lng: 1 } } }));
    expect(nested.details.field).toBe('location.coordinates.lat');
    expect(refusal(() => parseReply(s.commandSchema, 'getCommand', { ...doc.getCommand, status: 'exploded' })).details.field).toBe('status');
  });

  it('refuses a registration whose hub_url is not http(s)', () => {
    const error = refusal(() => parseReply(s.registrationSchema, 'registerDevice', { ...doc.registerDevice, hub_url: 'file:///etc/passwd' }));
    expect(error.details.field).toBe('hub_url');
  });

  it('bounds what registration persists: id, access_key and hub_url at their limits pass, one more character is refused', () => {
    const { id, accessKey, hubUrl } = s.REGISTRATION_LIMITS;
    const longUrl = (n: number) => `https://hub.example/${'p'.repeat(n - 'https://hub.example/'.length)}`;
    const atLimit = { ...doc.registerDevice, id: 'i'.repeat(id), access_key: 'k'.repeat(accessKey), hub_url: longUrl(hubUrl) };
    expect(parseReply(s.registrationSchema, 'registerDevice', atLimit)).toMatchObject({ id: atLimit.id, hub_url: atLimit.hub_url });
    for (const [field, value] of [['id', 'i'.repeat(id + 1)], ['access_key', 'k'.repeat(accessKey + 1)], ['hub_url', longUrl(hubUrl + 1)]] as const) {
      const error = refusal(() => parseReply(s.registrationSchema, 'registerDevice', { ...atLimit, [field]: value }));
      expect(error.kind).toBe('invalid-response');
      expect(error.message).toContain(field);
      expect(error.message).not.toContain(value.slice(0, 64)); // the refused value itself is not echoed
    }
  });

  it('normalises missing or null firmware fields in a telemetry reply to null', () => {
    const { latest_fw_version: _v, latest_fw_file_id: _f, ...rest } = doc.sendTelemetry;
    expect(parseReply(s.telemetryReplySchema, 't', rest)).toMatchObject({ latest_fw_version: null, latest_fw_file_id: null });
  });

  it('accepts numeric command ids as opaque strings and missing parameters as {}', () => {
    expect(parseReply(s.commandSchema, 'getCommand', { id: 42, name: 'reboot', status: 'pending' })).toMatchObject({ id: '42', parameters: {} });
  });

  it('accepts `long` for the longitude key (Space Move table) and hands out `lng`', () => {
    const space = parseReply(s.spaceInfoSchema, 'getSpace', { location: { coordinates: { lat: 1, long: 2 } } });
    expect(space.location?.coordinates).toEqual({ lat: 1, lng: 2 });
  });

  it('knows what "nothing pending" looks like', () => {
    for (const empty of [undefined, null, '', {}, { status: 'none' }, { id: null }]) expect(isNothingPending(empty)).toBe(true);
    for (const some of [doc.getCommand, [], 'x', 0]) expect(isNothingPending(some)).toBe(false);
  });
});
