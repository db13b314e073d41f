import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library, the `nn` command (bin → dist/cli.js) and the worker-thread entry (dist/worker.js).
    entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', worker: 'src/worker/worker-entry.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts' } },
    sourcemap: true,
    // Everything but the report page, which the second build writes at the same time.
    clean: ['!report/**'],
    // Gives the CJS build a working `import.meta.url`, which locates the default worker file next to the module.
    shims: true,
    target: 'es2022',
  },
  {
    // `nn report`'s page script and stylesheet, for the browser, from the dashboard's own views (@nn/views, bundled
    // in whole: it is private); report-html.ts inlines both into each report.
    entry: { 'report-page': 'src/report/report-page.ts', 'compare-page': 'src/report/compare-page.ts' },
    outDir: 'dist/report',
    format: ['iife'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    minify: true,
    clean: true,
    outExtension: () => ({ js: '.js' }),
  },
]);
