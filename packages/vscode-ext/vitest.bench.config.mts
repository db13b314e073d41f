import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `pnpm bench`: measurements, not tests (they print numbers and assert nothing about speed).
export default defineConfig({
  resolve: {
    conditions: ['@nn/source'],
    alias: { vscode: fileURLToPath(new URL('./test/fake-vscode.ts', import.meta.url)) },
  },
  test: { include: ['bench/**/*.bench.ts'] },
});
