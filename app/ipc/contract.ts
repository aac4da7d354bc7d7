// The ONE IPC contract (docs/ARCHITECTURE.md#ipc): every channel's argument and result schema,
// keyed by the zod-free name table in ./channels (which the preload imports instead of this file,
// to keep zod out of its bundle). Nothing else names a channel.
import * as z from 'zod';
import { eventChannelNames as ev, invokeChannelNames as inv, type EventName, type InvokeName } from './channels';
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
import { playbackReportSchema, playPlanSchema, webViewFailedSchema, webViewRequestSchema, webViewResultSchema } from './content-schemas';

export * from './schemas';
export * from './content-schemas';
export * from './channels';

/** renderer → main, with a result. */
export const invokeChannels = {
  getStatus: { channel: inv.getStatus, args: z.tuple([]), result: statusSnapshotSchema },
  acceptUpgrade: { channel: inv.acceptUpgrade, args: z.tuple([upgradeDecisionSchema]), result: ackSchema },
  postponeUpgrade: { channel: inv.postponeUpgrade, args: z.tuple([upgradeDecisionSchema]), result: postponeResultSchema },
  dismissUpgradeResult: { channel: inv.dismissUpgradeResult, args: z.tuple([]), result: ackSchema },
  heartbeat: { channel: inv.heartbeat, args: z.tuple([heartbeatSchema]), result: ackSchema },
  getPlayPlan: { channel: inv.getPlayPlan, args: z.tuple([]), result: playPlanSchema },
  reportPlayback: { channel: inv.reportPlayback, args: z.tuple([playbackReportSchema]), result: ackSchema },
  controlWebView: { channel: inv.controlWebView, args: z.tuple([webViewRequestSchema]), result: webViewResultSchema },
} as const satisfies { [N in InvokeName]: { channel: (typeof inv)[N]; args: z.ZodType; result: z.ZodType } };

/** main → renderer events. */
export const eventChannels = {
  onStatus: { channel: ev.onStatus, payload: statusSnapshotSchema },
  onCommand: { channel: ev.onCommand, payload: commandEventSchema },
  onConfig: { channel: ev.onConfig, payload: configEventSchema },
  onUpgradeProgress: { channel: ev.onUpgradeProgress, payload: upgradeProgressSchema },
  onPlayPlan: { channel: ev.onPlayPlan, payload: playPlanSchema },
  onWebViewFailed: { channel: ev.onWebViewFailed, payload: webViewFailedSchema },
} as const satisfies { [N in EventName]: { channel: (typeof ev)[N]; payload: z.ZodType } };

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

/** Core → shells: the typed event stream the shells forward (docs/ARCHITECTURE.md#telemetry-tick). */
export type KioskEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];
