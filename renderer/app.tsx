import { useCallback, useEffect, useState } from 'react';
import type { KioskBridge, PlayPlan, StatusSnapshot } from '../app/ipc/contract';
import type { ResolvedBridge } from './bridge/resolve-bridge';
import { Toasts } from './components/toasts';
import { ContentLayer, contentNotice } from './content/content-layer';
import { usePlayPlan } from './content/use-play-plan';
import { selectScreen, type KioskState, type Screen } from './state/kiosk-state';
import { useHeartbeat } from './state/use-heartbeat';
import { useKiosk, type KioskActions } from './state/use-kiosk';
import { DiagnosticsView } from './screens/diagnostics-view';
import { StatusScreen, screenTitle, showsClaim } from './screens/status-screen';
import { UpgradeDialog } from './screens/upgrade-dialog';
import { UpgradeProgressScreen } from './screens/upgrade-progress';
import { UpgradeResult } from './screens/upgrade-result';

/** The dialog timeout when the cloud config names none. */
const DEFAULT_PROMPT_TIMEOUT_SEC = 60;

/** The same markup stands in renderer/index.html, painted before any script has run. */
function Connecting() {
  return (
    <main className="connecting" data-testid="connecting" aria-busy="true">
      <div className="spinner" aria-hidden="true" />
      <p>Starting Xyte Kiosk…</p>
    </main>
  );
}

function ModalFor({ screen, actions, inline }: { screen: Screen; actions: KioskActions; inline: boolean }) {
  if (screen.kind !== 'upgrade-dialog' && screen.kind !== 'upgrade-result') return null;
  const timeoutSec = screen.status.display.promptTimeoutSec ?? DEFAULT_PROMPT_TIMEOUT_SEC;
  if (screen.kind === 'upgrade-dialog') {
    return (
      <UpgradeDialog
        // A new version is a new dialog with its own countdown.
        key={screen.available}
        current={screen.current}
        available={screen.available}
        notes={screen.notes}
        timeoutSec={timeoutSec}
        inline={inline}
        onUpgrade={() => actions.acceptUpgrade(screen.available)}
        onLater={() => actions.postponeUpgrade(screen.available)}
      />
    );
  }
  return (
    <UpgradeResult
      key={`${screen.ok}-${screen.version}`}
      ok={screen.ok}
      version={screen.version}
      running={screen.status.versions.app}
      timeoutSec={timeoutSec}
      inline={inline}
      onDismiss={actions.dismissUpgradeResult}
    />
  );
}

/** Content plays under the status-screen family of views (a dialog still shows above it). */
function playingPlan(screen: Screen, plan: PlayPlan | null): PlayPlan | null {
  const underStatus = screen.kind === 'status' || screen.kind === 'upgrade-dialog' || screen.kind === 'upgrade-result';
  return underStatus && plan?.screen.kind === 'content' ? plan : null;
}

interface ContentProps {
  bridge: KioskBridge;
  plan: PlayPlan | null;
  webViews: boolean;
}

interface ViewProps {
  screen: Screen;
  state: KioskState;
  actions: KioskActions;
  content: ContentProps;
  diagnosticsOpen: boolean;
  openDiagnostics: () => void;
}

function ScreenView({ screen, state, actions, content, diagnosticsOpen, openDiagnostics }: ViewProps) {
  const reconnecting = state.transport === 'reconnecting';
  switch (screen.kind) {
    case 'connecting':
      return <Connecting />;
    case 'upgrade-progress':
      return <UpgradeProgressScreen current={screen.current} target={screen.target} progress={screen.progress} title={screenTitle(screen.status)} />;
    case 'status':
    case 'upgrade-dialog':
    case 'upgrade-result': {
      // While the claim QR is up a dialog takes the details' place beside it, never covers it.
      const inline = !content.plan && showsClaim(screen.status);
      const modal = diagnosticsOpen || screen.kind === 'status' ? null : <ModalFor screen={screen} actions={actions} inline={inline} />;
      const covered = screen.kind !== 'status' && !inline;
      return (
        <>
          {/* The status screen stays mounted under a dialog, inert so focus and clicks stay in it. */}
          <div className="screen-host" inert={covered || diagnosticsOpen}>
            {content.plan ?
              <ContentLayer bridge={content.bridge} plan={content.plan} offline={screen.status.connection.state !== 'online'} webViews={content.webViews} />
            : <StatusScreen status={screen.status} reconnecting={reconnecting} onOpenDiagnostics={openDiagnostics} dialog={inline ? modal : undefined} />}
          </div>
          {!inline && modal}
        </>
      );
    }
  }
}

/** Ctrl+Shift+D opens the diagnostics view (an operator with a keyboard). */
function useDiagnosticsShortcut(open: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'd') {
        event.preventDefault();
        open();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
}

export function App({ resolved, initialStatus = null }: { resolved: ResolvedBridge; initialStatus?: StatusSnapshot | null }) {
  const [state, actions] = useKiosk(resolved, initialStatus);
  const [diagnosticsOpen, setDiagnosticsOpen] = useState(false);
  const openDiagnostics = useCallback(() => setDiagnosticsOpen(true), []);
  const closeDiagnostics = useCallback(() => setDiagnosticsOpen(false), []);
  useDiagnosticsShortcut(openDiagnostics);
  const screen = selectScreen(state);
  const plan = usePlayPlan(resolved.bridge, state.transport);
  const playing = playingPlan(screen, plan);
  const notice = screen.kind === 'status' ? contentNotice(plan) : null;
  useHeartbeat(resolved.bridge, playing ? 'content' : screen.kind);
  const theme = state.status?.display.theme ?? 'dark';

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.dataset.screen = screen.kind;
    if (state.status) document.title = screenTitle(state.status);
  }, [screen.kind, state.status]);

  // On the status screens the "Reconnecting…" marker sits in the top bar (it never covers the
  // title); elsewhere a small banner at the bottom says it.
  const onStatusScreen = !playing && (screen.kind === 'status' || screen.kind === 'upgrade-dialog' || screen.kind === 'upgrade-result');
  return (
    <>
      <ScreenView
        screen={screen}
        state={state}
        actions={actions}
        content={{ bridge: resolved.bridge, plan: playing, webViews: resolved.webItemViews === true }}
        diagnosticsOpen={diagnosticsOpen}
        openDiagnostics={openDiagnostics}
      />
      {notice && (
        <div className="banner tone-info content-notice" role="status" data-testid="content-notice">
          {notice}
        </div>
      )}
      {state.transport === 'reconnecting' && !onStatusScreen && (
        <div className="banner tone-warn" role="status" data-testid="reconnecting">
          Reconnecting to the kiosk service…
        </div>
      )}
      {diagnosticsOpen && <DiagnosticsView status={state.status} diagnostics={state.diagnostics} onClose={closeDiagnostics} />}
      <Toasts toasts={state.toasts} onExpire={actions.expireToast} />
    </>
  );
}
