// Turns byte counts into what the upgrade screen shows: bytes, total, rate and ETA, emitted from
// the first byte and then at most every `intervalMs` so IPC is not flooded on a fast link.
import type { UpgradePhase, UpgradeProgress } from '../../ipc/schemas';
import type { Clock } from '../deps';

const WINDOW_MS = 3000;
const SAMPLE_MS = 100;

export interface ProgressMeter {
  bytes(done: number, total: number | null): void;
  phase(phase: UpgradePhase): void;
}

export function createProgressMeter(clock: Clock, version: string, emit: (p: UpgradeProgress) => void, intervalMs = 250): ProgressMeter {
  const samples: Array<{ at: number; done: number }> = [];
  let last: UpgradeProgress = { phase: 'resolve', version, bytesDone: 0, bytesTotal: null, rateBytesPerSec: 0, etaSec: null };
  let lastEmitAt = -Infinity;

  const send = (p: UpgradeProgress) => {
    last = p;
    lastEmitAt = clock.now();
    try {
      emit(p);
    } catch {
      // a broken progress listener must not break the upgrade
    }
  };

  return {
    bytes(done, total) {
      const at = clock.now();
      // one sample per SAMPLE_MS is plenty for a rate, and keeps this O(1) per chunk on a fast link
      if (samples.length === 0 || at - samples[samples.length - 1]!.at >= SAMPLE_MS) samples.push({ at, done });
      while (samples.length > 2 && at - samples[0]!.at > WINDOW_MS) samples.shift();
      const first = samples[0]!;
      const elapsed = (at - first.at) / 1000;
      const rate = elapsed > 0 ? Math.max(0, (done - first.done) / elapsed) : 0;
      const eta = total !== null && rate > 0 ? Math.max(0, (total - done) / rate) : null;
      const next: UpgradeProgress = { phase: 'download', version, bytesDone: done, bytesTotal: total, rateBytesPerSec: rate, etaSec: eta };
      const firstByte = last.phase !== 'download' || last.bytesDone === 0;
      if (firstByte || at - lastEmitAt >= intervalMs || done === total) send(next);
      else last = next;
    },
    phase(phase) {
      send({ ...last, phase, rateBytesPerSec: phase === 'download' ? last.rateBytesPerSec : 0, etaSec: phase === 'download' ? last.etaSec : null });
    },
  };
}
