import * as vscode from 'vscode';
import type { ControllerDeps } from './controller-deps';
import type { RunFeed } from './run-feed';
import { RunProgress } from './run-progress';
import type { TrainingEvent, TrainingOutcome, TrainingRun } from './training';

/** The run being trained: its worker, the feed that shows it, and its folder once the worker has named it. */
export interface ActiveRun {
  run: TrainingRun;
  feed: RunFeed;
  runDir?: string;
  stopping: boolean;
}

/** Asks the run to stop after its current batch, once; the dashboard says "stopping" meanwhile. False if asked before. */
export function requestStop(active: ActiveRun): boolean {
  if (active.stopping) return false;
  active.stopping = true;
  active.feed.setStatus('stopping');
  active.run.stop();
  return true;
}

/**
 * Shows a starting run outside and inside the dashboard: its events go to the status bar, the progress notification
 * (whose Cancel calls `cancel`), the output channel and the feed; `onFolder` runs once its folder exists. Returns what unsubscribes from the events.
 */
export function followRun(
  active: ActiveRun,
  statusBar: vscode.StatusBarItem,
  deps: Pick<ControllerDeps, 'output' | 'loadFinalWeights'>,
  cancel: () => void,
  /** Called once the run's folder exists (the run's first event). */
  onFolder: () => void,
): () => void {
  const { run, feed } = active;
  const shown = new RunProgress(statusBar, deps.output);
  let newestCheckpoint = 0;
  const unsubscribe = run.onEvent((event: TrainingEvent) => {
    shown.show(event);
    if (event.type === 'run') {
      active.runDir = event.runDir;
      onFolder();
    }
    if (event.type === 'checkpoint') {
      // Snapshots come on a timer; the checkpoint gives the weights at each epoch's end as well. The file is
      // rewritten every epoch, so a read that a newer checkpoint overtook is dropped rather than mislabelled.
      const epoch = event.epoch;
      newestCheckpoint = epoch;
      void deps.loadFinalWeights?.(event.path, epoch).then((weights) => {
        if (weights && epoch === newestCheckpoint) feed.showWeights(weights);
      });
    }
    feed.apply(event);
  });

  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'NN: Training', cancellable: true },
    async (report, token) => {
      shown.attach(report);
      token.onCancellationRequested(cancel);
      await run.done.catch(() => undefined);
    },
  );
  return unsubscribe;
}

/**
 * A run's end in the dashboard: the weights it saved last, its status, whether it can resume (a resume checkpoint
 * is written at each epoch's end, so a run stopped in its first epoch has none) and the accuracy of what it saved.
 */
export async function showRunEnd(
  feed: RunFeed,
  outcome: TrainingOutcome,
  loadFinalWeights: ControllerDeps['loadFinalWeights'],
  canResume: boolean,
): Promise<void> {
  const weights = await loadFinalWeights?.(outcome.runDir, outcome.epochs).catch(() => undefined);
  if (weights) feed.showWeights(weights);
  const total = feed.summary?.epochs ?? outcome.epochs;
  const resumable = canResume && outcome.stopped && outcome.epochs > 0 && outcome.epochs < total;
  feed.setStatus(outcome.stopped ? 'stopped' : 'finished', { resumable, finalTestAccuracy: outcome.testAccuracy });
}
