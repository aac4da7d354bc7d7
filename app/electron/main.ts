// The Electron composition root (docs/ARCHITECTURE.md#layers): the only place that wires the app lifecycle, the
// kiosk window, IPC and the core runtime together. Everything with a decision in it lives in a
// pure module beside this one and is table-tested; this file only connects them.
import path from 'node:path';
import { app, Menu, powerSaveBlocker, session } from 'electron';
import { logLevelSwitch, parseLogLevel } from '../core/log/log-level';
import { createLogger, type RootLogger } from '../core/log/logger';
import type { KioskRuntime } from '../core/runtime';
import type { KioskEvent, KioskHandlers, PlayPlan } from '../ipc/contract';
import { commandLinePlan } from './command-line';
import { attachContentViews, captureKioskScreen } from './content-view-host';
import type { ContentViews } from './content-views';
import { fatalErrorAction } from './fatal-error';
import { forwardEvents, registerInvokeHandlers } from './ipc-main';
import { openKioskWindow, type KioskWindow } from './kiosk-window';
import { loginItemSettingsFor } from './login-items';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { setUpRuntime } from './runtime-setup';
import { guardSession, guardWebContents } from './web-contents-guard';

const isDev = !app.isPackaged;
// --log-level / $XYTE_LOG_LEVEL as in every shell; a kiosk cannot exit on a bad value, so it says so
// in its log and keeps the default (debug in development, info when packaged).
let levelProblem: string | null = null;
const logLevel = (() => {
  try {
    const chosen = logLevelSwitch(process.argv);
    return chosen === undefined && !process.env.XYTE_LOG_LEVEL ? (isDev ? 'debug' : 'info') : parseLogLevel(chosen, process.env);
  } catch (error) {
    levelProblem = (error as Error).message;
    return isDev ? 'debug' : 'info';
  }
})();
const logger = createLogger({ format: app.isPackaged ? 'json' : 'text', level: logLevel });
if (levelProblem) logger.warn(`ignoring a bad log level: ${levelProblem}`);
let quitting = false;
let kiosk: KioskWindow | null = null;
let runtime: KioskRuntime | null = null;
/** The current play plan: web items' views take their item (and its URL) from it, never from the page. */
let contentPlan: PlayPlan | null = null;
/** The web items' views of the current window (docs/ARCHITECTURE.md#web-item-views). */
let contentViews: ContentViews | null = null;
/** Events main itself sends the page (a web item's view failed), beside the core's. */
const mainEvents = new Set<(event: KioskEvent) => void>();

function prepareBeforeReady(): boolean {
  // A second copy would fight over the screen and the state files: hand over and leave.
  if (!app.requestSingleInstanceLock()) return false;
  const plan = commandLinePlan(isDev);
  for (const name of plan.remove) app.commandLine.removeSwitch(name);
  for (const [name, value] of plan.append) app.commandLine.appendSwitch(name, value);
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, logger.child('guard'), (id, url, isMainFrame) => contentViews?.navigationVerdict(id, url, isMainFrame) ?? null),
  );
  // focus() on a destroyed window throws ("Object has been destroyed").
  app.on('second-instance', () => {
    if (kiosk && !kiosk.window.isDestroyed()) kiosk.window.focus();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  return true;
}

async function startKiosk(log: RootLogger): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(null);
  guardSession(session.defaultSession, log.child('session'));
  const appRoot = app.getAppPath();
  serveAppProtocol(session.defaultSession, {
    rendererDir: path.join(appRoot, 'dist', 'renderer'),
    safeScreenMessage: () => kiosk?.safeScreenMessage() ?? '',
    content: { file: (key) => runtime?.contentFile(key) ?? null },
    logger: log.child('protocol'),
  });
  // Signage must never blank (docs/ARCHITECTURE.md#operations); the id is not needed: it lasts until exit.
  powerSaveBlocker.start('prevent-display-sleep');
  const loginItem = loginItemSettingsFor(process.platform, app.isPackaged);
  if (loginItem) app.setLoginItemSettings(loginItem);

  const started = await setUpRuntime({
    logger: log,
    reloadPage: async () => kiosk?.reloadPage(),
    capturePage: async () => (kiosk ? captureKioskScreen(kiosk.window, kiosk.captureImage, contentViews, log.child('screenshot')) : null),
  });
  runtime = started;
  started.onEvent((event) => {
    if (event.name === 'onPlayPlan') contentPlan = event.payload;
  });
  void started.handlers.getPlayPlan().then((plan) => (contentPlan ??= plan), () => undefined);
  // IPC before the window: the renderer asks for its status as soon as it boots.
  const handlers: KioskHandlers = { ...started.handlers, controlWebView: async (request) => contentViews?.handle(request) ?? { ok: false, reason: 'load-error' } };
  registerInvokeHandlers({ handlers, knownWebContentsIds: () => kiosk?.webContentsIds() ?? new Set(), logger: log });
  openWindow(started, log);
  // A kiosk has no "closed" state: if the window goes away without a quit, bring it back.
  app.on('window-all-closed', () => {
    if (!quitting) openWindow(started, log);
  });
  app.on('will-quit', (event) => stopRuntimeThenExit(event, log));
  await started.start();
}

function openWindow(started: KioskRuntime, log: RootLogger): void {
  kiosk = openKioskWindow({
    preloadPath: path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'),
    isDev,
    isQuitting: () => quitting,
    logger: log,
  });
  contentViews = attachContentViews(kiosk.window, {
    plan: () => contentPlan,
    notifyFailed: (payload) => {
      for (const listener of [...mainEvents]) listener({ name: 'onWebViewFailed', payload });
    },
    logger: log,
  });
  const onEvent = (listener: (event: KioskEvent) => void) => {
    const offCore = started.onEvent(listener);
    mainEvents.add(listener);
    return () => {
      offCore();
      mainEvents.delete(listener);
    };
  };
  forwardEvents(kiosk.window.webContents, onEvent, log.child('events'));
}

let stopping = false;
function stopRuntimeThenExit(event: { preventDefault(): void }, log: RootLogger): void {
  if (!runtime || stopping) return;
  stopping = true;
  event.preventDefault();
  const current = runtime;
  runtime = null;
  current
    .stop()
    .catch((error: unknown) => log.error('runtime stop failed', { error }))
    .finally(() => app.exit(0));
}

/** Replaces Electron's modal error dialog (see fatal-error.ts): log, then leave (and maybe come back). */
function leaveOnUncaughtErrors(log: RootLogger): void {
  const onFatal = (error: unknown) => {
    log.error('uncaught error in the main process: leaving', { error });
    const action = fatalErrorAction(process.platform, app.isPackaged);
    if (action.kind === 'relaunch-then-exit') app.relaunch();
    app.exit(action.code);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
}

leaveOnUncaughtErrors(logger);
if (prepareBeforeReady()) {
  startKiosk(logger).catch((error: unknown) => {
    // Without a runtime there is nothing to show or report: exit non-zero so systemd restarts us.
    logger.error('kiosk failed to start', { error });
    app.exit(1);
  });
} else {
  app.quit();
}
