// The local device file (`<dataDir>/device.json` or an explicit path): how a kiosk is provisioned
// without flags — which provisioning server, and who this machine is. A bad file is a clear error
// naming the file and the field; it is never half-used or rewritten.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from '../zod-mini';

export const DEVICE_FILE_NAME = 'device.json';

export const deviceFileSchema = z.strictObject({
  entry_url: z.optional(z.url({ protocol: /^https?$/ })),
  // The model's hardware key from the Xyte portal: the hub refuses anything but a UUID.
  hardware_key: z.optional(
    z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: 'must be a UUID (the model hardware key)' })),
  ),
  sn: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  cloud_id: z.optional(z.string().check(z.regex(/^[A-Za-z0-9]{8,60}$/, { error: 'must be 8–60 letters or digits' }))),
  mac: z.optional(z.string().check(z.regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i, { error: 'must look like 11:22:33:44:55:66' }))),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  claim_domain: z.optional(z.string().check(z.minLength(1), z.maxLength(253))),
});
export type DeviceFile = z.infer<typeof deviceFileSchema>;

export class DeviceFileError extends Error {
  override readonly name = 'DeviceFileError';
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`device file ${file}: ${problem}`);
  }
}

/** Reads and validates the device file; a missing file is `{}` unless it was named explicitly. */
export function readDeviceFile(dataDir: string, explicitPath?: string): DeviceFile {
  const file = explicitPath ?? path.join(dataDir, DEVICE_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!explicitPath && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new DeviceFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DeviceFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = deviceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new DeviceFileError(file, `${where}: ${issue?.message ?? 'invalid'}`);
  }
  if (parsed.data.cloud_id && parsed.data.mac) {
    // One authentication method per model (docs/PROTOCOL.md#authentication): the file must say which.
    throw new DeviceFileError(file, 'give either cloud_id or mac, not both');
  }
  return parsed.data;
}
