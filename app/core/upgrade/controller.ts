// The firmware upgrade as the agent drives it (docs/PROTOCOL.md#interrupted-commands, #firmware-notice, #firmware-integrity): the triggers (an
// accepted notice, the `auto` policy's window, an `update_firmware` command), the start-up verdict
// and the health confirmation, and what the rest of the agent asks of it (telemetry keys, whether
// the upgrade's command must be left alone). The pipeline itself is app/core/firmware.
import type { Ack, UpgradeProgress } from '../../ipc/contract';
import { errorMessage, type StartFirmwareUpdate } from '../commands';
import type { TelemetryValue } from '../hub';
import type { RuntimeFirmware } from './firmware-wiring';
import { failureCleared, holdsCommands, holdsFirmwareReport, initialUpgradeState, isBusy, next, telemetryKeys, type UpgradeEvent, type UpgradeState } from './machine';
import { ISSUE_KEY } from './reports';
import { commandRunRequest, fetchFirmwareFile, UpgradeRequestError } from './requests';
import { launchRun } from './run';
import { handleStart, maybeConfirm, type StartOutcome } from './start-verdict';
import { effectiveUtcOffset, isInsideWindow } from './install-window';
import type { UpgradeContext, UpgradeDeps } from './upgrade-deps';

export interface UpgradeController {
  /** "Upgrade now" on the notice for `version` (the IPC handler checked it is the one on offer). */
  acceptNotice(request: { version: string; fileId?: string | undefined }): Promise<Ack>;
  /** The `update_firmware` command slot: starts the run and leaves the command in progress. */
  startFromCommand: StartFirmwareUpdate;
  /** Policy `auto`: start the offered version when inside the window (called every tick). */
  autoStartIfDue(): void;
  /** Before the agent loop starts. */
  onStart(): Promise<StartOutcome>;
  onTelemetryReply(): void;
  onHeartbeat(): void;
  /** Extra telemetry keys for this send (progress while running; nulls once afterwards). */
  telemetry(): Record<string, TelemetryValue>;
  /** The upgrade owns the in-flight command: the runner must neither report nor re-run it yet. */
  holdsCommands(): boolean;
  /** The running version is unproven: do not tell the hub it runs until it is confirmed. */
  holdsFirmwareReport(): boolean;
}

export function createUpgradeController(deps: UpgradeDeps, buildFirmware: (onProgress: (p: UpgradeProgress) => void) => RuntimeFirmware): UpgradeController {
  let state: UpgradeState = initialUpgradeState;
  const dispatch = (event: UpgradeEvent) => void (state = next(state, event));
  const onProgress = (progress: UpgradeProgress) => {
    const before = state.phase;
    dispatch({ kind: 'progress', progress });
    deps.emitProgress(progress);
    // The snapshot follows the phase; the byte counts travel on the progress event only.
    if (before.kind === 'running' && before.progress.phase !== progress.phase) {
      deps.status.setUpgrade({ kind: 'in-progress', current: deps.appVersion, target: progress.version, progress });
    }
  };
  const ctx: UpgradeContext = { deps, firmware: buildFirmware(onProgress), state: () => state, dispatch };
  // Runs go on in the background; one that throws is logged, never an unhandled rejection.
  const track = (run: Promise<void> | null) => void run?.catch((error: unknown) => deps.logger.error('firmware upgrade wiring failed', { error }));
  const busy = () => isBusy(state);

  const startFromNotice = (version: string, fileId: string | undefined, how: string): Ack => {
    if (busy()) return { ok: false, message: 'An update is already under way' };
    if (deps.state.get().space.maintenance) return { ok: false, message: 'The space is in maintenance mode; updates wait until it ends' };
    if (!fileId) return { ok: false, message: `The hub named no file for version ${version}` };
    const hub = deps.session()?.hub;
    if (!hub) return { ok: false, message: 'Not connected to the hub yet' };
    deps.logger.info('firmware upgrade from the notice', { version, how });
    deps.state.update((s) => (s.postponed?.version === version ? { postponed: null } : {}));
    const prepare = async () => ({ source: { kind: 'notice' as const, fileId }, file: await fetchFirmwareFile(hub, fileId), requestedVersion: version });
    track(launchRun(ctx, prepare, version));
    return { ok: true };
  };

  return {
    acceptNotice: async ({ version, fileId }) => startFromNotice(version, fileId ?? deps.notice.fileIdFor(version), 'accepted'),

    async startFromCommand(params, record) {
      if (busy()) return { status: 'failed', message: 'another firmware upgrade is already running' };
      let request;
      try {
        request = await commandRunRequest(params, record.id, deps.session()?.hub ?? null);
      } catch (error) {
        const message = error instanceof UpgradeRequestError ? error.message : `could not get the firmware file: ${errorMessage(error)}`;
        return { status: 'failed', message };
      }
      const target = request.file.version;
      // The after-restart rule needs it: done only if this version runs then (docs/PROTOCOL.md#interrupted-commands).
      deps.state.update((s) => (s.inflightCommand?.id === record.id ? { inflightCommand: { ...s.inflightCommand, targetVersion: target } } : {}));
      track(launchRun(ctx, async () => request, target, record.id));
      // In progress until the pipeline settles it on the record (or the restart decides it).
      return { status: 'awaiting_restart' };
    },

    autoStartIfDue() {
      const config = deps.config().upgrade;
      const view = deps.status.upgrade();
      if (config.policy !== 'auto' || view.kind !== 'notice' || busy()) return;
      const state = deps.state.get();
      const now = deps.clock.now();
      if (state.space.maintenance || !isInsideWindow(config.window, now, effectiveUtcOffset(now, state.space.utcOffsetMin))) return;
      const ack = startFromNotice(view.available, deps.notice.fileIdFor(view.available), 'auto policy');
      if (!ack.ok) deps.logger.warn('automatic upgrade could not start', { version: view.available, reason: ack.message });
    },

    async onStart() {
      const outcome = await handleStart(ctx);
      track(outcome.resumed);
      return outcome;
    },

    onTelemetryReply() {
      const before = state;
      dispatch({ kind: 'telemetry-reply' });
      // The failure went out with one send; the device is not in error because of it any more.
      if (failureCleared(before, state)) deps.issues.clear(ISSUE_KEY);
      track(maybeConfirm(ctx));
    },

    onHeartbeat() {
      dispatch({ kind: 'heartbeat' });
      track(maybeConfirm(ctx));
    },

    telemetry(): Record<string, TelemetryValue> {
      const keys = telemetryKeys(state);
      dispatch({ kind: 'telemetry-built' });
      return keys;
    },

    holdsCommands: () => holdsCommands(state),
    holdsFirmwareReport: () => holdsFirmwareReport(state),
  };
}
