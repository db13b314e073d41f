import { defineConfig } from 'tsup';

export default defineConfig({
  // The library, the `nn` command (bin → dist/cli.js) and the worker-thread entry (dist/worker.js).
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', worker: 'src/worker/worker-entry.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  // Gives the CJS build a working `import.meta.url`, which locates the default worker file next to the module.
  shims: true,
  target: 'es2022',
});
