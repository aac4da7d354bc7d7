// Shared fixtures for the firmware tests: temp dirs, an in-memory record store (with crash
// injection), a fake install target that swaps atomically like the real installers, payloads.
import { createHash, createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../../app/core/deps';
import { silentLogger } from '../../../../app/core/log/logger';
import type { FirmwareDeps, FirmwarePolicy } from '../../../../app/core/firmware/types';
import type { Installer } from '../../../../app/core/firmware/installers/types';
import type { UpgradeRecord } from '../../../../app/core/firmware/record';
import { upgradeRecordSchema } from '../../../../app/core/firmware/record';
import type { UpgradeProgress } from '../../../../app/ipc/schemas';

export const ACCESS_KEY = 'access-key-0123456789abcdef';

export async function makeTempDir(prefix = 'xyte-fw-'): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/** The device-state store stand-in: JSON round trip (like the real file) and schema-validated. */
export function createRecordStore(initial: UpgradeRecord | null = null) {
  let saved: string | null = initial ? JSON.stringify(initial) : null;
  let writes = 0;
  let crashAt: { call: number; persistFirst: boolean } | null = null;
  return {
    read: (): UpgradeRecord | null => (saved ? upgradeRecordSchema.parse(JSON.parse(saved)) : null),
    write: (r: UpgradeRecord | null) => {
      writes++;
      const crash = crashAt && writes === crashAt.call;
      if (crash && !crashAt!.persistFirst) throw new SimulatedCrash(`crash before write #${writes}`);
      saved = r ? JSON.stringify(upgradeRecordSchema.parse(r)) : null;
      if (crash) throw new SimulatedCrash(`crash after write #${writes}`);
    },
    crashAt(call: number, persistFirst: boolean) {
      crashAt = { call, persistFirst };
    },
    get writes() {
      return writes;
    },
  };
}

/** Firmware bytes whose first line names the version (the fake "running version" reads it). */
export function payload(version: string, size = 64 * 1024): Buffer {
  const head = Buffer.from(`VERSION=${version}\n`);
  const body = Buffer.alloc(Math.max(0, size - head.length));
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + version.length) & 0xff;
  return Buffer.concat([head, body]);
}

export function versionOf(content: Buffer): string {
  return /^VERSION=(.*)\n/.exec(content.subarray(0, 80).toString('latin1'))?.[1] ?? 'unknown';
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function makeKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (data: Buffer, encoding: 'base64' | 'hex' = 'base64') => createSign('sha256').update(data).sign(privateKey).toString(encoding),
  };
}

/** Like the AppImage installer, on a plain file: whole-file swap by rename, last-good kept. */
export function createFakeInstaller(target: string): Installer & { installs: string[]; rollbacks: number } {
  const installer = {
    kind: 'fake',
    installs: [] as string[],
    rollbacks: 0,
    async install(staged: string, version: string) {
      installer.installs.push(version);
      await writeFile(`${target}.new`, await readFile(staged));
      await writeFile(`${target}.last-good.tmp`, await readFile(target));
      await rename(`${target}.last-good.tmp`, `${target}.last-good`);
      await rename(`${target}.new`, target);
      return { kind: 'restart-required' as const };
    },
    async rollback() {
      installer.rollbacks++;
      await writeFile(`${target}.rb`, await readFile(`${target}.last-good`));
      await rename(`${target}.rb`, target);
    },
  };
  return installer;
}

export const defaultPolicy: FirmwarePolicy = {
  maxBytes: 16 * 1024 * 1024,
  allowUnverified: false,
  idleTimeoutMs: 5000,
  minFreeBytes: 0,
  // the file servers of these tests listen on 127.0.0.1
  outbound: { allowPrivate: true },
  downloadRetryBaseMs: 5,
};

export interface DepsOptions {
  stagingDir: string;
  appVersion: string;
  hubOrigin: string;
  store: ReturnType<typeof createRecordStore>;
  installer: Installer;
  policy?: Partial<FirmwarePolicy>;
  progress?: UpgradeProgress[];
}

export function makeDeps(o: DepsOptions): FirmwareDeps {
  return {
    stagingDir: o.stagingDir,
    appVersion: o.appVersion,
    hubOrigin: () => o.hubOrigin,
    accessKey: () => ACCESS_KEY,
    readRecord: o.store.read,
    writeRecord: o.store.write,
    installer: o.installer,
    policy: () => ({ ...defaultPolicy, ...o.policy }),
    onProgress: (p) => o.progress?.push(p),
    logger: silentLogger,
    clock: systemClock,
  };
}

export async function listDir(path: string): Promise<string[]> {
  return (await readdir(path)).sort();
}
