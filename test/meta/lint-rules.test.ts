import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Pins the DESIGN §1 import rules: if someone weakens eslint.config.js, this fails.
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
});
