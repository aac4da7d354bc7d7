// The fake's stand-in for a renderer: once the kiosk page "loaded", it pokes what main.ts wired up
// — IPC handlers (trusted and untrusted senders), the app:// protocol handler, the permission
// handlers and the navigation guard — and records what came back, so the smoke test can assert
// real behaviour of the real bundle instead of only "a function was registered".
/* global Request */
'use strict';

function electronEvent(extra = {}) {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
}

async function invoke(ipcHandlers, channel, event, args) {
  const handler = ipcHandlers.get(channel);
  if (!handler) return { ok: false, error: 'no handler' };
  try {
    const result = await handler(event, ...args);
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function probeIpc({ contents, ipcHandlers, record }) {
  const trusted = { sender: contents, senderFrame: contents.mainFrame, processId: 1, frameId: 1 };
  const status = await invoke(ipcHandlers, 'kiosk:get-status', trusted, []);
  record('probe.ipc.trusted', { ok: status.ok, error: status.error, connection: status.result?.connection?.state ?? null });
  const iframe = { sender: contents, senderFrame: { url: 'https://evil.example/' }, processId: 1, frameId: 2 };
  record('probe.ipc.iframe', await invoke(ipcHandlers, 'kiosk:get-status', iframe, []));
  const stranger = { sender: { id: 9999, mainFrame: null }, senderFrame: { url: 'app://kiosk/index.html' }, processId: 2, frameId: 1 };
  record('probe.ipc.unknown-sender', await invoke(ipcHandlers, 'kiosk:get-status', stranger, []));
  record('probe.ipc.bad-args', await invoke(ipcHandlers, 'kiosk:heartbeat', trusted, [{ nonsense: true }]));
}

async function probeProtocol({ sessionState, record }) {
  const handler = sessionState.protocolHandlers.get('app');
  if (!handler) return record('probe.protocol', { error: 'no app handler' });
  const fetchApp = async (url, method = 'GET') => {
    const response = await handler(new Request(url, { method }));
    return { url, status: response.status, csp: response.headers.get('content-security-policy'), type: response.headers.get('content-type') };
  };
  record('probe.protocol', [
    await fetchApp('app://kiosk/index.html'),
    await fetchApp('app://kiosk/%2e%2e/%2e%2e/package.json'),
    await fetchApp('app://kiosk/__safe-screen'),
    await fetchApp('app://kiosk/index.html', 'POST'),
  ]);
}

function probePermissions({ contents, sessionState, record }) {
  const check = (permission, origin) => sessionState.permissionCheck?.(contents, permission, origin, {}) ?? null;
  const request = (permission, requestingUrl) => {
    let answer = null;
    sessionState.permissionRequest?.(contents, permission, (allowed) => (answer = allowed), { requestingUrl });
    return answer;
  };
  record('probe.permissions', {
    checkMedia: check('media', 'app://kiosk'),
    checkFullscreen: check('fullscreen', 'app://kiosk'),
    checkFullscreenForeign: check('fullscreen', 'https://evil.example'),
    requestGeolocation: request('geolocation', 'app://kiosk/index.html'),
    requestFullscreen: request('fullscreen', 'app://kiosk/index.html'),
    device: sessionState.devicePermission?.({}) ?? null,
  });
}

function probeNavigation({ contents, record }) {
  const away = electronEvent({ url: 'https://evil.example/' });
  contents.emit('will-navigate', away, away.url);
  const home = electronEvent({ url: 'app://kiosk/index.html' });
  contents.emit('will-navigate', home, home.url);
  const popup = contents.windowOpenHandler?.({ url: 'https://evil.example/' }) ?? null;
  record('probe.navigation', { foreignBlocked: away.defaultPrevented, ownAllowed: !home.defaultPrevented, popup });
}

async function runProbes(deps) {
  await probeIpc(deps);
  await probeProtocol(deps);
  probePermissions(deps);
  probeNavigation(deps);
  deps.record('probe.done');
}

module.exports = { runProbes };
