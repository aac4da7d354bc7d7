// Typed errors of the persisted-state layer. Messages name files and problems, never contents:
// a state file may hold the access key (docs/ARCHITECTURE.md#persistence: secrets never in logs or errors).

/** A state file existed but neither it nor its last-good backup is usable. */
export class StateCorruptError extends Error {
  override readonly name = 'StateCorruptError';
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly backupPath: string,
    readonly backupProblem: string,
  ) {
    super(`state file ${path} is unusable (${problem}) and its backup ${backupPath} is unusable too (${backupProblem})`);
  }
}

/** A sealed secret cannot be opened by this process's SecretBox (other box kind, or decrypt failed). */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
  constructor(
    readonly path: string,
    readonly expectedKind: string,
    readonly foundKind: string,
    detail: string,
  ) {
    super(`cannot open the access key in ${path}: ${detail}`);
  }
}
