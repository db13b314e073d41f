import type { Matrix } from '@nn/linalg';
import type { BatchBuffers } from '../model/batch-buffers';
import type { Network } from '../model/network';
import { countCorrect, sumAbsoluteError } from '../training/dataset';
import type { Optimizer, OptimizerState, ParameterRange } from '../training/optimizers/optimizer';

/** The figures of one step (one object reused by every step); `finite` is false when the loss or a gradient is NaN/∞. */
export interface StepResult {
  loss: number;
  /** Samples classified right (class data; 0 for regression). */
  correct: number;
  finite: boolean;
  /**
   * Regression data only: Σ |a − y| over the batch's samples and outputs. Written only then, so a class run's
   * result object keeps the shape it was created with.
   */
  absoluteError?: number;
}

/** The step paths, by the name `fit` reports (see training/choose-path.ts for the rule that picks one). */
export type StepPathName = 'dense' | 'sparse-input' | 'wasm-step' | 'per-sample-sgd' | 'data-parallel';

/** Which step path a fit runs, and why: `FitResult.path` and the `start` event report it. */
export type PathChoice = { reason: string } & (
  | { name: Exclude<StepPathName, 'data-parallel'>; threads: 1 }
  /** `shards`: the path each thread runs on its share of a batch. */
  | { name: 'data-parallel'; shards: BatchPath['name']; threads: number }
);

/**
 * One way of running fit()'s training steps, chosen once per fit. A path may keep weights in a layout of its
 * own (W1ᵀ for the sparse first layer): while fit() runs, the network's weights belong to the path, and
 * `syncWeights` brings `network.layers` up to date (fit calls it before every snapshot, epoch end, checkpoint
 * and return). A step never leaves the network half-updated: when it reports `finite: false`, nothing changed.
 */
export interface StepPath {
  readonly name: StepPathName;
  /** The optimiser the path updates with; the epoch loop sets its `learningRate` before each step. */
  readonly optimizer: Optimizer;
  /** Gathers samples order[start … start + size) and trains on them; a promise only when the step must wait. */
  step(start: number, size: number, epoch: number, result: StepResult): StepResult | Promise<StepResult>;
  /** Copies the path's current weights into the network's own layout. */
  syncWeights(): void;
  /**
   * Wᵀ [in, out] of the bottom layers the path trains transposed (layer l's weights are parameter 2l), from the
   * first layer up; empty or absent when it trains the network's layout. Equal to the network's W after
   * `syncWeights`: the epoch's test evaluation reads them there instead of transposing copies of its own.
   */
  readonly transposedLayers?: readonly Matrix[] | undefined;
  /** The optimiser's state in the network's layout (what a checkpoint saves). */
  exportState(): OptimizerState;
  /** Releases threads or memory the path holds (safe to call more than once). */
  close(): void;
}

/**
 * A path whose step is gather, gradients, update, each callable alone: what a data-parallel thread runs on its
 * shard, summing the threads' gradients between the second and the third.
 */
export interface BatchPath extends StepPath {
  readonly name: 'dense' | 'sparse-input' | 'wasm-step';
  /** The gradient arrays in parameter order, in the path's layout (the update reads them). */
  readonly gradientList: Float32Array[];
  /** The parameter arrays the path trains, in the order and layout of `gradientList`. */
  readonly parameterList: Float32Array[];
  readonly transposedLayers: readonly Matrix[];
  gather(start: number, size: number, epoch: number): void;
  /** Reads samples order[start … start + size) ahead of their gather a step later (see `touchSamples`). */
  warm(start: number, size: number): void;
  /** Forward, loss and backward on the batch of `size` last gathered; gradients only when the loss is finite. */
  computeGradients(size: number, epoch: number, result: StepResult): StepResult;
  /** Weight decay and the optimiser's step from `gradientList` (the caller has checked it is finite). */
  applyGradients(): void;
  /**
   * From now on, `applyGradients` updates only the parameters in `range` (a data-parallel thread's share; the
   * threads then copy each other's updated shares).
   */
  updateOnly(range: ParameterRange): void;
}

/**
 * The loss and correct count (classes) or absolute error (`regression`) of the batch in `buffers` after a forward
 * pass; `finite` says whether the loss is.
 */
export function scoreBatch(
  network: Network,
  buffers: BatchBuffers,
  result: StepResult,
  regression: boolean,
): StepResult {
  const last = network.layers.length - 1;
  const outputs = buffers.a[last]!;
  const { y } = buffers;
  result.loss = network.loss.value(outputs.data, y.data, y.rows, y.cols, network.layers[last]!.activation);
  if (regression) {
    result.correct = 0;
    result.absoluteError = sumAbsoluteError(outputs, y);
  } else {
    result.correct = countCorrect(outputs, buffers.labels);
  }
  result.finite = Number.isFinite(result.loss);
  return result;
}
