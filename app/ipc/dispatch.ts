// One validation wrapper for every transport (Electron ipcMain, browser-shell WebSocket): the
// channel must exist and the arguments must parse against the contract before a handler runs.
// Handlers' results are validated too, so a core bug cannot push junk (or a secret) to the screen.
import type { DispatchErrorCode } from './channels';
import { eventChannels, invokeChannels, invokeNames, type InvokeName, type KioskEvent, type KioskHandlers } from './contract';

export type { DispatchErrorCode } from './channels';

export type DispatchOutcome = { ok: true; result: unknown } | { ok: false; error: { code: DispatchErrorCode; message: string } };

const byChannel = new Map<string, InvokeName>(invokeNames.map((name) => [invokeChannels[name].channel, name]));

/** A loggable name for whatever arrived as a channel (String() throws on `{ toString: false }`). */
export function channelLabel(channel: unknown): string {
  return typeof channel === 'string' ? channel.slice(0, 80) : `<${typeof channel}>`;
}

/**
 * Core → renderer, for every transport: the wire message for an event, or null when its name or
 * payload does not fit the contract (a core bug must not push junk or a secret to the screen).
 */
export function eventMessageOf(event: KioskEvent): { channel: string; payload: unknown } | null {
  const spec = (eventChannels as Record<string, (typeof eventChannels)[keyof typeof eventChannels] | undefined>)[event.name];
  if (!spec || !Object.hasOwn(eventChannels, event.name)) return null;
  const parsed = spec.payload.safeParse(event.payload);
  return parsed.success ? { channel: spec.channel, payload: parsed.data } : null;
}

/** Maps a wire channel name ("kiosk:get-status") to its verb, or undefined when unknown. */
export function invokeNameOf(channel: unknown): InvokeName | undefined {
  return typeof channel === 'string' ? byChannel.get(channel) : undefined;
}

export interface Dispatcher {
  dispatch(channel: unknown, args: unknown): Promise<DispatchOutcome>;
}

export function createDispatcher(handlers: KioskHandlers, onRefused?: (channel: string, reason: string) => void): Dispatcher {
  return {
    async dispatch(channel, args) {
      const name = invokeNameOf(channel);
      if (!name) {
        onRefused?.(channelLabel(channel), 'unknown channel');
        return { ok: false, error: { code: 'unknown-channel', message: 'unknown channel' } };
      }
      const spec = invokeChannels[name];
      const parsed = spec.args.safeParse(args);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? 'invalid arguments';
        onRefused?.(spec.channel, message);
        return { ok: false, error: { code: 'invalid-arguments', message } };
      }
      let result: unknown;
      try {
        const handler = handlers[name] as (...a: unknown[]) => Promise<unknown>;
        result = await handler(...(parsed.data as unknown[]));
      } catch (error) {
        const message = error instanceof Error ? error.message : 'handler failed';
        onRefused?.(spec.channel, message);
        return { ok: false, error: { code: 'handler-failed', message } };
      }
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        onRefused?.(spec.channel, 'handler returned an invalid result');
        return { ok: false, error: { code: 'invalid-result', message: 'invalid result' } };
      }
      return { ok: true, result: checked.data };
    },
  };
}
