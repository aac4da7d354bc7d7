// A stand-in Electron distribution for packaging tests: the real binary cannot be downloaded here.
// electron-builder copies the directory and renames `electron`; @electron/fuses then looks for the
// fuse sentinel, so the stub carries a real V1 fuse wire and the test can read the flipped fuses.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Wire of the 8 V1 fuses as Electron ships them, '0' off / '1' on (RunAsNode … GrantFileProtocolExtraPrivileges). */
export const STOCK_FUSE_WIRE = '10110001';

export async function writeStubElectronDist(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stub electron: no real binary in this environment" >&2\nexit 1\n# '),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, STOCK_FUSE_WIRE.length]),
    Buffer.from(STOCK_FUSE_WIRE),
    Buffer.from('\n'),
  ]);
  await writeFile(path.join(dir, 'electron'), binary);
  await chmod(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'chrome-sandbox'), '#!/bin/sh\necho "stub chrome-sandbox" >&2\nexit 1\n');
  await chmod(path.join(dir, 'chrome-sandbox'), 0o755);
  await writeFile(path.join(dir, 'LICENSE'), 'stub');
  await writeFile(path.join(dir, 'version'), '45.5.0');
  return dir;
}
