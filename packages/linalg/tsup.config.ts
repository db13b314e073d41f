import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // One copy of the active kernel set for both entries: without shared chunks the CommonJS build would give
  // `@nn/linalg/internal`'s useKernels() a set of its own that Matrix never reads.
  splitting: true,
  // esbuild renames a class whose name its body refers to (`_Matrix`); users see the name in console.log and stacks.
  keepNames: true,
});
