import { basename } from 'node:path';
import { listRuns, makeTrainConfig, startTrainingWorker } from '@nn/train';
import type { UpdateMessage } from './protocol';
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
  feed.dispose();
  const replay = feed.replay();
  // No summary: the run was interrupted (a closed window) before it could finish.
  if (!latest.summary) replay.status = 'stopped';
  return replay;
}
