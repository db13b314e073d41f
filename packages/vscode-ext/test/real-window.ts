import { Uri } from 'vscode';
import type { ControllerDeps } from '../src/controller-deps';
import {
  findRun,
  isBeingWritten,
  isResumable,
  loadFinalWeights,
  loadRun,
  newestRun,
  resumeTraining,
  startTraining,
} from '../src/train-adapter';
import type { TrainingEvent } from '../src/training';
import { TrainingController } from '../src/training-controller';
import { bundledData, packageDir, workerPath } from './recorded-run';

/** A tiny real run: 784-16-10 on 500 digits, batches reported every 10 ms so a test can act on the first one. */
export const TINY_RUN = {
  'nn.recipe': 'default',
  'nn.hiddenLayers': '16',
  'nn.limit': 500,
  'nn.batchSize': 25,
  'nn.epochs': 2,
};

export interface RealWindow {
  controller: TrainingController;
  lines: string[];
  /** Every event of the window's runs, in order, as the controller received them. */
  events: TrainingEvent[];
}

/**
 * One editor window's controller over real @nn/train worker threads (the built dist/worker.js), as extension.ts
 * wires it. `workerFile` replaces the worker script (a crashing one); `onEvent` sees each event as it arrives.
 */
export function realWindow(
  options: { workerFile?: string; onEvent?: (event: TrainingEvent) => void; quietMs?: number } = {},
): RealWindow {
  const lines: string[] = [];
  const events: TrainingEvent[] = [];
  const worker = options.workerFile ?? workerPath;
  const watched = <T extends { onEvent: (l: (e: TrainingEvent) => void) => () => void }>(run: T): T => {
    run.onEvent((event) => {
      events.push(event);
      options.onEvent?.(event);
    });
    return run;
  };
  const deps: ControllerDeps = {
    startTraining: (request) => watched(startTraining(request, worker, { batchEventInterval: 10 })),
    resumeTraining: (runDir) => watched(resumeTraining(runDir, worker)),
    output: { appendLine: (line: string) => lines.push(line) } as never,
    extensionUri: Uri.file(packageDir),
    globalStorageUri: Uri.file('/nonexistent-global-storage'),
    bundledDataDir: bundledData,
    runs: {
      find: findRun,
      newest: newestRun,
      isResumable,
      isBeingWritten: (run) => isBeingWritten(run, options.quietMs ?? 300),
      load: loadRun,
    },
    loadFinalWeights,
  };
  return { controller: new TrainingController(deps), lines, events };
}

/**
 * Resolves once `check` holds, polling every 20 ms (a real worker's events arrive on their own schedule). A guard
 * against a hang, not a timing assertion: it fails with `state()` well before the test's own timeout.
 */
export async function until(check: () => boolean, what: string, state: () => unknown = () => ''): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 15_000) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
