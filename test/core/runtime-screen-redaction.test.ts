// The runtime is the one gate to the renderer: whatever the hub puts into values the screen shows
// (device details, names), the access key and secret-named keys never reach a shell.
import { afterEach, describe, expect, it } from 'vitest';
import { createRig, waitForStatus, waitOnline, type Rig } from './agent/rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('what the renderer receives', () => {
  it('never carries the access key or a secret-named key, in events or in getStatus', async () => {
    rig = await createRig();
    const rt = await rig.start();
    const id = await waitOnline(rt);
    const accessKey = rig.hub.control.device(id)!.access_key;
    rig.hub.control.setInfo(id, { name: `Kiosk ${accessKey}`, details: { floor: 2, note: `key=${accessKey}`, api_key: 'partner-1', nested: { credential: 'partner-2' } } });
    const named = await waitForStatus(rt, (s) => s.device.details?.['floor'] === 2, 'details');
    expect(named.device.details).toEqual({ floor: 2, note: 'key=[redacted]', nested: {} });
    expect(named.device.name).toBe('Kiosk [redacted]');
    const fromHandler = await rt.runtime.handlers.getStatus();
    for (const seen of [JSON.stringify(rt.events), JSON.stringify(fromHandler)]) {
      expect(seen).not.toContain(accessKey);
      expect(seen).not.toMatch(/partner-|api_key|credential/);
    }
  });
});
