// Rebuilds dist/renderer once per run when any renderer source is newer than the build.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt } from '../../app/shells/browser/renderer-build';

export default async function globalSetup(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  await ensureRendererBuilt(root, 'if-stale', (line) => console.log(line));
}
