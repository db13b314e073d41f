import { basename } from 'node:path';
import type { RunRecord } from '@nn/train';
import * as vscode from 'vscode';
import { percent } from './run-progress';
import { revealRunFolder } from './runs-location';
import { settingOfConfigError, type TrainingOutcome } from './training';

export const OPEN_DASHBOARD = 'Open Dashboard';
export const RESUME = 'Resume';
const OPEN_FOLDER = 'Reveal Run Folder';
const OPEN_SETTINGS = 'Open Settings';

type Output = Pick<vscode.OutputChannel, 'appendLine'>;

/** Tells how a run ended: its figures in the status bar, a line in the output, and a message with buttons. */
export function announceRunEnd(
  outcome: TrainingOutcome,
  statusBar: vscode.StatusBarItem,
  output: Output,
  showDashboard: () => void,
): void {
  const accuracy =
    outcome.testAccuracy === undefined ? 'no epoch completed' : `test accuracy ${percent(outcome.testAccuracy)}`;
  const verb = outcome.stopped ? 'stopped' : 'finished';
  const id = basename(outcome.runDir);
  statusBar.text = `NN ${outcome.testAccuracy === undefined ? '–' : percent(outcome.testAccuracy)} · ${outcome.epochs} epochs`;
  output.appendLine(`Run ${id} ${verb} after ${outcome.epochs} epochs: ${accuracy}. Run folder: ${outcome.runDir}`);
  void vscode.window
    .showInformationMessage(`NN: run ${id} ${verb}, ${accuracy}.`, OPEN_DASHBOARD, OPEN_FOLDER)
    .then((choice) => {
      if (choice === OPEN_DASHBOARD) showDashboard();
      if (choice === OPEN_FOLDER) void revealRunFolder(outcome.runDir);
    });
}

/**
 * Tells that a window reload cut `record` off: the status bar offers to resume it, and a message asks, with
 * Resume and Open Dashboard. Resolves to the button chosen.
 */
export function announceInterrupted(record: RunRecord, statusBar: vscode.StatusBarItem): Thenable<string | undefined> {
  const id = basename(record.path);
  const progress = `epoch ${record.completedEpochs}/${record.config.epochs}`;
  statusBar.text = `$(debug-pause) NN ${id} stopped · ${progress}`;
  statusBar.command = 'nn.resume';
  statusBar.tooltip = `NN: run ${id} was interrupted; click to resume it`;
  statusBar.show();
  return vscode.window.showWarningMessage(
    `NN: run ${id} was interrupted after ${progress} (the window was closed or reloaded). Its checkpoint can continue it.`,
    RESUME,
    OPEN_DASHBOARD,
  );
}

/** Tells that a run failed: a setting it refused (with a button to the settings), or the error itself. */
export function announceRunFailure(error: unknown, statusBar: vscode.StatusBarItem, output: Output): void {
  statusBar.text = '$(error) NN failed';
  output.appendLine(`Training failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const setting = settingOfConfigError(error);
  if (setting) reportInvalidSetting(output, setting, `${setting}: ${messageOf(error)}`);
  else void vscode.window.showErrorMessage(`NN: training failed: ${messageOf(error)}`);
}

/** An invalid setting: named in the output and in an error message that opens the settings. */
export function reportInvalidSetting(output: Output, setting: string | undefined, message: string): void {
  output.appendLine(`Invalid setting: ${message}`);
  void vscode.window.showErrorMessage(`NN: invalid setting ${message}`, OPEN_SETTINGS).then((choice) => {
    if (choice === OPEN_SETTINGS)
      void vscode.commands.executeCommand('workbench.action.openSettings', setting ?? 'nn.');
  });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
