// Every step boundary goes through here: the record is written BEFORE the step's work starts, so a
// kill at any point leaves a record that tells the next start exactly where we were.
import type { FirmwareErrorCode } from './errors';
import type { UpgradeRecord, UpgradeStep } from './record';
import type { FirmwareDeps } from './types';

/** Marks errors thrown by writeRecord: those are a (simulated) crash or a dead disk and must
 * propagate untouched, never be converted into a "failed" record we could not write anyway. */
export class RecordWriteError extends Error {
  override readonly name = 'RecordWriteError';
  constructor(override readonly cause: unknown) {
    super('the upgrade record could not be written');
  }
}

export function persist(deps: Pick<FirmwareDeps, 'writeRecord' | 'clock'>, record: UpgradeRecord | null): void {
  try {
    deps.writeRecord(record);
  } catch (error) {
    throw new RecordWriteError(error);
  }
}

export function advance(
  deps: Pick<FirmwareDeps, 'writeRecord' | 'clock'>,
  record: UpgradeRecord,
  step: UpgradeStep,
  patch: Partial<UpgradeRecord> = {},
): UpgradeRecord {
  const next: UpgradeRecord = { ...record, ...patch, step, updatedAt: new Date(deps.clock.now()).toISOString() };
  persist(deps, next);
  return next;
}

export function failRecord(
  deps: Pick<FirmwareDeps, 'writeRecord' | 'clock'>,
  record: UpgradeRecord,
  code: FirmwareErrorCode,
  reason: string,
  failedVersion?: string,
): UpgradeRecord {
  return advance(deps, record, 'failed', { code, reason, reported: false, ...(failedVersion ? { failedVersion } : {}) });
}

export function isTerminal(step: UpgradeStep): boolean {
  return step === 'commit' || step === 'failed';
}

/** Steps after which the new version may already be in place: no second upgrade may start. */
export function isHandedOver(step: UpgradeStep): boolean {
  return step === 'restart' || step === 'confirm' || step === 'rollback';
}

export function commandIdOf(record: UpgradeRecord): { commandId?: string } {
  return record.source.kind === 'command' ? { commandId: record.source.commandId } : {};
}
