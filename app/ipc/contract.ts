// The ONE IPC contract (DESIGN §6): every channel, its direction, argument and result schema.
// Electron's ipc-main wiring, the preload, the browser shell's WebSocket and the renderer all use
// this table; nothing else names a channel.
import { z } from 'zod';
import {
  ackSchema,
  commandEventSchema,
  configEventSchema,
  heartbeatSchema,
  postponeResultSchema,
  statusSnapshotSchema,
  upgradeDecisionSchema,
  upgradeProgressSchema,
} from './schemas';

export * from './schemas';

/** renderer → main, with a result. */
export const invokeChannels = {
  getStatus: { channel: 'kiosk:get-status', args: z.tuple([]), result: statusSnapshotSchema },
  acceptUpgrade: { channel: 'kiosk:accept-upgrade', args: z.tuple([upgradeDecisionSchema]), result: ackSchema },
  postponeUpgrade: { channel: 'kiosk:postpone-upgrade', args: z.tuple([upgradeDecisionSchema]), result: postponeResultSchema },
  dismissUpgradeResult: { channel: 'kiosk:dismiss-upgrade-result', args: z.tuple([]), result: ackSchema },
  heartbeat: { channel: 'kiosk:heartbeat', args: z.tuple([heartbeatSchema]), result: ackSchema },
} as const;

/** main → renderer events. */
export const eventChannels = {
  onStatus: { channel: 'kiosk:status', payload: statusSnapshotSchema },
  onCommand: { channel: 'kiosk:command', payload: commandEventSchema },
  onConfig: { channel: 'kiosk:config', payload: configEventSchema },
  onUpgradeProgress: { channel: 'kiosk:upgrade-progress', payload: upgradeProgressSchema },
} as const;

export type InvokeName = keyof typeof invokeChannels;
export type EventName = keyof typeof eventChannels;
export type InvokeArgs<N extends InvokeName> = z.infer<(typeof invokeChannels)[N]['args']>;
export type InvokeResult<N extends InvokeName> = z.infer<(typeof invokeChannels)[N]['result']>;
export type EventPayload<N extends EventName> = z.infer<(typeof eventChannels)[N]['payload']>;

/**
 * What main implements for the renderer (the Electron wiring and the browser shell both take one).
 * Arguments arrive already validated.
 */
export type KioskHandlers = { [N in InvokeName]: (...args: InvokeArgs<N>) => Promise<InvokeResult<N>> };

/** The object the renderer sees as `window.kiosk` (preload or WebSocket bridge). */
export type KioskBridge = KioskHandlers & {
  [N in EventName]: (listener: (payload: EventPayload<N>) => void) => () => void;
};

/** Core → shells: the typed event stream the shells forward (DESIGN §1). */
export type KioskEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];

export const invokeNames = Object.keys(invokeChannels) as InvokeName[];
export const eventNames = Object.keys(eventChannels) as EventName[];
