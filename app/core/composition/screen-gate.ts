// The one gate to the renderer: whatever a handler returns or an event carries is redacted
// (secret-named keys dropped, known secrets masked) before a shell sees it.
import type { KioskEvent, KioskHandlers } from '../../ipc/contract';
import { redactForScreen } from '../redact';

export function screenSafeHandlers(handlers: KioskHandlers, secrets: () => readonly string[]): KioskHandlers {
  const wrapped = Object.entries(handlers).map(([name, handler]) => [
    name,
    async (input: unknown) => redactForScreen(await (handler as (arg: unknown) => Promise<unknown>)(input), secrets()),
  ]);
  return Object.fromEntries(wrapped) as KioskHandlers;
}

export function screenSafeListener(listener: (event: KioskEvent) => void, secrets: () => readonly string[]): (event: KioskEvent) => void {
  return (event) => listener(redactForScreen(event, secrets()));
}
