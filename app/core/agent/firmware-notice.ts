// The "new version available" notice (docs/PROTOCOL.md#firmware-notice). `latestVer` is the last version the device
// already told someone about, initialised to the running version: a telemetry reply whose
// `latest_fw_version` is semver-greater shows the notice ONCE and overwrites it. During
// maintenance nothing is shown and latestVer is left alone, so the notice appears afterwards.
// Versions that failed to confirm are never offered again; a postponed notice comes back after
// `upgrade.postpone_hours`. The notice never installs anything by itself (the `auto` policy's
// window start lives in app/core/upgrade/controller.ts); policy `off` shows nothing at all.
import semver from 'semver';
import type { PostponeResult } from '../../ipc/contract';
import type { Clock } from '../deps';
import type { TelemetryReply } from '../hub';
import type { Logger } from '../log/logger';
import type { DeviceState } from '../state/schema';
import type { StateAccess } from '../state/state-access';
import type { StatusTracker } from './status';

/** Longest `latest_fw_version` taken from the hub (what the status screen can show). */
const MAX_OFFERED_VERSION_LENGTH = 64;

export interface FirmwareNoticeDeps {
  appVersion: string;
  state: StateAccess;
  status: StatusTracker;
  clock: Clock;
  logger: Logger;
  /** `upgrade.postpone_hours` from the applied config. */
  postponeHours(): number;
  /** `upgrade.policy`: 'off' never shows a notice (commands still install). Default 'prompt'. */
  policy?(): 'prompt' | 'auto' | 'off';
  /** The release notes published with a file (Get File `public_notes`), shown in the dialog. */
  fetchNotes?(fileId: string): Promise<string | null | undefined>;
}

/** Release notes are free text from the hub: the dialog shows at most this much. */
export const MAX_NOTES_CHARS = 2000;

export interface FirmwareNotice {
  /** Apply the notice rule to a telemetry reply (last of the sync steps). */
  onReply(reply: Pick<TelemetryReply, 'latest_fw_version' | 'latest_fw_file_id'>): void;
  /** Re-show a postponed notice once its time has come. */
  checkPostponed(): void;
  postpone(version: string): PostponeResult;
  /** The file id the hub named for `version`, if it did. */
  fileIdFor(version: string): string | undefined;
}

export function createFirmwareNotice(deps: FirmwareNoticeDeps): FirmwareNotice {
  const fileIds = new Map<string, string>();
  const { appVersion } = deps;

  const offerable = (version: string, state: DeviceState) =>
    semver.valid(version) !== null && semver.gt(version, appVersion) && !state.failedVersions.includes(version);

  const show = (version: string) => {
    deps.status.setUpgrade({ kind: 'notice', current: appVersion, available: version, source: 'notice' });
    const fileId = fileIds.get(version);
    if (fileId && deps.fetchNotes) void addNotes(version, fileId, deps.fetchNotes);
  };
  // The dialog is up at once; the notes follow when the hub answers (and only onto that notice).
  const addNotes = async (version: string, fileId: string, fetchNotes: (fileId: string) => Promise<string | null | undefined>) => {
    let notes: string | null | undefined;
    try {
      notes = await fetchNotes(fileId);
    } catch (error) {
      return deps.logger.warn('release notes unavailable', { version, error });
    }
    const shown = deps.status.upgrade();
    const text = typeof notes === 'string' ? notes.trim().slice(0, MAX_NOTES_CHARS) : '';
    if (text && shown.kind === 'notice' && shown.available === version) deps.status.setUpgrade({ ...shown, notes: text });
  };

  // Switched to 'off' while a notice is up: take it down (latestVer is left for a later 'prompt').
  const hideNotice = () => {
    if (deps.status.upgrade().kind === 'notice') deps.status.setUpgrade({ kind: 'idle' });
  };

  return {
    onReply(reply) {
      const offered = reply.latest_fw_version;
      if (!offered || !semver.valid(offered)) return;
      if (offered.length > MAX_OFFERED_VERSION_LENGTH) {
        // Valid SemVer can be arbitrarily long; the screen and the stores take at most 64.
        deps.logger.warn('latest_fw_version refused: longer than 64 characters', { length: offered.length });
        return;
      }
      if (reply.latest_fw_file_id) rememberFileId(fileIds, offered, reply.latest_fw_file_id);
      if (deps.policy?.() === 'off') return hideNotice();
      const state = deps.state.get();
      if (state.space.maintenance) return;
      const latest = maxVersion(state.latestVer ?? appVersion, appVersion);
      if (!semver.gt(offered, latest) || !offerable(offered, state)) return;
      deps.state.update({ latestVer: offered });
      deps.logger.info('new version available', { version: offered });
      // An upgrade under way (or its result on screen) is not replaced by a notice.
      const shown = deps.status.upgrade().kind;
      if (shown === 'idle' || shown === 'notice') show(offered);
    },

    checkPostponed() {
      const state = deps.state.get();
      const postponed = state.postponed;
      if (deps.policy?.() === 'off') return;
      if (!postponed || Date.parse(postponed.until) > deps.clock.now()) return;
      if (state.space.maintenance || deps.status.upgrade().kind !== 'idle') return;
      deps.state.update({ postponed: null });
      if (offerable(postponed.version, state)) show(postponed.version);
    },

    postpone(version) {
      const remindAt = new Date(deps.clock.now() + deps.postponeHours() * 3_600_000).toISOString();
      deps.state.update({ postponed: { version, until: remindAt } });
      const view = deps.status.upgrade();
      if (view.kind === 'notice' && view.available === version) deps.status.setUpgrade({ kind: 'idle' });
      return { ok: true, remindAt };
    },

    fileIdFor: (version) => fileIds.get(version),
  };
}

function maxVersion(a: string, b: string): string {
  if (!semver.valid(a)) return b;
  return semver.gt(a, b) ? a : b;
}

function rememberFileId(map: Map<string, string>, version: string, fileId: string): void {
  map.set(version, fileId);
  // Only a handful of versions are ever announced; keep the map from growing over months.
  if (map.size > 16) map.delete(map.keys().next().value as string);
}
