import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

// The dev server injects inline scripts and styles (React refresh, HMR) that the
// strict meta CSP forbids; in dev only, main/window.ts sends a relaxed policy header.
const dropMetaCspInDev: Plugin = {
  name: 'drop-meta-csp-in-dev',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

/**
 * How the renderer's bundle drops unused code, shared with the tests' build
 * (test/support/renderer-build.ts). The contract's files only build schemas and constants:
 * declared free of side effects, a value the page imports through them (sessionStatuses,
 * productLine…) comes from its small zod-free module alone, and zod stays out of the page
 * (issue 16, first paint).
 */
export const rendererTreeshake = {
  moduleSideEffects: (id: string) =>
    /\/preload\/contract[\w-]*\.ts$/.test(id) ? false : undefined,
};

// Native modules (better-sqlite3, keytar) stay external in main: they are
// loaded from node_modules (asar-unpacked when packaged).
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        // The receiver's insert thread (main/store/writer.ts looks for it beside the bundle).
        input: {
          index: resolve(root, 'main/index.ts'),
          'writer-worker': resolve(root, 'main/store/writer-worker.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require node_modules: bundle everything, as CommonJS.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), dropMetaCspInDev],
    build: {
      minify: true,
      rollupOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
        treeshake: rendererTreeshake,
      },
    },
  },
});
