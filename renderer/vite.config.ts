// Builds the renderer into dist/renderer with relative asset paths, so the same files load from
// the browser shell (http://127.0.0.1) and from Electron's custom protocol (app://kiosk/).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Fonts and icons must be files: the CSP has no data: for fonts, and nothing inline.
    assetsInlineLimit: 0,
    // The polyfill would be an inline script, which the CSP forbids; Chromium needs none.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
