import { basename } from 'node:path';
import { fromPng, readRegularFile } from '@nn/mnist';
import { PadNetwork } from '@nn/views/pad-network';
import * as vscode from 'vscode';
import { DashboardPanel, type DashboardSource } from './dashboard-panel';
import type { PadModel } from './protocol';

/** As `nn predict`: a picture of a digit is a few megabytes at most; larger files are refused before they are read. */
const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;

/** The dashboard's source, which also knows the network of the run it shows. */
export interface PredictSource extends DashboardSource {
  shownPadModel(): Promise<PadModel | undefined>;
}

/** What the command found, also returned to a caller (tests, other extensions) through `executeCommand`. */
export interface PicturePrediction {
  name: string;
  /** The 28×28 input as the network gets it. */
  pixels: Uint8Array;
  digit: number;
  probabilities: number[];
}

/**
 * "NN: Predict Image…": picks a PNG, reads it with @nn/mnist's `fromPng` (the preprocessing of `nn predict` and
 * of the pad), classifies it with the newest weights of the run the dashboard shows, and shows it in the
 * dashboard's digit pad, which classifies it there with the same weights. A file that cannot be read is
 * reported with its name; nothing else changes.
 */
export async function predictImage(
  source: PredictSource,
  extensionUri: vscode.Uri,
): Promise<PicturePrediction | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { 'PNG images': ['png'] },
    openLabel: 'Predict',
    title: 'NN: Predict Image',
  });
  const file = picked?.[0];
  if (!file) return undefined;
  const name = basename(file.fsPath);
  let pixels: Uint8Array;
  try {
    pixels = fromPng(await readRegularFile(file.fsPath, MAX_IMAGE_FILE_BYTES));
  } catch (error) {
    void vscode.window.showErrorMessage(`NN: cannot read ${name}: ${(error as Error).message}`);
    return undefined;
  }
  const model = await source.shownPadModel();
  if (!model) {
    void vscode.window.showErrorMessage(
      `NN: no trained weights to classify ${name} with. Train MNIST first, or wait for the run's first weights.`,
    );
    return undefined;
  }
  let probabilities: number[];
  try {
    probabilities = Array.from(new PadNetwork(model).predict(pixels).probabilities);
  } catch (error) {
    void vscode.window.showErrorMessage(`NN: cannot classify ${name}: ${(error as Error).message}`);
    return undefined;
  }
  const digit = probabilities.indexOf(Math.max(...probabilities));
  DashboardPanel.createOrShow(extensionUri, 'dashboard', source).showPicture({ type: 'padPicture', name, pixels });
  return { name, pixels, digit, probabilities };
}
