// The hub client as the command runner and the license sync see it while push is on
// (docs/PROTOCOL.md#mqtt-replies): Update Command and Update License go to the reply topic the hub
// named for that item when MQTT is connected and the broker acknowledges them; in every other case
// the same report goes over HTTPS. Each report takes exactly one of the two ways, and the callers'
// own bookkeeping (the persisted command result in commands/results.ts, the license applied before
// its report) is unchanged: a report counts as taken when it was acknowledged on either path.
import type { HubClient, UpdateCommandRequest, UpdateLicenseRequest } from '../hub';
import type { Logger } from '../log/logger';
import type { ReplyOutcome } from './push-client';
import type { ReplyKind } from './reply-route';

export interface MqttReplier {
  reply(kind: ReplyKind, id: string, body: object, final: boolean): Promise<ReplyOutcome>;
}

export function withMqttReplies(hub: HubClient, replier: MqttReplier, logger: Logger): HubClient {
  const viaMqtt = async (kind: ReplyKind, id: string, body: object, final: boolean, status: string): Promise<boolean> => {
    let outcome: ReplyOutcome;
    try {
      outcome = await replier.reply(kind, id, body, final);
    } catch (error) {
      logger.warn('push: reply failed; reporting over HTTPS', { kind, id, error });
      return false;
    }
    if (outcome === 'acked') {
      logger.debug('push: reply sent over MQTT', { kind, id, status });
      return true;
    }
    if (outcome !== 'no-route') logger.info('push: reply not acknowledged; reporting over HTTPS', { kind, id, status, outcome });
    return false;
  };
  return {
    ...hub,
    async updateCommand(body: UpdateCommandRequest) {
      if (await viaMqtt('command', body.id, body, body.status !== 'in_progress', body.status)) return;
      await hub.updateCommand(body);
    },
    async updateLicense(body: UpdateLicenseRequest) {
      if (await viaMqtt('license', body.id, body, true, body.state)) return;
      await hub.updateLicense(body);
    },
  };
}
