import { basename } from 'node:path';
import type { RunRecord } from '@nn/train';
import * as vscode from 'vscode';
import { OPEN_RUN_PLACEHOLDER } from './picker-placeholders';

/** What NN: Open Run… needs of the controller. */
export interface RunOpener {
  listRuns(): Promise<RunRecord[]>;
  openRun(record: RunRecord): boolean;
}

/** One run as the picker lists it: its name, then recipe, status and accuracy, then its progress and layers. */
export function runPickItem(run: RunRecord): vscode.QuickPickItem & { run: RunRecord } {
  const status = run.summary ? (run.summary.stopped ? 'stopped' : 'finished') : 'interrupted';
  const tested = run.summary?.testAccuracy;
  const accuracy = tested === undefined ? '' : ` · ${(tested * 100).toFixed(2)}% test accuracy`;
  const layers = [...run.config.hiddenLayers].join('-') || 'no hidden layer';
  return {
    label: basename(run.path),
    description: `${run.config.recipe} · ${status}${accuracy}`,
    detail: `${run.completedEpochs}/${run.config.epochs} epochs · hidden ${layers} · ${run.config.dataset}`,
    run,
  };
}

/**
 * "NN: Open Run…": picks a run of the runs folder (newest first) and shows it in the dashboard: its curves, final
 * weights and confusion matrix. Returns the run's id (for tests and other extensions through `executeCommand`).
 */
export async function openRunCommand(opener: RunOpener): Promise<string | undefined> {
  const runs = await opener.listRuns();
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('NN: no runs yet in the runs folder. Train MNIST to make one.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(runs.map(runPickItem), {
    title: 'NN: Open Run',
    placeHolder: OPEN_RUN_PLACEHOLDER,
    matchOnDescription: true,
  });
  if (!picked || !opener.openRun(picked.run)) return undefined;
  return picked.label;
}
