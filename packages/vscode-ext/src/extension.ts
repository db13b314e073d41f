import { join } from 'node:path';
import { listRuns } from '@nn/train';
import * as vscode from 'vscode';
import { cellDigits } from './cell-digits';
import { compareRunsCommand } from './compare-runs';
import { DASHBOARD_VIEW_TYPE, DashboardPanel } from './dashboard-panel';
import { exportModel } from './export-model';
import { openRunCommand } from './open-run';
import { predictImage } from './predict-image';
import {
  findRun,
  isBeingWritten,
  isResumable,
  loadFinalWeights,
  loadRun,
  newestRun,
  resumeTraining,
  startTraining,
} from './train-adapter';
import { TrainingController } from './training-controller';
import { unitDetails } from './unit-details';

export function activate(context: vscode.ExtensionContext): TrainingController {
  const output = vscode.window.createOutputChannel('NN');
  const workerPath = join(context.extensionPath, 'dist', 'worker.js');
  const controller = new TrainingController({
    startTraining: (request) => startTraining(request, workerPath),
    resumeTraining: (runDir) => resumeTraining(runDir, workerPath),
    output,
    extensionUri: context.extensionUri,
    globalStorageUri: context.globalStorageUri,
    bundledDataDir: join(context.extensionPath, 'data'),
    runs: {
      find: findRun,
      newest: newestRun,
      list: listRuns,
      isResumable,
      isBeingWritten,
      load: loadRun,
      cellDigits,
      unitDetails,
    },
    loadFinalWeights,
  });
  context.subscriptions.push(
    output,
    controller,
    vscode.commands.registerCommand('nn.train', () => controller.train()),
    vscode.commands.registerCommand('nn.stop', () => controller.stop()),
    vscode.commands.registerCommand('nn.resume', () => controller.resume()),
    vscode.commands.registerCommand('nn.showDashboard', () => controller.showDashboard('dashboard')),
    vscode.commands.registerCommand('nn.showWeights', () => controller.showDashboard('weights')),
    vscode.commands.registerCommand('nn.predictImage', () => predictImage(controller, context.extensionUri)),
    vscode.commands.registerCommand('nn.exportModel', () => exportModel(controller)),
    vscode.commands.registerCommand('nn.openRun', () => openRunCommand(controller)),
    vscode.commands.registerCommand('nn.compareRuns', () => compareRunsCommand(controller)),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        DashboardPanel.revive(panel, context.extensionUri, state, controller);
      },
    }),
  );
  void controller.offerResume();
  // Returned so integration tests can see the controller's state.
  return controller;
}

export function deactivate(): void {
  DashboardPanel.current?.dispose();
}
