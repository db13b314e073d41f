import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Keep class names (Network, ConfigError, …) as written: esbuild would otherwise show some as `_Network`.
  keepNames: true,
});
