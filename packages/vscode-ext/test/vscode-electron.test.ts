import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { describe, expect, it } from 'vitest';
import { missingBuild, packageDir } from './recorded-run';

// The desktop VS Code cannot be downloaded on our CI machines; give a local one to run these tests.
const vscodeExecutablePath = process.env.NN_VSCODE_EXECUTABLE;
const skipReason = vscodeExecutablePath
  ? missingBuild()
  : 'NN_VSCODE_EXECUTABLE is not set (the path of a VS Code executable to run the integration tests in)';
if (skipReason) console.log(`SKIPPED @vscode/test-electron integration tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)(
  `the extension in desktop VS Code (@vscode/test-electron)${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    it('trains from the command on a tiny limit and finishes a run folder', async () => {
      const workspace = mkdtempSync(join(tmpdir(), 'nn-vscode-it-'));
      mkdirSync(join(workspace, '.vscode'));
      writeFileSync(
        join(workspace, '.vscode', 'settings.json'),
        JSON.stringify({
          'nn.hiddenLayers': [16],
          'nn.epochs': 1,
          'nn.limit': 1000,
          'security.workspace.trust.enabled': false,
        }),
      );
      const exitCode = await runTests({
        ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
        extensionDevelopmentPath: packageDir,
        extensionTestsPath: join(packageDir, 'test', 'integration', 'suite.cjs'),
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      });
      expect(exitCode).toBe(0);
    }, 300_000);
  },
);
