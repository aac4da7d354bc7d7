// restart → confirm → commit (or rollback): what the persisted record means at each start, and the
// agent's "the new version is healthy" signal. The bound on unconfirmed starts is what keeps a bad
// version from bricking a screen nobody can reach: after MAX_UNCONFIRMED_STARTS it is rolled back.
import { toFirmwareError, type FirmwareErrorCode } from './errors';
import type { UpgradeRecord } from './record';
import { advance, commandIdOf, failRecord, persist, RecordWriteError } from './record-keeper';
import { MAX_UNCONFIRMED_STARTS, type FirmwareDeps, type StartVerdict } from './types';
import { assertNever } from '../util/assert-never';

export async function decideAtStart(deps: FirmwareDeps): Promise<StartVerdict> {
  try {
    return await decide(deps);
  } catch (error) {
    if (error instanceof RecordWriteError) throw error.cause;
    throw error;
  }
}

async function decide(deps: FirmwareDeps): Promise<StartVerdict> {
  const record = deps.readRecord();
  if (!record) return { kind: 'none' };
  const running = deps.appVersion;
  switch (record.step) {
    case 'resolve':
    case 'download':
    case 'verify':
    case 'stage':
      return { kind: 'resume', record };
    case 'install':
      // killed while installing: the installers swap atomically, so either the new version runs
      // (the install took) or the old one does and the verified staged file is installed again
      if (running === record.toVersion) return countStart(deps, record);
      if (running === record.fromVersion) return { kind: 'resume', record };
      return unexpected(deps, record);
    case 'restart':
    case 'confirm':
      if (running === record.toVersion) return countStart(deps, record);
      if (running === record.fromVersion) {
        const why = (await lastReport(deps)) ?? 'the install did not take, or the launcher restored the previous version';
        const reason = `version ${record.toVersion} did not start: ${running} is still running (${why})`;
        return failedVerdict(failRecord(deps, record, 'install-did-not-take', reason, record.toVersion));
      }
      return unexpected(deps, record);
    case 'rollback':
      return rollBack(deps, record, record.reason ?? 'a rollback was interrupted', (record.code as FirmwareErrorCode) ?? 'confirm-timeout');
    case 'commit':
      return record.reported ? { kind: 'none' } : { kind: 'committed', record, ...commandIdOf(record) };
    case 'failed':
      return record.reported ? { kind: 'none' } : failedVerdict(record);
    default:
      return assertNever(record.step, 'upgrade step');
  }
}

async function countStart(deps: FirmwareDeps, record: UpgradeRecord): Promise<StartVerdict> {
  const starts = record.unconfirmedStarts + 1;
  if (starts > MAX_UNCONFIRMED_STARTS) {
    const reason = `version ${record.toVersion} was not confirmed healthy within ${MAX_UNCONFIRMED_STARTS} starts`;
    return rollBack(deps, { ...record, unconfirmedStarts: starts }, reason, 'confirm-timeout');
  }
  const next = advance(deps, record, 'confirm', { unconfirmedStarts: starts });
  deps.logger.info('new firmware started; awaiting confirmation', { version: record.toVersion, starts });
  return { kind: 'confirming', record: next };
}

async function rollBack(deps: FirmwareDeps, record: UpgradeRecord, reason: string, code: FirmwareErrorCode): Promise<StartVerdict> {
  const marked = advance(deps, record, 'rollback', { reason, code });
  try {
    await deps.installer.rollback();
  } catch (error) {
    const why = `${reason}; rollback failed: ${toFirmwareError(error).message}`;
    deps.logger.error('firmware rollback failed', { version: record.toVersion, reason: why });
    return failedVerdict(failRecord(deps, marked, 'rollback-failed', why, record.toVersion));
  }
  const failed = failRecord(deps, marked, code, reason, record.toVersion);
  deps.logger.warn('firmware rolled back', { version: record.toVersion, reason });
  return {
    kind: 'rolled-back',
    reason,
    code,
    record: failed,
    failedVersion: record.toVersion,
    // the previous version is back on disk, but this process is still the bad one
    restartRequired: deps.appVersion !== record.fromVersion,
    ...commandIdOf(failed),
  };
}

/** The installer's own account of what happened (e.g. the deb service rolled back); never throws. */
async function lastReport(deps: FirmwareDeps): Promise<string | null> {
  try {
    return (await deps.installer.lastReport?.()) ?? null;
  } catch {
    return null;
  }
}

function unexpected(deps: FirmwareDeps, record: UpgradeRecord): StartVerdict {
  const reason = `running version ${deps.appVersion} is neither the previous ${record.fromVersion} nor the target ${record.toVersion}`;
  return failedVerdict(failRecord(deps, record, 'install-did-not-take', reason));
}

function failedVerdict(record: UpgradeRecord): StartVerdict {
  return {
    kind: 'failed',
    reason: record.reason ?? 'upgrade failed',
    code: (record.code as FirmwareErrorCode | undefined) ?? 'internal',
    record,
    ...(record.failedVersion ? { failedVersion: record.failedVersion } : {}),
    ...commandIdOf(record),
  };
}

export async function confirm(deps: FirmwareDeps): Promise<{ committed: UpgradeRecord } | null> {
  const record = deps.readRecord();
  if (!record || record.step !== 'confirm' || deps.appVersion !== record.toVersion) return null;
  try {
    await deps.installer.confirm?.();
  } catch (error) {
    // the launcher marker is a second safety net; the record below is what the app trusts
    deps.logger.warn('installer could not record the confirmation', { reason: toFirmwareError(error).message });
  }
  try {
    const committed = advance(deps, record, 'commit', { reported: false, unconfirmedStarts: 0 });
    deps.logger.info('firmware upgrade committed', { version: record.toVersion });
    return { committed };
  } catch (error) {
    if (error instanceof RecordWriteError) throw error.cause;
    throw error;
  }
}

export function markReported(deps: FirmwareDeps): UpgradeRecord | null {
  const record = deps.readRecord();
  if (!record || record.reported || (record.step !== 'commit' && record.step !== 'failed')) return record;
  const next: UpgradeRecord = { ...record, reported: true, updatedAt: new Date(deps.clock.now()).toISOString() };
  try {
    persist(deps, next);
  } catch (error) {
    if (error instanceof RecordWriteError) throw error.cause;
    throw error;
  }
  return next;
}
