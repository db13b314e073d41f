import { defineConfig, mergeConfig } from 'vitest/config';

/**
 * The test set-up every package shares: sources of sibling packages are resolved through the
 * `@nn/source` export condition (so tests need no prior build of a dependency), type-level
 * tests run under `--typecheck`, and a JSON report feeds the root `pnpm test` total.
 * @param {import('vitest/config').ViteUserConfig} overrides
 */
export function packageTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { conditions: ['@nn/source'] },
      test: {
        include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
        typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        // Generous limits: CI machines have two cores shared by several packages' tests; a hang still fails.
        testTimeout: 60_000,
        hookTimeout: 300_000,
        reporters: ['default', 'json'],
        outputFile: { json: 'test-results.json' },
      },
    }),
    overrides,
  );
}
