// Firmware upgrade pipeline. "Firmware" is this application's own installable package and
// `firmware_version` its SemVer (docs/PROTOCOL.md#firmware-notice). Rule zero: an upgrade must never brick a screen
// nobody can reach.
//
// ── How the agent uses it ────────────────────────────────────────────────────────────────────
//   const updater = createFirmwareUpdater(deps);          // deps: FirmwareDeps (types.ts)
//   At every start, BEFORE the loop:  const v = await updater.onStart();
//     none        nothing to do
//     resume      killed mid-download/verify/stage/install: call run({source, file,
//                 exactVersionRequested} from v.record) again; a partial .part resumes via Range
//     confirming  the new version runs but is unproven: after the first successful telemetry AND a
//                 renderer heartbeat call confirmHealthy() → commit
//     committed   report it (command → Update Command done; always Update Device firmware_version)
//     failed      report it (command → failed + reason); add v.failedVersion to failedVersions
//     rolled-back the version failed to confirm within MAX_UNCONFIRMED_STARTS (3) starts and the
//                 previous one is back on disk: report, add failedVersion, restart when restartRequired
//   Terminal verdicts carry `commandId`; after reporting call markReported() so the next start
//   says `none` (the record keeps `reported: true`). The window between the report and that one
//   record write is the only place a report can repeat (Update Command is idempotent), and no
//   crash anywhere can make the pipeline compute a different outcome.
//
//   From the notice (after consent) or `update_firmware`: const o = await updater.run({source, file, ...})
//     restart-pending  installed; quit/relaunch the app (the record says 'restart')
//     installed        in place, no restart (command installers printing `installed`, tests)
//     failed           o.code (FirmwareErrorCode) + o.reason: report exactly that
//   Progress for the screen arrives through deps.onProgress (UpgradeProgress, from the first byte).
//
// ── State machine (record.ts; written through deps.writeRecord at EVERY boundary) ─────────────
//   resolve → download → verify → stage → install → restart → confirm → commit, plus rollback/failed.
//   The record is written before a step's work begins; an exception from writeRecord is treated as
//   a crash and propagates untouched.
//
// ── Decisions ────────────────────────────────────────────────────────────────────────────────
//   * Authorization only to hubOrigin(); cross-origin redirects are FOLLOWED without the header
//     (storage redirects are normal, integrity comes from checksum/signature); >3 hops, non-http(s)
//     targets and https→http downgrades are `redirect-refused` (http-get.ts).
//   * Any failure deletes the .part and the staged file, except a cut connection (`interrupted`,
//     `network`) whose .part is kept: the next run of the same file resumes with Range.
//   * `idle-timeout` and `size-exceeded` are refusals (a trickle or an endless body is an attack
//     shape) and delete the partial file.
//   * Installer `none` is a failure (`no-installer`) checked before downloading (installers/none.ts).
//   * A file with a signature but no configured key and no checksum: `signature-missing-key`; a key
//     configured but no signature: `signature-missing`; neither checksum nor signature:
//     `unverified-refused` unless policy.allowUnverified.
//   * A command naming exactly the running version returns `installed` at once ("already running").
export { createFirmwareUpdater } from './updater';
export type { FirmwareDeps, FirmwarePolicy, FirmwareUpdater, RunRequest, StartVerdict, UpgradeOutcome } from './types';
export { MAX_UNCONFIRMED_STARTS } from './types';
export { FirmwareError, isFirmwareError, type FirmwareErrorCode } from './errors';
export type { Installer, InstallResult } from './installers/types';
export { chooseInstaller, createInstaller, type InstallerChoice, type InstallerEnv } from './installers/choose';
export { createAppImageInstaller, MARKERS as LAUNCHER_MARKERS } from './installers/appimage';
export { createCommandInstaller } from './installers/command';
export { createNoInstaller } from './installers/none';
export { createNsisInstaller } from './installers/windows-nsis';
export { createDebInstaller } from './installers/linux-deb';
export { DEB_RESULT_FILE, DEB_SPOOL_DIR } from './installers/deb-spool';
export { parseChecksum } from './integrity';
export { sanitiseFileName, checkVersion } from './checks';
export * from './record';
