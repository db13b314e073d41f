import * as vscode from 'vscode';
import type { ControllerDeps } from './controller-deps';
import { messageOf, reportInvalidSetting } from './run-end-notice';
import { describeProblems, readSettings } from './settings';
import { settingOfConfigError, type TrainingRun } from './training';

/**
 * Starts a run with the `nn.*` settings, its folder in the runs folder `runsFolder(nn.runsFolder)` resolves. A
 * setting the settings or @nn/train refuse is reported by name (with a button to the settings); then undefined.
 */
export function startFromSettings(
  deps: Pick<ControllerDeps, 'startTraining' | 'output' | 'bundledDataDir'>,
  runsFolder: (configured: string) => string,
): { run: TrainingRun; outDir: string } | undefined {
  const read = readSettings((key) => vscode.workspace.getConfiguration('nn').get(key));
  if (!read.ok) {
    reportInvalidSetting(deps.output, read.problems[0]?.setting, describeProblems(read.problems));
    return undefined;
  }
  const { overrides, dataFolder } = read.settings;
  const outDir = runsFolder(read.settings.runsFolder);
  // The bundled files are MNIST digits; Fashion-MNIST is left to @nn/train's own resolution.
  const dataDir = dataFolder || (overrides.dataset === 'digits' ? deps.bundledDataDir : undefined);
  try {
    return { run: deps.startTraining({ ...overrides, ...(dataDir ? { dataDir } : {}), outDir }), outDir };
  } catch (error) {
    const setting = settingOfConfigError(error);
    if (setting) reportInvalidSetting(deps.output, setting, `${setting}: ${messageOf(error)}`);
    else void vscode.window.showErrorMessage(`NN: could not start training: ${messageOf(error)}`);
    return undefined;
  }
}
