// Update Command / Update License published over MQTT (docs/PROTOCOL.md#mqtt-replies), applied by
// the very functions the HTTPS routes use, so a test sees one result per item whichever way it
// came. The outcome becomes the PUBACK's reason code: success, or an error the device answers by
// sending the same report over HTTPS (which then gets the route's real answer).
import { HttpError } from './http-util';
import { updateCommand } from './routes/commands';
import { updateLicense } from './routes/licenses';
import { liveDevice, type HubState } from './state';

const SUCCESS = 0x00;
const UNSPECIFIED_ERROR = 0x80;
const IMPLEMENTATION_ERROR = 0x83;
const NOT_AUTHORIZED = 0x87;
const PAYLOAD_FORMAT_INVALID = 0x99;

const APPLY: Record<string, typeof updateCommand> = {
  'commands/update': updateCommand,
  'command/update': updateCommand,
  'license/update': updateLicense,
};

/** The reason code for a device's publish in its own tree; other topics are accepted as they are. */
export function applyMqttReply(state: HubState, deviceId: string, topic: string, payload: Buffer): number {
  const apply = APPLY[topic.slice(`v1/device/${deviceId}/`.length)];
  if (!apply) return SUCCESS;
  const device = liveDevice(state, deviceId);
  if (!device) return NOT_AUTHORIZED;
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    return PAYLOAD_FORMAT_INVALID;
  }
  try {
    apply(state, device, body);
    return SUCCESS;
  } catch (error) {
    if (error instanceof HttpError) {
      state.log(`mqtt reply ${topic} refused: ${error.status} ${error.message}`);
      return error.status === 400 ? PAYLOAD_FORMAT_INVALID : UNSPECIFIED_ERROR;
    }
    state.log(`mqtt reply ${topic} failed: ${String(error)}`);
    return IMPLEMENTATION_ERROR;
  }
}
