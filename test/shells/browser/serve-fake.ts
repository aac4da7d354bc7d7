// Dev helper: the browser shell over the scripted fake runtime, for working on the UI without
// the core. `npx tsx test/shells/browser/serve-fake.ts [port]` (build the renderer first).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../../app/core/log/logger';
import { startBrowserShell } from '../../../app/shells/browser/server';
import { createFakeRuntime } from './fake-runtime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fake = createFakeRuntime();
const shell = await startBrowserShell({
  runtime: fake,
  rendererDir: path.join(root, 'dist/renderer'),
  port: Number(process.argv[2] ?? 0),
  logger: createLogger({ level: 'info' }),
});
console.log(`fake kiosk at ${shell.url}`);
process.once('SIGINT', () => void shell.close().then(() => process.exit(0)));
