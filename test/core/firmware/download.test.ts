// A cut firmware download is retried at once with an HTTP Range resume — bounded attempts with
// backoff — before the upgrade fails; against the hub simulator's `cut` fault over loopback.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFirmwareUpdater } from '../../../app/core/firmware';
import { DOWNLOAD_ATTEMPTS } from '../../../app/core/firmware/download';
import { createEntryClient, createHubClient, type HubClient } from '../../../app/core/hub';
import { createLogger } from '../../../app/core/log/logger';
import { startHub, type HubHandle } from '../../hub';
import { createFakeInstaller, createRecordStore, listDir, makeDeps, makeTempDir, payload, sha256Hex } from './helpers/harness';

const HARDWARE_KEY = '3f2b8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const NEW = payload('2.0.0', 256 * 1024);
let hub: HubHandle;
let client: HubClient;
let tmp: { path: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  hub = await startHub({ hardwareKeys: [HARDWARE_KEY] });
  const device = await createEntryClient({ entryUrl: hub.entryUrl }).registerDevice({ hardware_key: HARDWARE_KEY, sn: 'SN-FW-CUT', mac: '11:22:33:44:55:c7', firmware_version: '1.0.0' });
  client = createHubClient({ hubUrl: device.hub_url, deviceId: device.id, accessKey: device.access_key });
});
afterAll(() => hub.close());
beforeEach(async () => {
  hub.control.clearFaults();
  tmp = await makeTempDir();
  await mkdir(join(tmp.path, 'staging'));
  await writeFile(join(tmp.path, 'app.bin'), payload('1.0.0'));
});
afterEach(() => tmp.cleanup());

async function upgradeWithCuts(cuts: number) {
  const published = hub.control.publishFirmware({ version: '2.0.0', data: NEW });
  const info = await client.getFile(published.fileId);
  hub.control.injectFault({ route: 'download', cutAfterBytes: 40 * 1024, times: cuts });
  const lines: string[] = [];
  const installer = createFakeInstaller(join(tmp.path, 'app.bin'));
  const deps = makeDeps({ stagingDir: join(tmp.path, 'staging'), appVersion: '1.0.0', hubOrigin: client.origin, store: createRecordStore(), installer });
  const updater = createFirmwareUpdater({ ...deps, logger: createLogger({ write: (line) => lines.push(line) }) });
  const outcome = await updater.run({ source: { kind: 'command', commandId: 'cmd-cut' }, file: { url: info.url, version: '2.0.0', name: info.name, checksum: info.checksum ?? null, size: info.size! } });
  const requests = hub.control.fileRequestLog().filter((r) => r.path.startsWith(`/files/${published.fileId}/`));
  return { outcome, installer, requests, lines };
}

describe('cut firmware downloads', () => {
  it('resumes with Range after each cut within the same run and installs the verified file', async () => {
    const { outcome, installer, requests, lines } = await upgradeWithCuts(3);
    expect(outcome.kind).toBe('restart-pending');
    expect(installer.installs).toEqual(['2.0.0']);
    expect(sha256Hex(await readFile(join(tmp.path, 'app.bin')))).toBe(sha256Hex(NEW));
    expect(requests).toHaveLength(4);
    expect(requests[0]!.headers.range).toBeUndefined();
    const starts = requests.slice(1).map((r) => Number(/^bytes=(\d+)-$/.exec(String(r.headers.range))?.[1]));
    // every resume asks only for what is still missing, further on each time
    for (let i = 0; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(i === 0 ? 0 : starts[i - 1]!);
    expect(lines.filter((l) => l.includes('firmware download cut; resuming with Range'))).toHaveLength(3);
  });

  it(`fails after ${DOWNLOAD_ATTEMPTS} attempts when the cuts go on, keeping the partial file for a later run`, async () => {
    const { outcome, installer, requests } = await upgradeWithCuts(50);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'interrupted' });
    expect(requests).toHaveLength(DOWNLOAD_ATTEMPTS);
    expect(installer.installs).toEqual([]);
    expect((await listDir(join(tmp.path, 'staging'))).every((name) => name.endsWith('.part'))).toBe(true);
  });
});
