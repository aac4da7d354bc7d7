import { useEffect } from 'react';
import type { KioskBridge, PlayPlan, StatusSnapshot } from '../app/ipc/contract';
import type { ResolvedBridge } from './bridge/resolve-bridge';
import { Toasts } from './components/toasts';
import { ContentLayer, contentNotice } from './content/content-layer';
import { usePlayPlan } from './content/use-play-plan';
import { selectScreen, type Screen } from './state/kiosk-state';
import { useHeartbeat } from './state/use-heartbeat';
import { useKiosk, type KioskActions } from './state/use-kiosk';
import { StatusScreen, screenTitle } from './screens/status-screen';
import { UpgradeDialog } from './screens/upgrade-dialog';
import { UpgradeProgressScreen } from './screens/upgrade-progress';
import { UpgradeResult } from './screens/upgrade-result';

/** The same markup stands in renderer/index.html, painted before any script has run. */
function Connecting() {
  return (
    <main className="connecting" data-testid="connecting" aria-busy="true">
      <div className="spinner" aria-hidden="true" />
      <p>Starting Xyte Kiosk…</p>
    </main>
  );
}

function ModalFor({ screen, actions }: { screen: Screen; actions: KioskActions }) {
  switch (screen.kind) {
    case 'upgrade-dialog':
      return (
        <UpgradeDialog
          current={screen.current}
          available={screen.available}
          notes={screen.notes}
          onUpgrade={() => actions.acceptUpgrade(screen.available)}
          onLater={() => actions.postponeUpgrade(screen.available)}
        />
      );
    case 'upgrade-result':
      return <UpgradeResult ok={screen.ok} version={screen.version} reason={screen.reason} running={screen.status.versions.app} onDismiss={actions.dismissUpgradeResult} />;
    default:
      return null;
  }
}

/** Content plays under the status-screen family of views (a dialog still shows above it). */
function playingPlan(screen: Screen, plan: PlayPlan | null): PlayPlan | null {
  const underStatus = screen.kind === 'status' || screen.kind === 'upgrade-dialog' || screen.kind === 'upgrade-result';
  return underStatus && plan?.screen.kind === 'content' ? plan : null;
}

interface ContentProps {
  bridge: KioskBridge;
  plan: PlayPlan | null;
}

function ScreenView({ screen, actions, content }: { screen: Screen; actions: KioskActions; content: ContentProps }) {
  switch (screen.kind) {
    case 'connecting':
      return <Connecting />;
    case 'upgrade-progress':
      return <UpgradeProgressScreen current={screen.current} target={screen.target} progress={screen.progress} title={screenTitle(screen.status)} />;
    case 'status':
    case 'upgrade-dialog':
    case 'upgrade-result':
      // The status screen stays mounted under a dialog, inert so focus and clicks stay in it.
      return (
        <>
          <div className="screen-host" inert={screen.kind !== 'status'}>
            {content.plan ?
              <ContentLayer bridge={content.bridge} plan={content.plan} offline={screen.status.connection.state !== 'online'} />
            : <StatusScreen status={screen.status} />}
          </div>
          <ModalFor screen={screen} actions={actions} />
        </>
      );
  }
}

export function App({ resolved, initialStatus = null }: { resolved: ResolvedBridge; initialStatus?: StatusSnapshot | null }) {
  const [state, actions] = useKiosk(resolved, initialStatus);
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

  return (
    <>
      <ScreenView screen={screen} actions={actions} content={{ bridge: resolved.bridge, plan: playing }} />
      {notice && (
        <div className="banner tone-info content-notice" role="status" data-testid="content-notice">
          {notice}
        </div>
      )}
      {state.transport === 'reconnecting' && (
        <div className="banner tone-warn" role="status" data-testid="reconnecting">
          Reconnecting to the kiosk service…
        </div>
      )}
      <Toasts toasts={state.toasts} onExpire={actions.expireToast} />
    </>
  );
}
