import { basename } from 'node:path';
import { snapshotLayers } from '@nn/mlp';
import { listRuns, loadModel, makeTrainConfig, startTrainingWorker } from '@nn/train';
import type { UpdateMessage, WeightsSnapshot } from './protocol';
import { RunFeed } from './run-feed';
import type { TrainingOutcome, TrainingRequest, TrainingRun } from './training';

/**
 * The real training: @nn/train's worker runner. `makeTrainConfig` validates the request and throws a
 * `ConfigError` naming the field, which the controller reports as the matching `nn.*` setting.
 */
export function startTraining(request: TrainingRequest, workerPath: string): TrainingRun {
  const config = makeTrainConfig(request);
  const handle = startTrainingWorker(config, { workerPath });
  const done: Promise<TrainingOutcome> = handle.done.then((result) => ({
    runDir: result.runDir,
    epochs: result.epochs,
    testAccuracy: result.testAccuracy,
    stopped: result.stopped,
  }));
  return {
    onEvent: (listener) => handle.events(listener),
    stop: () => handle.stop(),
    done,
  };
}

/** The newest run in `runsDir` as one dashboard update: its curves (weights are not kept in metrics.jsonl). */
export async function loadLastRun(runsDir: string): Promise<UpdateMessage | undefined> {
  const [latest] = listRuns(runsDir);
  if (!latest) return undefined;
  const feed = new RunFeed(basename(latest.path), () => undefined);
  for (const event of latest.events) {
    if (event.type === 'start' || event.type === 'batch' || event.type === 'epoch' || event.type === 'done') {
      feed.apply(event);
    }
  }
  const weights = loadFinalWeights(latest.path, latest.completedEpochs);
  if (weights) feed.showWeights(weights);
  feed.dispose();
  const replay = feed.replay();
  // No summary: the run was interrupted (a closed window) before it could finish.
  if (!latest.summary) replay.status = 'stopped';
  return replay;
}

/**
 * The weights in a run folder's model.safetensors (written after each epoch and on stop), so the
 * dashboard shows a run's final weights even when no snapshot event came near its end.
 */
export function loadFinalWeights(runDir: string, epoch: number): WeightsSnapshot | undefined {
  let network: ReturnType<typeof loadModel>['network'];
  try {
    network = loadModel(runDir).network;
  } catch {
    // No epoch completed yet, or the file is being replaced: there are simply no final weights to show.
    return undefined;
  }
  const layers = snapshotLayers(network).map(({ rows, cols, weights }) => ({ rows, cols, weights }));
  return { epoch, batch: 0, layers };
}
