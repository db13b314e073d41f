// Runs inside a real VS Code's extension host (loaded by @vscode/test-electron's runTests): activates the
// extension, runs "NN: Train MNIST" on a tiny limit and waits for a finished run folder.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

exports.run = async function run() {
  const extension = vscode.extensions.getExtension('nn-dev.nn-vscode');
  assert.ok(extension, 'the extension nn-dev.nn-vscode is not installed in this VS Code');
  const controller = await extension.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['nn.train', 'nn.stop', 'nn.showDashboard', 'nn.showWeights']) assert.ok(commands.includes(id), id);

  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(workspace, 'the test opens a workspace folder');
  const runs = path.join(workspace, '.nn', 'runs');
  await vscode.commands.executeCommand('nn.train');
  const summary = await waitFor(
    () => {
      if (!fs.existsSync(runs)) return undefined;
      for (const run of fs.readdirSync(runs)) {
        const file = path.join(runs, run, 'summary.json');
        if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
      }
      return undefined;
    },
    120_000,
    `a finished run in ${runs}`,
  );
  assert.equal(summary.stopped, false);
  assert.equal(summary.epochs, 1);
  await waitFor(() => !controller.isTraining, 10_000, 'the controller to see the run end');
  await vscode.commands.executeCommand('nn.showDashboard');
  const webviewTabs = await waitFor(
    () => {
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      const found = tabs.filter((tab) => tab.input instanceof vscode.TabInputWebview);
      return found.length > 0 ? found : undefined;
    },
    10_000,
    'the dashboard tab to open',
  );
  assert.ok(
    webviewTabs.some((tab) => /NN/.test(tab.label)),
    `dashboard tab: ${webviewTabs.map((t) => t.label)}`,
  );
};
