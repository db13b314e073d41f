import { fileURLToPath } from 'node:url';
import { packageTestConfig } from '../../vitest.shared.mjs';

// Unit tests run the controller against a fake `vscode` module (the real one exists only inside the editor).
export default packageTestConfig({
  resolve: { alias: { vscode: fileURLToPath(new URL('./test/fake-vscode.ts', import.meta.url)) } },
  test: { testTimeout: 20_000, hookTimeout: 600_000 },
});
