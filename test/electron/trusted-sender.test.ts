import { describe, expect, it } from 'vitest';
import { isTrustedSender, senderRefusal } from '../../app/electron/trusted-sender';

const known = new Set([7]);

describe('isTrustedSender', () => {
  it.each([
    ['our window, main frame, our page', { senderFrameUrl: 'app://kiosk/index.html', isMainFrame: true, senderId: 7 }, null],
    ['our window, main frame, with hash route', { senderFrameUrl: 'app://kiosk/index.html#/upgrade', isMainFrame: true, senderId: 7 }, null],
    ['unknown webContents', { senderFrameUrl: 'app://kiosk/index.html', isMainFrame: true, senderId: 8 }, 'unknown webContents'],
    ['an iframe', { senderFrameUrl: 'app://kiosk/frame.html', isMainFrame: false, senderId: 7 }, 'not the main frame'],
    ['navigated away', { senderFrameUrl: 'https://evil.example/', isMainFrame: true, senderId: 7 }, 'foreign origin'],
    ['file URL', { senderFrameUrl: 'file:///opt/app/index.html', isMainFrame: true, senderId: 7 }, 'foreign origin'],
    ['look-alike host', { senderFrameUrl: 'app://kiosk.evil/index.html', isMainFrame: true, senderId: 7 }, 'foreign origin'],
    ['destroyed frame', { senderFrameUrl: null, isMainFrame: true, senderId: 7 }, 'foreign origin'],
    ['missing URL', { senderFrameUrl: undefined, isMainFrame: true, senderId: 7 }, 'foreign origin'],
    ['about:blank', { senderFrameUrl: 'about:blank', isMainFrame: true, senderId: 7 }, 'foreign origin'],
  ])('%s', (_label, facts, refusal) => {
    expect(senderRefusal({ ...facts, knownWebContentsIds: known })).toBe(refusal);
    expect(isTrustedSender({ ...facts, knownWebContentsIds: known })).toBe(refusal === null);
  });

  it('trusts nobody when no window is known', () => {
    expect(isTrustedSender({ senderFrameUrl: 'app://kiosk/', isMainFrame: true, senderId: 7, knownWebContentsIds: new Set() })).toBe(false);
  });
});
