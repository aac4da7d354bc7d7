// resolve → download → verify → stage → install → restart: one run of the upgrade state machine.
// Any failure deletes what was staged (except a cut connection's .part, kept for a Range resume)
// and leaves a `failed` record with its exact code and reason; the installer is never called for
// a file that did not verify.
import { rename, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { checkVersion, parseDownloadUrl, pickFileName } from './checks';
import { DOWNLOAD_ATTEMPTS, downloadWithRetries, fileSize, hashFile } from './download';
import { FirmwareError, isResumable, toFirmwareError } from './errors';
import { checkDestination } from './http-get';
import { createIntegritySink, planIntegrity, type IntegrityPlan, type IntegritySink } from './integrity';
import { createProgressMeter, type ProgressMeter } from './progress';
import type { UpgradeRecord } from './record';
import { advance, failRecord, isHandedOver, RecordWriteError } from './record-keeper';
import type { FirmwareDeps, FirmwarePolicy, RunRequest, UpgradeOutcome } from './types';
import type { OutboundPolicy } from '../net/outbound-url';

/** Smaller than any installable package (an AppImage, a .deb, an installer): refused outright. */
export const MIN_FIRMWARE_BYTES = 1024;

interface Paths {
  part: string;
  staged: string;
}

export async function runPipeline(deps: FirmwareDeps, req: RunRequest): Promise<UpgradeOutcome> {
  try {
    return await runSteps(deps, req);
  } catch (error) {
    // writeRecord failed: the process is as good as dead here; surface the original error
    if (error instanceof RecordWriteError) throw error.cause;
    throw error;
  }
}

async function runSteps(deps: FirmwareDeps, req: RunRequest): Promise<UpgradeOutcome> {
  const existing = deps.readRecord();
  if (existing && isHandedOver(existing.step)) {
    const reason = `an upgrade to ${existing.toVersion} is already installed and awaiting restart/confirmation`;
    return { kind: 'failed', code: 'busy', reason, record: existing };
  }
  const resumable = existing && sameFile(existing, req) ? existing : null;
  if (existing && !resumable) await removeStaleFiles(deps.stagingDir, existing);
  const meter = createProgressMeter(deps.clock, req.file.version, deps.onProgress);
  let record = startRecord(deps, req, resumable);
  let paths: Paths | null = null;
  try {
    meter.phase('resolve');
    const plan = resolve(deps, req);
    paths = pathsFor(deps.stagingDir, req);
    if (req.file.version === deps.appVersion) {
      record = advance(deps, record, 'commit', { reason: `already running ${deps.appVersion}`, reported: false });
      meter.phase('commit');
      return { kind: 'installed', record };
    }
    record = await fetchAndVerify(deps, req, record, plan, paths, resumable !== null, meter);
    return await install(deps, record, paths.staged, meter);
  } catch (error) {
    if (error instanceof RecordWriteError) throw error;
    const failure = toFirmwareError(error);
    await discard(paths, failure);
    deps.logger.warn('firmware upgrade failed', { code: failure.code, reason: failure.message, version: req.file.version });
    record = failRecord(deps, record, failure.code, failure.message);
    return { kind: 'failed', code: failure.code, reason: failure.message, record };
  }
}

function startRecord(deps: FirmwareDeps, req: RunRequest, resumable: UpgradeRecord | null): UpgradeRecord {
  const at = new Date(deps.clock.now()).toISOString();
  const base: UpgradeRecord = resumable ?? {
    step: 'resolve',
    fromVersion: deps.appVersion,
    toVersion: req.file.version,
    source: req.source,
    unconfirmedStarts: 0,
    startedAt: at,
    updatedAt: at,
  };
  const fresh: Partial<UpgradeRecord> = {
    source: req.source,
    file: req.file,
    fromVersion: deps.appVersion,
    exactVersionRequested: req.exactVersionRequested ?? false,
    installer: deps.installer.kind,
    reported: false,
    unconfirmedStarts: 0,
  };
  // a resumed run starts over at resolve, but keeps startedAt and the staged bytes
  const { code: _code, reason: _reason, failedVersion: _failed, ...clean } = base;
  return advance(deps, clean, 'resolve', fresh);
}

/** Everything that can be refused before a byte is fetched. */
function resolve(deps: FirmwareDeps, req: RunRequest): IntegrityPlan {
  const policy = deps.policy();
  checkDestination(parseDownloadUrl(req.file.url), outboundOf(policy));
  pickFileName(req.file);
  checkVersion({
    appVersion: deps.appVersion,
    fileVersion: req.file.version,
    ...(req.requestedVersion !== undefined ? { requestedVersion: req.requestedVersion } : {}),
    ...(req.exactVersionRequested !== undefined ? { exactVersionRequested: req.exactVersionRequested } : {}),
  });
  if (deps.installer.kind === 'none') {
    throw new FirmwareError('no-installer', 'no installer is configured for this platform (headless: --installer command:<path>); nothing was downloaded');
  }
  if (req.file.size != null && req.file.size < MIN_FIRMWARE_BYTES) {
    throw new FirmwareError('too-small', `the file declares ${req.file.size} bytes; an installable package has at least ${MIN_FIRMWARE_BYTES}`);
  }
  if (req.file.size != null && req.file.size > policy.maxBytes) {
    throw new FirmwareError('size-exceeded', `the file declares ${req.file.size} bytes; at most ${policy.maxBytes} are accepted`);
  }
  return planIntegrity({ checksum: req.file.checksum, signature: req.file.signature, publicKeyPem: policy.publicKeyPem, allowUnverified: policy.allowUnverified });
}

async function fetchAndVerify(
  deps: FirmwareDeps,
  req: RunRequest,
  record: UpgradeRecord,
  plan: IntegrityPlan,
  paths: Paths,
  resume: boolean,
  meter: ProgressMeter,
): Promise<UpgradeRecord> {
  let sink: IntegritySink;
  if (resume && (await fileSize(paths.staged)) > 0) {
    // killed after staging: the staged file is complete, prove it again from disk
    record = advance(deps, record, 'verify', { stagedPath: paths.staged });
    meter.phase('verify');
    sink = createIntegritySink(plan);
    checkMinimumSize(await hashFile(paths.staged, sink));
    sink.check();
    return advance(deps, record, 'stage', { stagedPath: paths.staged });
  }
  await checkFreeSpace(deps, req, paths, resume);
  record = advance(deps, record, 'download');
  meter.phase('download');
  const policy = deps.policy();
  const download = {
    url: req.file.url,
    authOrigin: deps.hubOrigin(),
    authorization: deps.accessKey(),
    partPath: paths.part,
    resume,
    capBytes: req.file.size ?? policy.maxBytes,
    declaredSize: req.file.size ?? null,
    idleTimeoutMs: policy.idleTimeoutMs,
    outbound: outboundOf(policy),
    signal: req.signal ?? new AbortController().signal,
    clock: deps.clock,
    createSink: () => createIntegritySink(plan),
    onBytes: (done: number, total: number | null) => meter.bytes(done, total ?? req.file.size ?? null),
  };
  // A cut connection is retried right here with a Range resume (bounded), not left to the next run.
  const result = await downloadWithRetries(download, {
    attempts: policy.downloadAttempts ?? DOWNLOAD_ATTEMPTS,
    baseMs: policy.downloadRetryBaseMs ?? 1_000,
    onRetry: (info) => deps.logger.warn('firmware download cut; resuming with Range', { version: req.file.version, ...info }),
  });
  // Before the checksum: an empty file "matches" the checksum of nothing, and is no application.
  checkMinimumSize(result.bytes);
  record = advance(deps, record, 'verify');
  meter.phase('verify');
  result.sink.check();
  await rename(paths.part, paths.staged);
  meter.phase('stage');
  return advance(deps, record, 'stage', { stagedPath: paths.staged });
}

async function install(deps: FirmwareDeps, record: UpgradeRecord, staged: string, meter: ProgressMeter): Promise<UpgradeOutcome> {
  record = advance(deps, record, 'install');
  meter.phase('install');
  let result;
  try {
    result = await deps.installer.install(staged, record.toVersion, { signature: record.file?.signature ?? null });
  } catch (error) {
    throw toFirmwareError(error, 'install-failed');
  }
  await rm(staged, { force: true });
  if (result.kind === 'installed') {
    record = advance(deps, record, 'commit', { reported: false });
    meter.phase('commit');
    return { kind: 'installed', record };
  }
  record = advance(deps, record, 'restart');
  meter.phase('restart');
  deps.logger.info('firmware installed; restart pending', { version: record.toVersion, installer: deps.installer.kind });
  return { kind: 'restart-pending', record };
}

async function checkFreeSpace(deps: FirmwareDeps, req: RunRequest, paths: Paths, resume: boolean): Promise<void> {
  const { minFreeBytes } = deps.policy();
  const have = resume ? await fileSize(paths.part) : 0;
  const needed = Math.max(0, (req.file.size ?? 0) - have) + minFreeBytes;
  const stats = await statfs(deps.stagingDir);
  const free = Number(stats.bavail) * Number(stats.bsize);
  if (free < needed) {
    throw new FirmwareError('disk-full', `only ${formatMb(free)} free in the staging directory; the download needs ${formatMb(needed)}`);
  }
}

function pathsFor(stagingDir: string, req: RunRequest): Paths {
  const name = pickFileName(req.file);
  return { part: join(stagingDir, `${name}.part`), staged: join(stagingDir, name) };
}

function sameFile(record: UpgradeRecord, req: RunRequest): boolean {
  const f = record.file;
  return !!f && f.url === req.file.url && f.version === req.file.version && (f.checksum ?? null) === (req.file.checksum ?? null) && (f.size ?? null) === (req.file.size ?? null);
}

/** Deletes what a failure leaves behind; a cut connection keeps its .part for the next run. */
async function discard(paths: Paths | null, failure: FirmwareError): Promise<void> {
  if (!paths) return;
  if (!isResumable(failure.code)) await rm(paths.part, { force: true });
  await rm(paths.staged, { force: true });
}

async function removeStaleFiles(stagingDir: string, old: UpgradeRecord): Promise<void> {
  if (!old.file) return;
  try {
    const stale = pathsFor(stagingDir, { source: old.source, file: old.file });
    await rm(stale.part, { force: true });
    await rm(stale.staged, { force: true });
  } catch {
    // an old record with a name we would refuse today never produced files
  }
}

function checkMinimumSize(bytes: number): void {
  if (bytes < MIN_FIRMWARE_BYTES) {
    throw new FirmwareError('too-small', `the downloaded file has ${bytes} bytes; an installable package has at least ${MIN_FIRMWARE_BYTES}`);
  }
}

function outboundOf(policy: FirmwarePolicy): OutboundPolicy {
  return policy.outbound ?? { allowPrivate: false };
}

function formatMb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
