import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Pins the import rules of docs/ARCHITECTURE.md#layers: if someone weakens eslint.config.js, this fails.
describe('lint boundaries', () => {
  const eslint = new ESLint();
  const lint = async (code: string, filePath: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result!.messages.map((m) => m.ruleId);
  };

  it('refuses electron in app/core, app/ipc and renderer', async () => {
    for (const file of ['app/core/x.ts', 'app/ipc/x.ts', 'renderer/x.ts']) {
      expect(await lint("import { app } from 'electron';\nexport const a = app;\n", file)).toContain('no-restricted-imports');
    }
  });

  it('allows electron in app/electron', async () => {
    expect(await lint("import { app } from 'electron';\nexport const a = app;\n", 'app/electron/x.ts')).not.toContain('no-restricted-imports');
  });

  it('lets only the wiring and preload touch ipcMain / ipcRenderer', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n";
    expect(await lint(code, 'app/electron/window.ts')).toContain('no-restricted-syntax');
    expect(await lint(code, 'app/electron/ipc-main.ts')).not.toContain('no-restricted-syntax');
  });

  it('keeps Node built-ins out of renderer/ and app/ipc/, with or without the node: prefix', async () => {
    for (const file of ['renderer/x.ts', 'renderer/bridge/x.tsx', 'app/ipc/x.ts']) {
      for (const spec of ['node:fs', 'fs', 'node:crypto', 'path', 'fs/promises']) {
        expect(await lint(`import x from '${spec}';\nexport const a = x;\n`, file), `${spec} in ${file}`).toContain('no-restricted-imports');
      }
    }
    // The core and the renderer's Node-run build config may use them; the electron ban still holds there.
    expect(await lint("import fs from 'node:fs';\nexport const a = fs;\n", 'app/core/x.ts')).not.toContain('no-restricted-imports');
    expect(await lint("import { fileURLToPath } from 'node:url';\nexport const a = fileURLToPath;\n", 'renderer/vite.config.ts')).not.toContain('no-restricted-imports');
    expect(await lint("import { app } from 'electron';\nexport const a = app;\n", 'app/ipc/x.ts')).toContain('no-restricted-imports');
  });

  it('lets the renderer import only the contract from app/', async () => {
    for (const spec of ['../app/shells/browser/server', '../../app/core/hub', '../app/electron/preload-bridge']) {
      expect(await lint(`import { x } from '${spec}';\nexport const a = x;\n`, 'renderer/x.ts'), spec).toContain('no-restricted-imports');
    }
    expect(await lint("import { invokeNames } from '../app/ipc/channels';\nexport const a = invokeNames;\n", 'renderer/x.ts')).not.toContain('no-restricted-imports');
  });

  it('reaches the Device API client only through app/core/hub/index.ts', async () => {
    const deep: Array<[string, string]> = [
      ['app/core/agent/x.ts', '../hub/types'],
      ['app/core/commands/handlers/x.ts', '../../hub/errors'],
      ['app/shells/browser/x.ts', '../../core/hub/client-hub'],
      ['app/electron/x.ts', '../core/hub/http'],
      ['scripts/x.ts', '../app/core/hub/schemas'],
    ];
    for (const [file, spec] of deep) {
      expect(await lint(`import { x } from '${spec}';\nexport const a = x;\n`, file), `${spec} from ${file}`).toContain('no-restricted-imports');
    }
    const allowed: Array<[string, string]> = [
      ['app/core/agent/x.ts', '../hub'],
      ['app/electron/x.ts', '../core/hub/index'],
      ['app/core/hub/x.ts', './errors'],
      ['test/core/hub/x.test.ts', '../../../app/core/hub/errors'],
      ['scripts/x.ts', '../test/hub/server'],
    ];
    for (const [file, spec] of allowed) {
      expect(await lint(`import { x } from '${spec}';\nexport const a = x;\n`, file), `${spec} from ${file}`).not.toContain('no-restricted-imports');
    }
  });

  it('refuses the named `z` import of zod (it bundles every locale), allows the namespace import', async () => {
    for (const file of ['app/core/x.ts', 'app/core/hub/x.ts', 'app/ipc/x.ts', 'app/shells/x.ts', 'renderer/x.ts', 'app/electron/x.ts']) {
      expect(await lint("import { z } from 'zod';\nexport const a = z;\n", file), file).toContain('no-restricted-syntax');
      expect(await lint("import * as z from 'zod';\nexport const a = z;\n", file), file).not.toContain('no-restricted-syntax');
      expect(await lint("import type { z } from 'zod';\nexport type A = z.ZodType;\n", file), file).not.toContain('no-restricted-syntax');
    }
  });

  it('keeps classic zod out of app/core and app/shells: they import zod/mini through app/core/zod-mini.ts', async () => {
    for (const file of ['app/core/x.ts', 'app/core/hub/x.ts', 'app/core/state/x.ts', 'app/shells/headless/x.ts']) {
      for (const spec of ['zod', 'zod/mini', 'zod/v4/core']) {
        expect(await lint(`import * as z from '${spec}';\nexport const a = z;\n`, file), `${spec} in ${file}`).toContain('no-restricted-imports');
      }
      expect(await lint("import * as z from '../zod-mini';\nexport const a = z;\n", file), file).not.toContain('no-restricted-imports');
    }
    expect(await lint("import { config } from 'zod/mini';\nexport const a = config;\n", 'app/core/zod-mini.ts')).not.toContain('no-restricted-imports');
    expect(await lint("import { app } from 'electron';\nexport const a = app;\n", 'app/core/zod-mini.ts')).toContain('no-restricted-imports');
    // The IPC contract and the renderer keep classic zod.
    expect(await lint("import * as z from 'zod';\nexport const a = z;\n", 'app/ipc/x.ts')).not.toContain('no-restricted-imports');
  });
});
