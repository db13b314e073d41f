import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Uri } from 'vscode';
import { DashboardPanel } from '../src/dashboard-panel';
import { parseHostMessage, type UpdateMessage } from '../src/protocol';
import { loadFinalWeights, startTraining } from '../src/train-adapter';
import { TrainingController } from '../src/training-controller';
import { recorded, resetFake } from './fake-vscode';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const workerPath = join(packageDir, 'dist', 'worker.js');
export const bundledData = join(packageDir, 'data');

/** The built files a real run needs; tests that need them skip with this reason when they are missing. */
export function missingBuild(): string | undefined {
  for (const file of [
    workerPath,
    join(bundledData, 'train-images-idx3-ubyte.gz'),
    join(packageDir, 'media', 'dist', 'dashboard.js'),
  ]) {
    if (!existsSync(file)) return `${file} is missing: run \`pnpm --filter nn-vscode build\` first`;
  }
  return undefined;
}

/**
 * Trains a tiny real network through the real controller and @nn/train's worker, and records every
 * message the controller posts to the (fake editor's) dashboard panel: the stream a real webview gets.
 */
export async function recordRealRun(
  settings: Record<string, unknown>,
  storage = mkdtempSync(join(tmpdir(), 'nn-vscode-')),
  /** Reporting intervals (ms) for the run; fit()'s defaults (250 and 2000) when absent. */
  intervals: { batchEventInterval?: number; snapshotInterval?: number } = {},
): Promise<UpdateMessage[]> {
  resetFake();
  recorded.settings = settings;
  const controller = new TrainingController({
    startTraining: (request) => startTraining(request, workerPath, intervals),
    output: { appendLine: () => undefined } as never,
    extensionUri: Uri.file(packageDir),
    // Without a workspace folder, runs go to <global storage>/runs.
    globalStorageUri: Uri.file(storage),
    bundledDataDir: bundledData,
    loadFinalWeights,
  });
  controller.showDashboard('dashboard');
  const panel = recorded.panels[0];
  if (panel) panel.drawsUpdates = true;
  await controller.train();
  // The run is over for the dashboard once the controller has posted its final status.
  // The runs folder's list goes to the panel too (when the run starts and ends); the stream is the updates.
  const updates = () => (panel?.posted ?? []).filter((m) => (m as { type?: string }).type !== 'history');
  const ended = () => {
    const last = updates().at(-1) as { status?: string } | undefined;
    return last?.status === 'finished' || last?.status === 'stopped' || last?.status === 'failed';
  };
  while (controller.isTraining || !ended()) await new Promise((resolve) => setTimeout(resolve, 50));
  DashboardPanel.current?.dispose();
  controller.dispose();
  return updates().map((message) => {
    const parsed = parseHostMessage(message);
    if (parsed?.type !== 'update')
      throw new Error(`the controller posted an invalid message: ${JSON.stringify(message)}`);
    return parsed;
  });
}
