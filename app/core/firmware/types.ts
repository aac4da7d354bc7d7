// Public shapes of the firmware pipeline (see index.ts for the walk-through).
import type { UpgradeProgress } from '../../ipc/schemas';
import type { Clock } from '../deps';
import type { Logger } from '../log/logger';
import type { OutboundPolicy } from '../net/outbound-url';
import type { FirmwareErrorCode } from './errors';
import type { Installer } from './installers/types';
import type { FirmwareFile, UpgradeRecord, UpgradeSource } from './record';

export interface FirmwarePolicy {
  /** Largest file accepted when the file declares no size (and the most a declared size may be). */
  maxBytes: number;
  /** Accept a file with neither checksum nor signature (config `upgrade.allowUnverified`). */
  allowUnverified: boolean;
  /** Partner public key: when set, every file must carry a valid RSA-SHA256 signature. */
  publicKeyPem?: string | undefined;
  /** No byte for this long → the download is abandoned (`idle-timeout`). */
  idleTimeoutMs: number;
  /** Free space that must remain on the staging filesystem after the download. */
  minFreeBytes: number;
  /** Download attempts after cut connections, with Range resume (default 5, the first included). */
  downloadAttempts?: number;
  /** First wait between download attempts, doubled each time (default 1 s, capped at 30 s). */
  downloadRetryBaseMs?: number;
  /** The outbound-URL policy for download hosts (default: loopback/private refused). */
  outbound?: OutboundPolicy;
}

export interface FirmwareDeps {
  /** Same filesystem as the install target, so the final move is an atomic rename. */
  stagingDir: string;
  /** The running version. */
  appVersion: string;
  /** The Authorization header goes ONLY to this origin. */
  hubOrigin: () => string;
  accessKey: () => string;
  /** Persisted via the device-state store (the agent passes it). */
  readRecord: () => UpgradeRecord | null;
  /** Called at EVERY step boundary; an exception here is treated as a crash and propagates. */
  writeRecord: (r: UpgradeRecord | null) => void;
  installer: Installer;
  policy: () => FirmwarePolicy;
  onProgress: (p: UpgradeProgress) => void;
  logger: Logger;
  clock: Clock;
}

export interface RunRequest {
  source: UpgradeSource;
  file: FirmwareFile;
  /** The command named this exact version: reinstall or downgrade to it is allowed. */
  exactVersionRequested?: boolean | undefined;
  /** The version the command asked for, when it differs from the file's it is `version-mismatch`. */
  requestedVersion?: string | undefined;
  signal?: AbortSignal | undefined;
}

export type UpgradeOutcome =
  | { kind: 'restart-pending'; record: UpgradeRecord }
  | { kind: 'installed'; record: UpgradeRecord }
  | { kind: 'failed'; reason: string; code: FirmwareErrorCode; record: UpgradeRecord };

/**
 * What the persisted record means at this start. Terminal verdicts (`committed`, `failed`,
 * `rolled-back`) carry `commandId` when a command started the upgrade: report it, then call
 * `markReported()` so the next start does not report it again.
 */
export type StartVerdict =
  | { kind: 'none' }
  | { kind: 'resume'; record: UpgradeRecord }
  | { kind: 'confirming'; record: UpgradeRecord }
  | { kind: 'committed'; record: UpgradeRecord; commandId?: string }
  | { kind: 'rolled-back'; reason: string; code: FirmwareErrorCode; record: UpgradeRecord; failedVersion: string; restartRequired: boolean; commandId?: string }
  | { kind: 'failed'; reason: string; code: FirmwareErrorCode; record: UpgradeRecord; failedVersion?: string; commandId?: string };

export interface FirmwareUpdater {
  /** Runs resolve→download→verify→stage→install; returns when install handed over (restart pending) or failed. */
  run(req: RunRequest): Promise<UpgradeOutcome>;
  /** At every app start, before the loop: decides what the persisted record means now. */
  onStart(): Promise<StartVerdict>;
  /** Called by the agent once the new version is healthy (first successful telemetry + renderer heartbeat). */
  confirmHealthy(): Promise<{ committed: UpgradeRecord } | null>;
  /** The agent reported the terminal outcome (Update Command done/failed): never report it again. */
  markReported(): UpgradeRecord | null;
}

/** Starts of an unconfirmed new version allowed before it is rolled back. */
export const MAX_UNCONFIRMED_STARTS = 3;
