// .deb installs: the app has no root rights, so it never installs anything itself. It copies the
// verified package into the update service's spool, drops a request beside it and waits for the
// service's result file (see deb-spool.ts; the service is /usr/libexec/xyte-kiosk/install-deb,
// started by xyte-kiosk-update.path). The service checks the package again on its own terms,
// keeps the installed package and installs; a rollback asks it to reinstall the kept one. The
// launcher's markers are armed too, so a version that cannot even start is rolled back by it.
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncFile } from '../download';
import { FirmwareError } from '../errors';
import { decodeSignature } from '../integrity';
import { DEB_RESULT_FILE, DEB_SPOOL_DIR, debianVersion, describeDebResult, MAX_RESULT_BYTES, parseDebResult, renderDebRequest, type DebRequest, type DebResult } from './deb-spool';
import { assertNever } from '../../util/assert-never';
import { clampTimerDelay } from '../../util/timer-delay';
import { createMarkers } from './markers';
import type { Installer, InstallProof } from './types';

export interface DebInstallerOptions {
  spoolDir?: string;
  resultFile?: string;
  /** The app's data dir: where the launcher's boot-counter markers live. */
  markerDir?: string;
  /** How long to wait for the service's result (an install of a large package takes minutes). */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Request ids (random by default). */
  newId?: () => string;
}

const DEFAULT_WAIT_MS = 30 * 60_000;
const DEFAULT_POLL_MS = 1000;
const MAX_POLL_MS = 60_000;

type Outcome = DebResult | { kind: 'timeout'; taken: boolean };

interface Resolved {
  spoolDir: string;
  resultFile: string;
  waitMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
}

export function createDebInstaller(opts: DebInstallerOptions = {}): Installer {
  const pollMs = Math.min(Math.max(1, finiteOr(opts.pollMs, DEFAULT_POLL_MS)), MAX_POLL_MS);
  const o: Resolved = {
    spoolDir: opts.spoolDir ?? DEB_SPOOL_DIR,
    resultFile: opts.resultFile ?? DEB_RESULT_FILE,
    waitMs: Math.min(Math.max(0, finiteOr(opts.waitMs, DEFAULT_WAIT_MS)), 24 * 3600_000),
    pollMs,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, clampTimerDelay(ms)))),
  };
  const newId = opts.newId ?? (() => `app-${randomBytes(8).toString('hex')}`);
  const markers = createMarkers(opts.markerDir);
  return {
    kind: 'deb',
    async install(stagedFile, version, proof) {
      const id = newId();
      const file = `xyte-kiosk-${id}.deb`;
      const sha256 = await stage(stagedFile, join(o.spoolDir, file));
      const request: DebRequest = { id, action: 'install', file, sha256, ...versionField(version), ...signatureField(proof) };
      await markers.arm(version);
      const outcome = await ask(o, request);
      if (outcome.kind === 'ok') return { kind: 'restart-required' };
      await markers.clear();
      throw new FirmwareError('install-failed', describeOutcome(outcome, 'install'));
    },
    async rollback() {
      const outcome = await ask(o, { id: newId(), action: 'rollback' });
      if (outcome.kind !== 'ok') throw new FirmwareError('rollback-failed', describeOutcome(outcome, 'roll back'));
      await markers.clear();
    },
    confirm: () => markers.confirm(),
    lastReport: async () => describeDebResult(await readBounded(o.resultFile)),
  };
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

function versionField(version: string): { version?: string } {
  const deb = debianVersion(version);
  return deb ? { version: deb } : {};
}

/** The hub's signature in the one encoding the service reads (base64); absent when unusable. */
function signatureField(proof: InstallProof | undefined): { signature?: string } {
  const bytes = proof?.signature ? decodeSignature(proof.signature) : null;
  return bytes && bytes.length > 0 && bytes.length <= 3072 ? { signature: bytes.toString('base64') } : {};
}

/** Copies the staged file into the spool under a temp name, syncs, renames; returns its sha256. */
async function stage(stagedFile: string, target: string): Promise<string> {
  const part = `${target}.part`;
  try {
    await copyFile(stagedFile, part);
    await fsyncFile(part);
    const sha256 = await sha256Of(part);
    await rename(part, target);
    return sha256;
  } catch (error) {
    await rm(part, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new FirmwareError('install-failed', `cannot stage the package in the update spool (${code}); is the kiosk user in group xyte-kiosk?`);
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** Drops the request and waits (bounded) for the result naming it. */
async function ask(o: Resolved, request: DebRequest): Promise<Outcome> {
  const name = join(o.spoolDir, `${request.id}.request`);
  try {
    // the path unit watches *.request: the name appears only once the whole file is there
    await writeFile(`${name}.tmp`, renderDebRequest(request), { mode: 0o640 });
    await rename(`${name}.tmp`, name);
  } catch (error) {
    await rm(`${name}.tmp`, { force: true });
    if (request.action === 'install') await rm(join(o.spoolDir, request.file), { force: true });
    if (error instanceof FirmwareError) throw error;
    throw new FirmwareError(request.action === 'install' ? 'install-failed' : 'rollback-failed', `cannot write to the update spool (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const polls = Math.max(1, Math.ceil(o.waitMs / o.pollMs));
  for (let i = 0; i <= polls; i++) {
    const result = parseDebResult(await readBounded(o.resultFile), request.id);
    if (result) return result;
    if (i < polls) await o.sleep(o.pollMs);
  }
  // withdraw what the service never took; a taken request may still finish after we gave up
  const taken = !(await removeIfPresent(name));
  if (!taken && request.action === 'install') await rm(join(o.spoolDir, request.file), { force: true });
  return { kind: 'timeout', taken };
}

async function readBounded(path: string): Promise<string | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_RESULT_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

async function removeIfPresent(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch {
    return false;
  }
}

function describeOutcome(outcome: Exclude<Outcome, { kind: 'ok' }>, what: string): string {
  switch (outcome.kind) {
    case 'failed':
      return `the update service did not ${what}: ${outcome.message}`;
    case 'timeout':
      return outcome.taken
        ? `the update service took the request but gave no result in time; see journalctl -u xyte-kiosk-update`
        : `the update service did not pick up the request; is xyte-kiosk-update.path enabled?`;
    default:
      return assertNever(outcome, 'deb service outcome');
  }
}
