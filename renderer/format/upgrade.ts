// Words for the upgrade pipeline's phases, and the four steps the progress screen shows.
import type { UpgradePhase } from '../../app/ipc/contract';

export function phaseWord(phase: UpgradePhase): string {
  switch (phase) {
    case 'resolve':
      return 'Preparing';
    case 'download':
      return 'Downloading';
    case 'verify':
      return 'Verifying';
    case 'stage':
    case 'install':
      return 'Installing';
    case 'restart':
      return 'Restarting…';
    case 'confirm':
    case 'commit':
      return 'Finishing';
    case 'rollback':
      return 'Rolling back';
  }
}

export const PROGRESS_STEPS = ['Downloading', 'Verifying', 'Installing', 'Restarting'] as const;
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

/** Index into PROGRESS_STEPS of the step under way (resolve counts as the start of download). */
export function stepIndex(phase: UpgradePhase): number {
  switch (phase) {
    case 'resolve':
    case 'download':
      return 0;
    case 'verify':
      return 1;
    case 'stage':
    case 'install':
    case 'rollback':
      return 2;
    case 'restart':
    case 'confirm':
    case 'commit':
      return 3;
  }
}
