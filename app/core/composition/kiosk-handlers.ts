// The IPC verbs the renderer may call (app/ipc/contract.ts). Arguments arrive validated by the
// dispatcher; results are re-validated there too, so nothing here can push a secret to the screen.
import type { Ack, KioskHandlers, PlaybackReport, PlayPlan, UpgradeView } from '../../ipc/contract';
import type { FirmwareNotice } from '../agent/firmware-notice';
import type { StatusTracker } from '../agent/status';
import type { Logger } from '../log/logger';
import { errorMessage } from '../commands';

/** What an accepted upgrade starts (the firmware pipeline, wired in later). */
export type StartUpgrade = (request: { version: string; fileId?: string | undefined }) => Promise<Ack>;

export interface RendererHeartbeat {
  screen: string;
  seq: number;
  at: number;
}

export interface HandlerDeps {
  status: StatusTracker;
  notice: FirmwareNotice;
  logger: Logger;
  now(): number;
  /** SEAM for the firmware pipeline (docs/PROTOCOL.md#firmware-notice): absent = upgrades unavailable in this build. */
  startUpgrade?: StartUpgrade;
  onHeartbeat(heartbeat: RendererHeartbeat): void;
  /** The signage player; absent = the status screen only. */
  content?: { plan(): PlayPlan; report(report: PlaybackReport): void };
}

/** What the renderer plays without a signage player: the status screen. */
const STATUS_ONLY_PLAN: PlayPlan = { revision: 0, skip: 0, screen: { kind: 'status', reason: 'no-content' }, offlineBadge: false, allowOrigins: [] };

export function createKioskHandlers(deps: HandlerDeps): KioskHandlers {
  return {
    getStatus: async () => deps.status.snapshot(),
    acceptUpgrade: async ({ version }) => onUpgradeAccepted(deps, version),
    postponeUpgrade: async ({ version }) => deps.notice.postpone(version),
    dismissUpgradeResult: async () => {
      const view: UpgradeView = deps.status.upgrade();
      if (view.kind === 'succeeded' || view.kind === 'failed') deps.status.setUpgrade({ kind: 'idle' });
      return { ok: true };
    },
    heartbeat: async ({ screen, seq }) => {
      deps.onHeartbeat({ screen, seq, at: deps.now() });
      return { ok: true };
    },
    getPlayPlan: async () => deps.content?.plan() ?? STATUS_ONLY_PLAN,
    reportPlayback: async (report) => {
      deps.content?.report(report);
      return { ok: true };
    },
    // Web items in their own views exist only in Electron, whose main process answers this verb
    // itself (app/electron/content-views.ts); every other shell frames web items in the page.
    controlWebView: async () => ({ ok: false, reason: 'load-error' }),
  };
}

/** The person in front of the screen accepted the notice for `version`. */
async function onUpgradeAccepted(deps: HandlerDeps, version: string): Promise<Ack> {
  const view = deps.status.upgrade();
  if (view.kind !== 'notice' || view.available !== version) {
    return { ok: false, message: `No upgrade to ${version} is on offer` };
  }
  if (!deps.startUpgrade) {
    deps.logger.warn('upgrade accepted but this build has no installer', { version });
    return { ok: false, message: 'Installing updates is not available in this build' };
  }
  const fileId = deps.notice.fileIdFor(version);
  deps.logger.info('upgrade accepted', { version });
  try {
    return await deps.startUpgrade({ version, fileId });
  } catch (error) {
    deps.logger.error('upgrade could not start', { version, error });
    return { ok: false, message: `The upgrade could not start: ${errorMessage(error)}`.slice(0, 2000) };
  }
}
