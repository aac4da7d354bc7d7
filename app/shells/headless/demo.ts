// The demo that runs when no provisioning server is given: the embedded hub simulator (test/hub,
// loaded only in this mode), an auto-claim after the first registration, a config edit, a
// command and a new version — each printed as it happens, so a newcomer sees the whole flow.
import semver from 'semver';
import type { KioskEvent, StatusSnapshot } from '../../ipc/contract';

export interface Demo {
  entryUrl: string;
  /** The model key the simulator knows (it refuses unknown keys, like the real hub). */
  hardwareKey: string;
  /** Follow the runtime's events and drive the scripted steps. */
  attach(onEvent: (listener: (event: KioskEvent) => void) => () => void, appVersion: string): void;
  close(): Promise<void>;
}

type Print = (line: string) => void;

export async function startDemo(print: Print): Promise<Demo> {
  // Dynamic: production runs never load the simulator.
  const { startHub, DEMO_HARDWARE_KEY } = await import('../../../test/hub/index');
  const hub = await startHub({});
  print(`demo: embedded Xyte hub simulator on ${hub.hubUrl} (control API ${hub.controlUrl})`);
  const timers = new Set<NodeJS.Timeout>();
  let unsubscribe: (() => void) | null = null;
  const later = (ms: number, step: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      try {
        step();
      } catch (error) {
        print(`demo: step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  return {
    entryUrl: hub.entryUrl,
    hardwareKey: DEMO_HARDWARE_KEY,
    attach(onEvent, appVersion) {
      let claimedOnce = false;
      let lastLine = '';
      unsubscribe = onEvent((event) => {
        const line = describe(event);
        if (line && line !== lastLine) print(`demo: ${line}`);
        lastLine = line ?? lastLine;
        if (event.name !== 'onStatus' || claimedOnce) return;
        const deviceId = event.payload.device.deviceId;
        if (!deviceId || event.payload.connection.state !== 'online') return;
        claimedOnce = true;
        print(`demo: device ${deviceId} registered; claiming it in the simulator in 3 s`);
        later(3_000, () => hub.control.claim(deviceId, { name: 'Demo lobby' }));
        later(6_000, () => hub.control.setConfig(deviceId, { display: { title: 'Welcome to the demo' } }));
        later(9_000, () => hub.control.enqueueCommand(deviceId, { name: 'reload' }));
        const next = semver.inc(appVersion, 'minor');
        if (next) later(12_000, () => hub.control.publishFirmware({ version: next, size: 1024, notes: 'Demo release' }));
      });
    },
    async close() {
      unsubscribe?.();
      for (const timer of timers) clearTimeout(timer);
      await hub.close();
    },
  };
}

function describe(event: KioskEvent): string | null {
  switch (event.name) {
    case 'onStatus':
      return describeStatus(event.payload);
    case 'onCommand':
      return `command ${event.payload.name}: ${event.payload.phase}${event.payload.ok === false ? ` (failed: ${event.payload.message ?? ''})` : ''}`;
    case 'onConfig':
      return `config v${event.payload.version} ${event.payload.outcome}${event.payload.changed.length ? `: ${event.payload.changed.join(', ')}` : ''}`;
    case 'onUpgradeProgress':
      return `upgrade ${event.payload.phase} ${event.payload.version}`;
    default:
      return null;
  }
}

function describeStatus(s: StatusSnapshot): string {
  const connection = s.connection.state + ('message' in s.connection && s.connection.message ? ` (${s.connection.message})` : '');
  const claim = s.claim.claimed ? `claimed, space "${s.space.name ?? '-'}"` : `unclaimed (${s.claim.claimUrl ?? 'no claim URL'})`;
  const upgrade = s.upgrade.kind === 'notice' ? `, version ${s.upgrade.available} available` : '';
  return `${connection}; ${claim}${upgrade}`;
}
