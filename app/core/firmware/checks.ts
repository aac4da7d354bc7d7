// Checks done before a single byte is fetched: is this version allowed, is the name safe to put
// on disk, is the URL something we are willing to fetch.
import semver from 'semver';
import { FirmwareError } from './errors';

export interface VersionRequest {
  appVersion: string;
  fileVersion: string;
  /** The version named by an `update_firmware` command, when there is one. */
  requestedVersion?: string;
  exactVersionRequested?: boolean;
}

/** Never downgrade (or reinstall) unless the command names this exact version (docs/PROTOCOL.md#firmware-integrity). */
export function checkVersion(req: VersionRequest): void {
  const target = semver.valid(req.fileVersion);
  if (!target) throw new FirmwareError('bad-version', `firmware version "${req.fileVersion}" is not SemVer`);
  if (req.requestedVersion !== undefined && semver.valid(req.requestedVersion) !== target) {
    throw new FirmwareError('version-mismatch', `the file is version ${target} but version ${req.requestedVersion} was requested`);
  }
  if (semver.gt(target, req.appVersion)) return;
  if (req.exactVersionRequested) return;
  throw new FirmwareError(
    'downgrade-refused',
    `version ${target} is not newer than the running ${req.appVersion}; only a command naming that exact version may install it`,
  );
}

const MAX_NAME = 128;

/**
 * The name the file gets in the staging directory. Hostile shapes (separators, traversal, leading
 * dot, control characters, over-long) are refused outright; merely unusual characters (spaces,
 * parentheses) become `_` so an ordinary "Xyte Kiosk 1.2.0.AppImage" still works.
 */
export function sanitiseFileName(name: string): string {
  if (name.length === 0) throw new FirmwareError('bad-file-name', 'the firmware file has an empty name');
  if (name.length > MAX_NAME) throw new FirmwareError('bad-file-name', `the firmware file name is longer than ${MAX_NAME} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(name) || name.includes('..') || name.startsWith('.') || /^[a-z]:/i.test(name)) {
    throw new FirmwareError('bad-file-name', `the firmware file name "${printable(name)}" contains a path or hidden-file component`);
  }
  const cleaned = name.replace(/[^A-Za-z0-9._+-]/g, '_');
  if (cleaned.endsWith('.part')) throw new FirmwareError('bad-file-name', 'the firmware file name may not end in .part');
  return cleaned;
}

/** The file's own name if given, else the last segment of the URL path (decoded, then checked). */
export function pickFileName(file: { name?: string | undefined; url: string; version: string }): string {
  if (file.name) return sanitiseFileName(file.name);
  const url = parseDownloadUrl(file.url);
  const last = url.pathname.split('/').pop() ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    throw new FirmwareError('bad-file-name', 'the download URL ends in a malformed percent-encoding');
  }
  return sanitiseFileName(decoded || `firmware-${file.version}`);
}

export function parseDownloadUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FirmwareError('bad-url', 'the firmware URL is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FirmwareError('bad-url', `the firmware URL uses ${url.protocol}; only http and https are fetched`);
  }
  if (url.username || url.password) throw new FirmwareError('bad-url', 'the firmware URL may not carry credentials');
  return url;
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 60);
}
