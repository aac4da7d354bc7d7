// The updater object the agent holds: one run at a time, everything else delegated to the
// pipeline (run) and the lifecycle (start / confirm / report).
import { confirm, decideAtStart, markReported } from './lifecycle';
import { runPipeline } from './pipeline';
import type { FirmwareDeps, FirmwareUpdater, RunRequest, UpgradeOutcome } from './types';

export function createFirmwareUpdater(deps: FirmwareDeps): FirmwareUpdater {
  const logger = deps.logger.child('firmware');
  const scoped: FirmwareDeps = { ...deps, logger };
  let running: Promise<UpgradeOutcome> | null = null;

  return {
    async run(req: RunRequest) {
      if (running) {
        const record = deps.readRecord();
        if (record) return { kind: 'failed', code: 'busy', reason: 'another firmware upgrade is already running', record };
        return running; // cannot happen: a running upgrade has always written its record
      }
      running = runPipeline(scoped, req);
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    onStart: () => decideAtStart(scoped),
    confirmHealthy: () => confirm(scoped),
    markReported: () => markReported(scoped),
  };
}
