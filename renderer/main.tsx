// Renderer entry. Order matters: the boot modules open the shell's socket and start warming Intl
// on another thread before React and zod are evaluated; then we wait briefly for the first status
// so React's first render is the status screen (index.html shows "Starting…" meanwhile).
import { earlySocket } from './boot/early-socket';
import './boot/warm-intl';
import './bridge/zod-jitless';
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-500.css';
import '@fontsource/inter/latin-600.css';
import '@fontsource/inter/latin-700.css';
import './styles/base.css';
import './styles/status.css';
import './styles/upgrade.css';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { resolveBridge } from './bridge/resolve-bridge';
import { awaitFirstStatus } from './state/first-status';

/** Long enough for a core that is still starting; the static "Starting…" screen covers the wait. */
const FIRST_STATUS_WAIT_MS = 1500;

const resolved = resolveBridge(window, earlySocket);
void awaitFirstStatus(resolved.bridge, FIRST_STATUS_WAIT_MS, !resolved.pushesStatus).then((initialStatus) => {
  const root = createRoot(document.getElementById('root')!);
  // Synchronously, in the task that delivered the snapshot: no other task (a socket frame, a font)
  // runs between it and the first commit, and useKiosk subscribes before the next event can arrive.
  flushSync(() => root.render(<App resolved={resolved} initialStatus={initialStatus} />));
});
