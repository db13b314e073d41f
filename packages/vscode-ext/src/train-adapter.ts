import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { decodeSafetensors } from '@nn/mlp';
import { listRuns, makeTrainConfig, RUN_FILES, startTrainingWorker } from '@nn/train';
import type { UpdateMessage, WeightsSnapshot, WireLayer } from './protocol';
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
  const weights = await loadFinalWeights(latest.path, latest.completedEpochs);
  if (weights) feed.showWeights(weights);
  feed.dispose();
  const replay = feed.replay();
  // No summary: the run was interrupted (a closed window) before it could finish.
  replay.status = latest.summary && !latest.summary.stopped ? 'finished' : 'stopped';
  return replay;
}

/**
 * The weights in a checkpoint file (or a run folder's model.safetensors), read without blocking the
 * extension host: the file is read asynchronously and only its weight tensors are taken out (no Network
 * is rebuilt), so a dashboard can end on a run's final weights even when no snapshot came near its end.
 */
export async function loadFinalWeights(path: string, epoch: number): Promise<WeightsSnapshot | undefined> {
  let bytes: Uint8Array;
  try {
    const file = (await stat(path)).isDirectory() ? join(path, RUN_FILES.model) : path;
    bytes = await readFile(file);
  } catch {
    // No epoch completed yet: there are simply no final weights to show.
    return undefined;
  }
  const { tensors } = decodeSafetensors(bytes);
  const layers: WireLayer[] = [];
  // Tensors are named as PyTorch's nn.Linear: layers.<l>.weight, shape [out, in].
  for (let l = 0; ; l++) {
    const tensor = tensors.get(`layers.${l}.weight`);
    if (!tensor) break;
    const [rows = 0, cols = 0] = tensor.shape;
    layers.push({ rows, cols, weights: tensor.data });
  }
  return layers.length > 0 ? { epoch, batch: 0, layers } : undefined;
}
