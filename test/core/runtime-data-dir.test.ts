// The data directory deleted while the kiosk runs (an operator's `rm -rf`, a tmp cleaner): the
// stores recreate it on the next change and write everything they hold again, so the next start
// still knows its identity instead of registering anew (and hitting "already registered").
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRig, uniqueHardware, waitFor, waitForStatus, waitOnline, type Rig } from './agent/rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('data directory deleted while running', () => {
  it('is recreated with identity, hardware identity and state on the next change; a restart keeps the device', async () => {
    rig = await createRig();
    const hardware = uniqueHardware('dd');
    const dataDir = rig.newDataDir();
    const first = await rig.start({ dataDir, hardware });
    const id = await waitOnline(first);
    rmSync(dataDir, { recursive: true, force: true });

    rig.hub.control.setConfig(id, { display: { title: 'After the delete' } });
    await waitForStatus(first, (s) => s.display.title === 'After the delete', 'config applied');
    for (const name of ['identity.json', 'hardware-identity.json', 'device-state.json']) {
      await waitFor(() => existsSync(path.join(dataDir, name)), name);
    }
    expect(first.logLines.some((l) => l.includes('data directory was deleted while running; writing identity and state again'))).toBe(true);
    await first.stop();

    const second = await rig.start({ dataDir, hardware });
    expect(await waitOnline(second)).toBe(id);
    expect(rig.hub.control.devices().filter((d) => d.sn === hardware.sn)).toHaveLength(1);
    expect(rig.hub.control.requestLog().filter((r) => r.route === 'registerDevice' && JSON.stringify(r.body).includes(hardware.sn))).toHaveLength(1);
    expect(second.status()?.display.title).toBe('After the delete');
  });
});
