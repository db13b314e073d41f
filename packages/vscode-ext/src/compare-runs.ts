import type { RunRecord } from '@nn/train';
import * as vscode from 'vscode';
import { DashboardPanel } from './dashboard-panel';
import { runPickItem } from './open-run';
import { COMPARE_RUNS_PLACEHOLDER } from './picker-placeholders';
import type { RunHistory } from './run-history';

/** What NN: Compare Runs… needs of the controller. */
export interface RunComparer {
  listRuns(): Promise<RunRecord[]>;
  showDashboard(view: 'dashboard'): void;
  readonly history: RunHistory;
}

/**
 * "NN: Compare Runs…": picks two runs or more of the runs folder (newest first) and shows them compared in the
 * dashboard's history: test curves overlaid by epoch and the settings that differ. Returns the ids compared.
 */
export async function compareRunsCommand(comparer: RunComparer): Promise<string[] | undefined> {
  const runs = await comparer.listRuns();
  if (runs.length < 2) {
    const have = runs.length === 0 ? 'no runs' : 'one run';
    void vscode.window.showInformationMessage(
      `NN: the runs folder has ${have}; a comparison needs two. Train MNIST to make more.`,
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(runs.map(runPickItem), {
    title: 'NN: Compare Runs',
    placeHolder: COMPARE_RUNS_PLACEHOLDER,
    canPickMany: true,
    matchOnDescription: true,
  });
  if (!picked || picked.length === 0) return undefined;
  if (picked.length < 2) {
    void vscode.window.showInformationMessage('NN: pick two runs or more to compare.');
    return undefined;
  }
  const ids = picked.map((item) => item.label);
  comparer.showDashboard('dashboard');
  DashboardPanel.current?.showComparison(comparer.history.compare(ids));
  return ids;
}
