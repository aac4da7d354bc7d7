// Renderer entry: pick the transport (preload or WebSocket), then render.
import './bridge/zod-jitless';
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-500.css';
import '@fontsource/inter/latin-600.css';
import '@fontsource/inter/latin-700.css';
import './styles/base.css';
import './styles/status.css';
import './styles/upgrade.css';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { resolveBridge } from './bridge/resolve-bridge';

const resolved = resolveBridge(window);
createRoot(document.getElementById('root')!).render(<App resolved={resolved} />);
