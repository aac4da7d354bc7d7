// Fuzzes the Electron wrapper's core (app/electron/invoke-handler.ts): an untrusted sender never
// reaches the dispatcher, whatever the channel and payload; a trusted one gets the dispatcher's
// answer, and refusals surface as short typed errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../app/core/log/logger';
import { invokeChannels, invokeNames } from '../../app/ipc/contract';
import { createDispatcher, type Dispatcher } from '../../app/ipc/dispatch';
import { handleInvoke, KioskIpcError, senderOf, type InvokeSender } from '../../app/electron/invoke-handler';
import { spyHandlers, validArgs } from './fixtures';

const RUNS = 10_000;
const KNOWN_ID = 3;
const known = () => new Set([KNOWN_ID]);

/** Independent oracle for "our origin": scheme app, host kiosk, nothing else in the authority. */
function isOurs(url: string | null | undefined): boolean {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'kiosk' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

const urlArb = fc.oneof(
  fc.constantFrom('app://kiosk/', 'app://kiosk/index.html', 'app://kiosk/index.html#/status', null, undefined, 'about:blank', 'file:///opt/x/index.html'),
  fc.constantFrom('app://kiosk.evil/', 'app://evil/', 'app://u:p@kiosk/', 'app://kiosk:1/', 'https://kiosk/', 'http://127.0.0.1/'),
  fc.webUrl(),
  fc.string().map((path) => `app://kiosk/${encodeURIComponent(path)}`),
  fc.string(),
);

const senderArb: fc.Arbitrary<InvokeSender> = fc.record({
  senderId: fc.oneof(fc.constant(KNOWN_ID), fc.integer({ min: -2, max: 10 })),
  senderFrameUrl: urlArb,
  isMainFrame: fc.boolean(),
});

function countingDispatcher(): { dispatcher: Dispatcher; count: () => number } {
  let n = 0;
  return {
    dispatcher: {
      async dispatch() {
        n++;
        return { ok: true, result: { ok: true } };
      },
    },
    count: () => n,
  };
}

describe('handleInvoke fuzz', () => {
  it(`reaches the dispatcher only for a trusted sender (${RUNS} runs)`, async () => {
    const { dispatcher, count } = countingDispatcher();
    const channelArb = fc.oneof(
      { arbitrary: fc.constantFrom(...Object.values(invokeChannels).map((c) => c.channel)), weight: 4 },
      { arbitrary: fc.anything(), weight: 1 },
    );
    let trustedSeen = 0;
    await fc.assert(
      fc.asyncProperty(senderArb, channelArb, fc.anything(), async (sender, channel, args) => {
        const before = count();
        const trusted = sender.senderId === KNOWN_ID && sender.isMainFrame && isOurs(sender.senderFrameUrl);
        const outcome = await handleInvoke(sender, channel, args, { dispatcher, knownWebContentsIds: known, logger: silentLogger }).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        if (trusted && typeof channel !== 'string') {
          expect(count()).toBe(before);
          expect('error' in outcome && outcome.error instanceof KioskIpcError && outcome.error.code).toBe('unknown-channel');
        } else if (trusted) {
          trustedSeen++;
          expect(count()).toBe(before + 1);
          expect(outcome).toEqual({ value: { ok: true } });
        } else {
          expect(count()).toBe(before);
          expect('error' in outcome && outcome.error instanceof KioskIpcError && outcome.error.code).toBe('untrusted-sender');
        }
      }),
      { numRuns: RUNS },
    );
    expect(trustedSeen).toBeGreaterThan(RUNS / 20);
  });

  it.each(invokeNames)('%s: a trusted sender gets validated dispatch through the real dispatcher', async (name) => {
    const spy = spyHandlers();
    const deps = { dispatcher: createDispatcher(spy.handlers), knownWebContentsIds: known, logger: silentLogger };
    const sender = { senderId: KNOWN_ID, senderFrameUrl: 'app://kiosk/index.html', isMainFrame: true };
    const channel = invokeChannels[name].channel;
    await expect(handleInvoke(sender, channel, validArgs[name][0], deps)).resolves.toBeDefined();
    expect(spy.calls.map((c) => c.name)).toEqual([name]);
    const refused = await handleInvoke(sender, channel, [{ bogus: true }, 1, 2], deps).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KioskIpcError);
    expect((refused as KioskIpcError).code).toBe('invalid-arguments');
    expect(spy.calls).toHaveLength(1);
  });

  it('turns handler failures into short typed errors and logs refusals without payloads', async () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    const spy = spyHandlers();
    spy.handlers.getStatus = async () => {
      throw new Error('x'.repeat(1000));
    };
    const deps = { dispatcher: createDispatcher(spy.handlers), knownWebContentsIds: known, logger };
    const error = (await handleInvoke({ senderId: KNOWN_ID, senderFrameUrl: 'app://kiosk/', isMainFrame: true }, 'kiosk:get-status', [], deps).catch((e: unknown) => e)) as KioskIpcError;
    expect(error.code).toBe('handler-failed');
    expect(error.message.length).toBeLessThan(260);
    await handleInvoke({ senderId: 99, senderFrameUrl: 'https://evil.example/', isMainFrame: true }, 'kiosk:heartbeat', [{ secretPayload: 'AK-123456789' }], deps).catch(() => {});
    expect(lines.join('\n')).toMatch(/IPC refused/);
    expect(lines.join('\n')).not.toContain('AK-123456789');
  });
});

describe('senderOf', () => {
  it('reads id, frame URL and main-frame-ness from an Electron-like event', () => {
    const mainFrame = { url: 'app://kiosk/index.html' };
    expect(senderOf({ sender: { id: 4, mainFrame }, senderFrame: mainFrame })).toEqual({ senderId: 4, senderFrameUrl: 'app://kiosk/index.html', isMainFrame: true });
    expect(senderOf({ sender: { id: 4, mainFrame }, senderFrame: { url: 'app://kiosk/x' } }).isMainFrame).toBe(false);
    expect(senderOf({ sender: { id: 4, mainFrame }, senderFrame: null })).toEqual({ senderId: 4, senderFrameUrl: null, isMainFrame: false });
  });
});
