// Attaches the deny-by-default navigation / window / webview / permission policy to Electron
// objects. Uses Electron only as types, so a test drives it with fake emitters.
import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/log/logger';
import { downloadDecision } from './content-policy';
import { contentPermissionDecision } from './content-view-policy';
import { isAllowedNavigation, permissionDecision, windowOpenDecision } from './navigation-policy';

type Preventable = { preventDefault(): void };
type FrameEvent = Preventable & { url: string; isMainFrame?: boolean };
type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'> & { id?: number };

/** A web item's own view answers for itself (content-views.ts); null: not such a view. */
export type ViewNavigationRule = (contentsId: number, url: string, isMainFrame: boolean) => boolean | null;

/** For every webContents (app 'web-contents-created'): no navigation away, no popups, no webviews. */
// `viewRule`: a web item's view (content-views.ts) answers for itself; asked at event time,
// since the view registers after this guard is attached. Every other frame stays on app://.
export function guardWebContents(contents: GuardedContents, logger: Logger, viewRule?: ViewNavigationRule): void {
  const isAllowed = (url: string, isMainFrame: boolean) => {
    const verdict = typeof contents.id === 'number' && viewRule ? viewRule(contents.id, url, isMainFrame) : null;
    return verdict ?? isAllowedNavigation(url);
  };
  const blockForeign = (event: FrameEvent, what: string) => {
    if (typeof event.url === 'string' && isAllowed(event.url, event.isMainFrame !== false)) return;
    event.preventDefault();
    logger.warn(`${what} blocked`, { url: String(event.url).slice(0, 200) });
  };
  contents.on('will-navigate', (event) => blockForeign({ ...event, url: event.url, isMainFrame: true, preventDefault: () => event.preventDefault() }, 'navigation'));
  contents.on('will-frame-navigate', (event) => blockForeign(event, 'frame navigation'));
  contents.on('will-redirect', (event) => blockForeign(event, 'redirect'));
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
export function guardSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'>, logger: Logger): void {
  session.on('will-download', (_event, item) => {
    logger.warn('download blocked', { url: item.getURL().slice(0, 200) });
    if (downloadDecision() === 'cancel') item.cancel();
  });
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = permissionDecision(permission, details.requestingUrl ?? contents.getURL());
    if (!allowed) logger.warn('permission request refused', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionDecision(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}

type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'>;

/** A web item's session (content-views.ts): every permission refused, every download cancelled. */
export function guardContentSession(session: GuardedSession, logger: Logger): void {
  session.on('will-download', (_event, item) => {
    logger.warn('web item download blocked', { url: item.getURL().slice(0, 200) });
    if (downloadDecision() === 'cancel') item.cancel();
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn('web item permission request refused', { permission });
    callback(contentPermissionDecision());
  });
  session.setPermissionCheckHandler(() => contentPermissionDecision());
  session.setDevicePermissionHandler(() => contentPermissionDecision());
}
