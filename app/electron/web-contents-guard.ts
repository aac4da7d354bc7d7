// Attaches the deny-by-default navigation / window / webview / permission policy to Electron
// objects. Uses Electron only as types, so a test drives it with fake emitters.
import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/log/logger';
import { isAllowedNavigation, permissionDecision, windowOpenDecision } from './navigation-policy';

type Preventable = { preventDefault(): void };
type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** For every webContents (app 'web-contents-created'): no navigation away, no popups, no webviews. */
export function guardWebContents(contents: GuardedContents, logger: Logger): void {
  const blockForeign = (event: Preventable, url: string, what: string) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    logger.warn(`${what} blocked`, { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url, 'navigation'));
  contents.on('will-frame-navigate', (event) => blockForeign(event, event.url, 'frame navigation'));
  contents.on('will-redirect', (event) => blockForeign(event, event.url, 'redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('webview blocked');
  });
  contents.setWindowOpenHandler((details) => {
    logger.warn('new window blocked', { url: details.url.slice(0, 200) });
    return windowOpenDecision();
  });
}

/** One policy for both permission handlers, plus device pickers, on the session. */
export function guardSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>, logger: Logger): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = permissionDecision(permission, details.requestingUrl ?? contents.getURL());
    if (!allowed) logger.warn('permission request refused', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionDecision(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}
