import { defineConfig } from 'tsup';

/**
 * Three bundles, so the installed extension needs no node_modules: the extension host code (CJS, with
 * `vscode` provided by the editor), the training worker (@nn/train and the math inlined), and the
 * dashboard page's script with chart.js, as one browser IIFE next to its stylesheet in media/dist.
 */
export default defineConfig([
  {
    entry: { extension: 'src/extension.ts', worker: 'src/worker.ts' },
    outDir: 'dist',
    format: ['cjs'],
    platform: 'node',
    target: 'node20',
    // Every package here is a devDependency, which tsup bundles; `vscode` is the editor's own.
    external: ['vscode'],
    shims: true,
    sourcemap: true,
    clean: true,
    // Bundle siblings from their sources, so the extension never waits for (or mixes with) their dist builds.
    esbuildOptions(options) {
      options.conditions = ['@nn/source'];
    },
    outExtension: () => ({ js: '.js' }),
  },
  {
    entry: { dashboard: 'src/webview/main.ts' },
    outDir: 'media/dist',
    format: ['iife'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    minify: true,
    sourcemap: false,
    clean: true,
    outExtension: () => ({ js: '.js' }),
  },
]);
