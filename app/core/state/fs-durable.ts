// Low-level crash-safe file primitives shared by durable-file and device-state-store.
// A rename is atomic, but only durable after the data AND the directory entry reach the disk:
// fsync the temp file before the rename and the directory after it (ext4/xfs on a power cut).
import fs from 'node:fs';
import path from 'node:path';

/** Replaces `file` with `data`: write `<file>.tmp` → fsync → rename → fsync the directory. */
export function writeFileDurably(file: string, data: string, mode?: number): void {
  const tmp = `${file}.tmp`;
  removeIfExists(tmp); // a stale temp from a killed writer may have a wider mode; start clean
  const fd = fs.openSync(tmp, 'wx', mode ?? 0o666);
  try {
    // umask may have narrowed the mode further; set it exactly so 0600 means 0600
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDirectory(path.dirname(file));
}

/** Makes renames/unlinks in `dir` durable. Platforms that cannot fsync a directory are skipped. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    if (!isIgnorableDirSyncError(error)) throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isIgnorableDirSyncError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF' || code === 'EACCES';
}

export type RawRead = { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'unreadable'; problem: string };

/** Reads a file as UTF-8 without throwing for the cases a caller must handle. */
export function readRaw(file: string): RawRead {
  try {
    return { kind: 'text', text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', problem: `unreadable (${code ?? 'unknown error'})` };
  }
}

/**
 * Creates `dir` again when it is gone (someone deleted the data directory while we run); true when
 * it had to. Stores call it before every write, so what they hold reaches the disk again.
 */
export function recreateDirIfMissing(dir: string): boolean {
  if (fs.existsSync(dir)) return false;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return true;
}

export function removeIfExists(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Removes temp files a killed writer left beside `file` (`<name>.tmp`, atomically's `<name>.tmp-*`). */
export function removeStaleTemps(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const stale = names.filter((name) => name === `${base}.tmp` || name.startsWith(`${base}.tmp-`));
  for (const name of stale) removeIfExists(path.join(dir, name));
  return stale;
}
