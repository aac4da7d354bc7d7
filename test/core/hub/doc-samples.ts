// Every RESPONSE sample printed in Xyte's Device API documentation and sample code, copied verbatim
// (ids shortened with "..." there stay as they are); what the client accepts is in
// docs/PROTOCOL.md#endpoints. Entries marked "(table)" are built from a field table because the
// documentation shows no literal sample for that reply.

export const docSamples = {
  /** Register Device response (docs/PROTOCOL.md#registration). */
  registerDevice: {
    id: 'd8083a34-...', access_key: '2300742898f3ddc0e62e087ddc4a368c',
    hub_url: 'https://eu-1.endpoints.xyte.io', hub_url_static_cert: 'https://eu-1.cssl.endpoints.xyte.io',
    mqtt_hub_url: 'mqtts://mqtt-us-1.endpoints.xyte.io:8883',
  },
  /** Register Child Device response (docs/PROTOCOL.md#endpoints). */
  registerChild: { id: '...', access_key: '...' },
  /** Send Telemetry response (docs/PROTOCOL.md#telemetry). */
  sendTelemetry: {
    config_version: 3, command: true, info_version: 0, new_licenses: false,
    latest_fw_version: '1.3.4', latest_fw_file_id: '9266cb1b-...', space_data_version: 4, success: true,
  },
  /** Send Child Telemetries response (docs/PROTOCOL.md#endpoints). */
  sendChildTelemetries: {
    '11303e81-...': { error: 'Common telemetries.speed must be string, number or boolean' },
    'b4adc748-...': {
      config_version: 0, command: false, info_version: 0, new_licenses: false,
      latest_fw_version: null, latest_fw_file_id: null, space_data_version: 2, success: true,
    },
  },
  /** Send Mass Telemetry: per-device error on a bad token (docs/PROTOCOL.md#endpoints). */
  sendMassTelemetry: { 'd808...': { error: 'Invalid access token' } },
  /** Get Config, API ≥ 1.0.5 (docs/PROTOCOL.md#config). */
  getConfigScoped: {
    version: 10, last_updated: '2024-03-01T10:00:00Z', name: 'Lobby kiosk', device_id: 'd808...',
    config: { display: { brightness: 80, input: 'hdmi' } },
  },
  /** Get Config, API < 1.0.5 (flat) (docs/PROTOCOL.md#config). */
  getConfigFlat: { version: 10, last_updated: '2024-03-01T10:00:00Z', display: { brightness: 80 } },
  /** Set Config, legacy shape (docs/PROTOCOL.md#config). */
  setConfig: { success: true, version: 11 },
  /** Get Space Info, also the Space Move reply (docs/PROTOCOL.md#space). */
  getSpace: {
    location: { coordinates: { lat: 51.165691, lng: 10.451526 }, utc_offset: 60, name: 'Germany' },
    temperature_units: 'celsius', maintenance: false, name: 'Interactive Class',
    local_time: '2024-03-17T10:55:28+01:00', device_id: 'fbe103c8-...',
  },
  /** Get File (table) (docs/PROTOCOL.md#files). */
  getFile: {
    id: '9266cb1b-...', name: 'kiosk-1.3.4.AppImage', url: 'https://storage.example/fw-1.3.4', desc: 'Kiosk 1.3.4',
    file_type: 'firmware', version: '1.3.4', checksum: 'sha256:ab12', signature: 'c2ln', created_at: '2024-03-01T10:00:00Z',
    public_notes: 'Bug fixes',
  },
  /** Send Dump: the sample agent's bare string, and the legacy object (docs/PROTOCOL.md#dumps). */
  sendDumpString: '4b7c...',
  sendDumpObject: { id: '...', length: 1234 },
  /** Open Incident response (docs/PROTOCOL.md#incidents-and-events). */
  openIncident: { incident_id: '3dce7586-...' },
  /** Get Incidents (table) (docs/PROTOCOL.md#incidents-and-events). */
  getIncidents: [
    {
      id: '3dce7586-...', device_id: 'd808...', status: 'active', priority: 'high', title: 'Touch panel not responding',
      description: null, issue: 'touch-fail', created_at: '2024-03-01T10:00:00Z', updated_at: '2024-03-01T10:00:00Z',
    },
  ],
  /** Add Event response (body ignored: any 2xx is success) (docs/PROTOCOL.md#incidents-and-events). */
  addEvent: { status: true },
  /** Get Command (docs/PROTOCOL.md#commands). */
  getCommand: {
    id: '5b1f...', device_id: 'd808...', status: 'pending', name: 'update_firmware',
    parameters: { url: 'https://.../fw-1.3.4.zip', version: '1.3.4', checksum: '0x3322...', signature: '5511Az...' },
  },
  /** Get License (docs/PROTOCOL.md#licenses). */
  getLicense: {
    id: '7c2e...', device_id: 'd808...', data: '<device-specific payload>', signature: '<RSA sig of data>',
    action: 'add', expires_at: '2024-05-07T23:59:59Z', current_time: '2024-04-07T23:59:59Z',
  },
  /** Get Licenses, older array API (table) (docs/PROTOCOL.md#licenses). */
  getLicenses: [{ id: '7c2e...', device_id: 'd808...', data: 'x', signature: 's', add: true, remove: false, update: false, expires_at: null }],
  /** error body (docs/PROTOCOL.md#errors). */
  errorBody: { error: 'Not authorized' },
} as const;
