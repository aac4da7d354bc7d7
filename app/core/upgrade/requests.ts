// What to download: from the hub's Get File (a notice's `latest_fw_file_id`, or a command's
// `file_id`), or from an `update_firmware` command's own `url`/`version`/`checksum`/`signature`
// (docs/PROTOCOL.md#commands). Bad parameters are a clear error the command reports as `failed`.
import type { FileInfo, HubClient, JsonObject } from '../hub';
import type { FirmwareFile, RunRequest } from '../firmware';

export class UpgradeRequestError extends Error {
  override readonly name = 'UpgradeRequestError';
}

/** Get File → the pipeline's file description. */
export async function fetchFirmwareFile(hub: Pick<HubClient, 'getFile'>, fileId: string): Promise<FirmwareFile> {
  return fileFromInfo(await hub.getFile(fileId), fileId);
}

export function fileFromInfo(info: FileInfo, fileId: string): FirmwareFile {
  if (!info.version) throw new UpgradeRequestError(`file ${fileId} has no version`);
  return {
    url: info.url,
    version: info.version,
    name: info.name,
    ...(info.checksum != null ? { checksum: info.checksum } : {}),
    ...(info.signature != null ? { signature: info.signature } : {}),
    ...(typeof info.size === 'number' ? { size: info.size } : {}),
    ...(info.public_notes ? { notes: info.public_notes } : {}),
  };
}

/**
 * An `update_firmware` command is the customer's consent. Naming `version` makes it an exact
 * request: that version may be a reinstall or a downgrade (docs/PROTOCOL.md#firmware-integrity), and the file must be it.
 */
export async function commandRunRequest(params: JsonObject, commandId: string, hub: Pick<HubClient, 'getFile'> | null): Promise<RunRequest> {
  const version = optionalText(params, 'version');
  const fileId = optionalText(params, 'file_id');
  const url = optionalText(params, 'url');
  let file: FirmwareFile;
  if (url) {
    if (!version) throw new UpgradeRequestError('update_firmware needs "version" together with "url"');
    const checksum = optionalText(params, 'checksum');
    const signature = optionalText(params, 'signature');
    file = { url, version, ...(checksum ? { checksum } : {}), ...(signature ? { signature } : {}) };
  } else if (fileId) {
    if (!hub) throw new UpgradeRequestError('not connected to the hub');
    file = await fetchFirmwareFile(hub, fileId);
  } else {
    throw new UpgradeRequestError('update_firmware needs "url" and "version", or "file_id"');
  }
  return {
    source: { kind: 'command', commandId, ...(fileId ? { fileId } : {}) },
    file,
    exactVersionRequested: version !== undefined,
    requestedVersion: version,
  };
}

function optionalText(params: JsonObject, key: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new UpgradeRequestError(`update_firmware parameter "${key}" must be a string`);
  return value.trim() || undefined;
}
