import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';

const packagesDir = new URL('./packages/', import.meta.url);

/**
 * `@nn/<name>` and its subpaths (`@nn/linalg/internal`, …) → the source file its package.json names under the
 * `@nn/source` condition, so a package's tests run against its siblings' sources, not their last build. An alias
 * rather than `resolve.conditions`, which Vite's server environment (where tests run) does not read, and which
 * Vitest would also hand to Node, breaking the worker threads that load built files.
 */
function sourceAliases() {
  const aliases = [];
  for (const dir of readdirSync(packagesDir)) {
    const manifest = new URL(`${dir}/package.json`, packagesDir);
    if (!existsSync(manifest)) continue;
    const { name, exports = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const [subpath, target] of Object.entries(exports)) {
      const source = typeof target === 'object' && target !== null ? target['@nn/source'] : undefined;
      if (typeof source !== 'string') continue;
      const specifier = `${name}${subpath.slice(1)}`.replace(/[/.]/g, (c) => `\\${c}`);
      aliases.push({
        find: new RegExp(`^${specifier}$`),
        replacement: fileURLToPath(new URL(`${dir}/${source}`, packagesDir)),
      });
    }
  }
  return aliases;
}

/**
 * The test set-up every package shares: sibling packages resolve to their sources (above), type-level tests run
 * under `--typecheck`, and a JSON report feeds the root `pnpm test` total.
 * @param {import('vitest/config').ViteUserConfig} overrides
 */
export function packageTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { alias: sourceAliases() },
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
