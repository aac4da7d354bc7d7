import { describe, expect, it } from 'vitest';
import type { KioskEvent } from '../../app/ipc/contract';
import { silentLogger } from '../../app/core/log/logger';
import { forwardEvents } from '../../app/electron/event-forwarding';
import { eventMessageOf } from '../../app/ipc/dispatch';

const configEvent: KioskEvent = { name: 'onConfig', payload: { outcome: 'applied', version: 4, changed: ['display'] } };

function fakeTarget() {
  const sent: Array<[string, unknown]> = [];
  let destroyed = false;
  let onDestroyed: (() => void) | null = null;
  return {
    sent,
    target: {
      send: (channel: string, payload: unknown) => sent.push([channel, payload]),
      isDestroyed: () => destroyed,
      once: (_event: 'destroyed', listener: () => void) => {
        onDestroyed = listener;
      },
    },
    destroy: () => {
      destroyed = true;
      onDestroyed?.();
    },
  };
}

function fakeSource() {
  const listeners = new Set<(e: KioskEvent) => void>();
  return {
    onEvent: (l: (e: KioskEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e: KioskEvent) => listeners.forEach((l) => l(e)),
    size: () => listeners.size,
  };
}

describe('eventMessageOf', () => {
  it('maps an event to its contract channel', () => {
    expect(eventMessageOf(configEvent)).toEqual({ channel: 'kiosk:config', payload: configEvent.payload });
  });

  it('drops events whose payload does not fit the contract, or whose name is unknown', () => {
    expect(eventMessageOf({ name: 'onConfig', payload: { outcome: 'maybe' } } as unknown as KioskEvent)).toBeNull();
    expect(eventMessageOf({ name: 'toString', payload: {} } as unknown as KioskEvent)).toBeNull();
    expect(eventMessageOf({ name: 'onSecrets', payload: {} } as unknown as KioskEvent)).toBeNull();
  });

  it('strips fields the contract does not know (e.g. a leaked access key)', () => {
    const leaky = { name: 'onConfig', payload: { ...configEvent.payload, access_key: 'k'.repeat(32) } } as unknown as KioskEvent;
    expect(JSON.stringify(eventMessageOf(leaky))).not.toContain('kkkk');
  });
});

describe('forwardEvents', () => {
  it('sends events until the target is destroyed, then unsubscribes', () => {
    const { target, sent, destroy } = fakeTarget();
    const source = fakeSource();
    forwardEvents(target, source.onEvent, silentLogger);
    source.emit(configEvent);
    expect(sent).toEqual([['kiosk:config', configEvent.payload]]);
    destroy();
    expect(source.size()).toBe(0);
    source.emit(configEvent);
    expect(sent).toHaveLength(1);
  });

  it('the returned function unsubscribes too', () => {
    const { target, sent } = fakeTarget();
    const source = fakeSource();
    const stop = forwardEvents(target, source.onEvent, silentLogger);
    stop();
    stop();
    source.emit(configEvent);
    expect(sent).toEqual([]);
  });
});
