import { existsSync, readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSafetensors } from '@nn/mlp';
import {
  makeTrainConfig,
  RUN_FILES,
  type RunRecord,
  readRun,
  resumeTrainingWorker,
  startTrainingWorker,
  type TrainingHandle,
} from '@nn/train';
import type { CheckpointWeights, LayerWeights } from '@nn/views/weight-sample';
import type { UpdateMessage } from './protocol';
import { RunFeed } from './run-feed';
import { resolveRunId } from './run-id';
import type { TrainingOutcome, TrainingRequest, TrainingRun } from './training';

/**
 * The real training: @nn/train's worker runner. `makeTrainConfig` validates the request and throws a
 * `ConfigError` naming the field, which the controller reports as the matching `nn.*` setting.
 */
export function startTraining(
  request: TrainingRequest,
  workerPath: string,
  /** How often batches and weight snapshots are reported (ms); the defaults are fit()'s 250 and 2000. */
  intervals: { batchEventInterval?: number; snapshotInterval?: number } = {},
): TrainingRun {
  return adapt(startTrainingWorker(makeTrainConfig(request), { workerPath, ...intervals }));
}

/** Continues the run in `runDir` from its resume checkpoint, in the same folder (same name, same metrics file). */
export function resumeTraining(runDir: string, workerPath: string): TrainingRun {
  return adapt(resumeTrainingWorker(runDir, { workerPath }));
}

function adapt(handle: TrainingHandle): TrainingRun {
  const done: Promise<TrainingOutcome> = handle.done.then((result) => ({
    runDir: result.runDir,
    epochs: result.epochs,
    testAccuracy: result.testAccuracy,
    stopped: result.stopped,
  }));
  return {
    onEvent: (listener) => handle.events(listener),
    stop: () => handle.stop(),
    interrupt: () => handle.interrupt(),
    done,
  };
}

/**
 * A run that ended early (stopped, or cut off by a closed or reloaded window: no summary) and has a resume
 * checkpoint with epochs still to go.
 */
export function isResumable(run: RunRecord): boolean {
  const ended = run.summary === undefined || run.summary.stopped;
  return ended && run.completedEpochs < run.config.epochs && existsSync(join(run.path, RUN_FILES.resumeState));
}

/** How long a run's metrics must stay unchanged for it to count as no longer running: its batches come every 250 ms. */
const QUIET_MS = 2_000;

/** True when the run's metrics.jsonl grows within `QUIET_MS`: a worker (of another window) still trains it. */
export async function isBeingWritten(run: RunRecord, quietMs = QUIET_MS): Promise<boolean> {
  const metrics = join(run.path, RUN_FILES.metrics);
  const size = async () => (await stat(metrics).catch(() => undefined))?.size ?? 0;
  const before = await size();
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  return (await size()) !== before;
}

/** The run folder named `runId` inside `runsDir`: looked up among the runs there, so an id is never a path. */
export function findRun(runsDir: string, runId: string): RunRecord | undefined {
  // Only that run's folder is read (a page's click asks for one run; reading them all would hold up the host).
  try {
    return resolveRunId(runsDir, runId);
  } catch {
    return undefined;
  }
}

/** The newest run in `runsDir`, or undefined when there is none: folders are read newest first until one is a run. */
export function newestRun(runsDir: string): RunRecord | undefined {
  if (!existsSync(runsDir)) return undefined;
  for (const name of readdirSync(runsDir).sort().reverse()) {
    if (!existsSync(join(runsDir, name, RUN_FILES.config))) continue;
    try {
      return readRun(join(runsDir, name));
    } catch {
      // Being created right now, or damaged by hand: the next one is the newest that can be shown.
    }
  }
  return undefined;
}

/** A run read back from its folder as one dashboard update: its curves and its last checkpoint's weights. */
export async function loadRun(run: RunRecord): Promise<UpdateMessage> {
  const feed = new RunFeed(() => true);
  for (const event of run.events) feed.apply(event);
  const weights = await loadFinalWeights(run.path, run.completedEpochs);
  if (weights) feed.showWeights(weights);
  // A page opened on a finished run gets its network with the curves, once: nothing streams after it.
  feed.wantPadModel();
  const resumable = isResumable(run);
  // A run without a summary was cut off (a closed window) before it could finish: it stopped.
  feed.setStatus(run.summary && !run.summary.stopped ? 'finished' : 'stopped', {
    resumable,
    finalTestAccuracy: run.summary?.testAccuracy,
  });
  return feed.replay();
}

/** The newest run in `runsDir` as one dashboard update (a dashboard opened after the run, or after a reload). */
export async function loadLastRun(runsDir: string): Promise<UpdateMessage | undefined> {
  const latest = newestRun(runsDir);
  return latest ? loadRun(latest) : undefined;
}

/**
 * The weights in a checkpoint file (or a run folder's model.safetensors), read without blocking the
 * extension host: the file is read asynchronously and only its weight tensors are taken out (no Network
 * is rebuilt), so a dashboard can end on a run's final weights even when no snapshot came near its end.
 */
export async function loadFinalWeights(path: string, epoch: number): Promise<CheckpointWeights | undefined> {
  let bytes: Uint8Array;
  try {
    const file = (await stat(path)).isDirectory() ? join(path, RUN_FILES.model) : path;
    bytes = await readFile(file);
  } catch {
    // No epoch completed yet: there are simply no final weights to show.
    return undefined;
  }
  let tensors: ReturnType<typeof decodeSafetensors>['tensors'];
  try {
    tensors = decodeSafetensors(bytes).tensors;
  } catch {
    // A corrupt model file: the run's curves are still worth showing, without weights.
    return undefined;
  }
  const layers: LayerWeights[] = [];
  // Tensors are named as PyTorch's nn.Linear: layers.<l>.weight, shape [out, in].
  for (let l = 0; ; l++) {
    const tensor = tensors.get(`layers.${l}.weight`);
    if (!tensor) break;
    const [rows = 0, cols = 0] = tensor.shape;
    const bias = tensors.get(`layers.${l}.bias`)?.data;
    layers.push({ rows, cols, weights: tensor.data, ...(bias ? { bias } : {}) });
  }
  return layers.length > 0 ? { epoch, layers } : undefined;
}
