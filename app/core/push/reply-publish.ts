// One QoS 1 reply publish that waits for its PUBACK, bounded (docs/PROTOCOL.md#mqtt-replies).
// Only an acknowledgement with a success reason code counts as delivered; no PUBACK in time, a
// refusal, a closed connection or a throwing client all mean "not delivered", and the caller sends
// the same report over HTTPS instead.
import type { MqttClient } from 'mqtt';
import type { Clock } from '../deps';
import { clampTimerDelay } from '../util/timer-delay';

export type PublishVerdict = 'acked' | 'refused' | 'timeout' | 'closed';

export const REPLY_ACK_TIMEOUT_MS = 5_000;

export interface ReplyPublish {
  topic: string;
  payload: string;
  correlationId: string;
  deviceId: string;
}

export interface PublishWait {
  clock: Clock;
  timeoutMs: number;
  /** Aborted when the connection ends (closed, stopped): the wait ends as `closed`. */
  ended: AbortSignal;
}

export function publishAcked(client: MqttClient, message: ReplyPublish, wait: PublishWait): Promise<PublishVerdict> {
  return new Promise<PublishVerdict>((resolve) => {
    const timer = new AbortController();
    let settled = false;
    const settle = (verdict: PublishVerdict) => {
      if (settled) return;
      settled = true;
      timer.abort();
      client.removeListener('close', onClose);
      wait.ended.removeEventListener('abort', onClose);
      resolve(verdict);
    };
    const onClose = () => settle('closed');
    if (wait.ended.aborted) return settle('closed');
    client.on('close', onClose);
    wait.ended.addEventListener('abort', onClose, { once: true });
    wait.clock.sleep(clampTimerDelay(wait.timeoutMs), timer.signal).then(
      () => settle('timeout'),
      () => undefined, // aborted: settled already
    );
    try {
      client.publish(
        message.topic,
        message.payload,
        {
          qos: 1,
          properties: {
            correlationData: Buffer.from(message.correlationId, 'latin1'),
            contentType: 'application/json',
            // The device id only: the connection itself is authenticated, the access key is never sent here.
            userProperties: { device_id: message.deviceId },
          },
        },
        // mqtt.js reports a PUBACK reason code ≥ 0x80 as an error.
        (error) => settle(error ? 'refused' : 'acked'),
      );
    } catch {
      settle('refused');
    }
  });
}
