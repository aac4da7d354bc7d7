// The install strategies share one small interface; the updater never knows which one it drives.

export type InstallResult = { kind: 'restart-required' } | { kind: 'installed' /* in place, no restart needed (tests) */ };

/** What the hub said about the file, for installers whose own privileged verifier checks it again. */
export interface InstallProof {
  signature?: string | null;
}

export interface Installer {
  readonly kind: string;
  /** Puts the verified `stagedFile` in place. Must leave the previous version runnable on failure. */
  install(stagedFile: string, version: string, proof?: InstallProof): Promise<InstallResult>;
  /** Restores the previous version (after the new one failed to confirm). Throws when impossible. */
  rollback(): Promise<void>;
  /** Optional: the new version proved healthy (e.g. write the launcher's `confirmed` marker). */
  confirm?(): Promise<void>;
  /**
   * Optional: what the installer's privileged helper last reported (deb: the update service's
   * result file), read after a restart to explain why the previous version is still running.
   */
  lastReport?(): Promise<string | null>;
}
