import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { type RunRecord, writeFileAtomic } from '@nn/train';
import * as vscode from 'vscode';

/** Where the model of the run the dashboard shows can be found. */
export interface ExportSource {
  shownRun(): RunRecord | undefined;
}

/**
 * "NN: Export Model…": saves the model file (`.safetensors`: the weights, activations, input scale and training
 * configuration) of the run the dashboard shows, or of the newest run, where the user chooses (written as
 * @nn/train writes its checkpoints: an existing file is either kept or wholly replaced).
 * Returns the path written (for tests and other extensions through `executeCommand`).
 */
export async function exportModel(source: ExportSource): Promise<string | undefined> {
  const run = source.shownRun();
  if (!run?.modelPath) {
    void vscode.window.showErrorMessage(
      'NN: no model to export yet. Train MNIST first: a run writes its model file after its first epoch.',
    );
    return undefined;
  }
  const id = basename(run.path);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(folder, `${id}.safetensors`)),
    filters: { 'safetensors model': ['safetensors'] },
    saveLabel: 'Export',
    title: `NN: Export the model of run ${id}`,
  });
  if (!target) return undefined;
  const path = target.fsPath;
  try {
    // A temporary file beside the target, renamed over it: an existing file is kept or wholly replaced.
    writeFileAtomic(path, readFileSync(run.modelPath));
  } catch (error) {
    void vscode.window.showErrorMessage(`NN: cannot write ${path}: ${(error as Error).message}`);
    return undefined;
  }
  const epochs = `${run.completedEpochs} epoch${run.completedEpochs === 1 ? '' : 's'}`;
  void vscode.window.showInformationMessage(
    `NN: exported the model of run ${id} (${epochs}) to ${path}. @nn/mlp's load() and PyTorch's safetensors read it.`,
  );
  return path;
}
