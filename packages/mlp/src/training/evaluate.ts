import type { Matrix } from '@nn/linalg';
import { ConfigError } from '../errors';
import type { BatchBuffers } from '../model/batch-buffers';
import type { Network } from '../model/network';
import { classProbability, predictedClass } from '../model/predicted-class';
import { type ClassDataset, type Dataset, isRegression, type RegressionDataset, sumAbsoluteError } from './dataset';
import { InferenceBatches } from './inference-batches';
import { sampleCount } from './targets';
import { TOP_SAMPLES_PER_UNIT, type UnitStatistics, UnitStatisticsAccumulator } from './unit-statistics';

/** What `evaluate` measures on a class data set. */
export interface Evaluation {
  /** Mean loss per sample. */
  loss: number;
  /** Fraction of samples classified right, 0–1. */
  accuracy: number;
  /** confusion[actual][predicted] = number of samples. */
  confusion: number[][];
  /** Per class: right among those predicted as the class (NaN when never predicted). */
  precision: number[];
  /** Per class: right among those that are the class (NaN when absent). */
  recall: number[];
  /** Each sample's predicted class, in the data set's order. */
  predicted: Int32Array;
  /** How sure the network was of each sample's predicted class, as a probability (see `classProbability`). */
  confidence: Float32Array;
  /**
   * What the first hidden layer's units did on these samples (how often each fired, its weight norm, the samples
   * that excite it most); absent when the network has no hidden layer or `unitTop` is 0.
   */
  units?: UnitStatistics;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Samples per forward pass (default 1000, fewer when a layer is wider than 131 units: see `evaluationBatchSize`). */
  batchSize?: number;
  /** On class data: samples kept per first-layer unit in `units.top` (default 12); 0 leaves `units` out. */
  unitTop?: number;
}

/** What `evaluate` measures on a regression data set. */
export interface RegressionEvaluation {
  /** Mean loss per sample (the network's loss: for 'mse', the squared error summed over a sample's outputs). */
  loss: number;
  /** Mean of (output − target)² over every sample and output. */
  meanSquaredError: number;
  /** Mean of |output − target| over every sample and output. */
  meanAbsoluteError: number;
}

/**
 * How `network` does on `data` (no dropout): on class data the loss, accuracy, confusion matrix and per-class
 * precision/recall; on regression data the loss, mean squared error and mean absolute error.
 */
export function evaluate(network: Network, data: ClassDataset, options?: EvaluateOptions): Evaluation;
export function evaluate(network: Network, data: RegressionDataset, options?: EvaluateOptions): RegressionEvaluation;
export function evaluate(network: Network, data: Dataset, options?: EvaluateOptions): Evaluation | RegressionEvaluation;
export function evaluate(
  network: Network,
  data: Dataset,
  options: EvaluateOptions = {},
): Evaluation | RegressionEvaluation {
  return evaluateWith(network, data, options, undefined);
}

/**
 * `evaluate` at a fit's epoch end, right after the path synced the network: the Wᵀ the path trains, if any,
 * stand in for the copies an evaluation would otherwise transpose (3–4 MB for a 1024-unit layer).
 */
export function evaluateAfterSync(
  network: Network,
  data: ClassDataset,
  transposed: readonly Matrix[] | undefined,
): Evaluation;
export function evaluateAfterSync(
  network: Network,
  data: RegressionDataset,
  transposed: readonly Matrix[] | undefined,
): RegressionEvaluation;
export function evaluateAfterSync(
  network: Network,
  data: Dataset,
  transposedLayers: readonly Matrix[] | undefined,
): Evaluation | RegressionEvaluation {
  return evaluateWith(network, data, {}, transposedLayers);
}

/** How an evaluation walks its data: samples, samples per forward pass, and the caller's Wᵀ if any. */
interface Walk {
  count: number;
  batchSize: number;
  transposedLayers: readonly Matrix[] | undefined;
}

function evaluateWith(
  network: Network,
  data: Dataset,
  options: EvaluateOptions,
  transposedLayers: readonly Matrix[] | undefined,
): Evaluation | RegressionEvaluation {
  const count = sampleCount(data, network, 'evaluate');
  if (count === 0) throw new ConfigError('evaluate: the data set has no samples');
  const batchSize = Math.max(1, Math.min(options.batchSize ?? evaluationBatchSize(network), count));
  const walk = { count, batchSize, transposedLayers };
  return isRegression(data)
    ? evaluateRegression(network, data, walk)
    : evaluateClasses(network, data, walk, options.unitTop ?? TOP_SAMPLES_PER_UNIT);
}

/**
 * Up to 1000 samples per forward pass, fewer for wide layers so that each activation matrix stays within 256 KiB
 * (2¹⁶ floats): a 1024-unit layer gets 64, a data-parallel thread's share of a training batch. The network keeps
 * these buffers (and the sparse layers' lines) between evaluations, beside the training's: at an epoch's end they
 * are part of the accuracy recipe's peak memory, and batches of 128 saved only 7% of its evaluation's time.
 */
export function evaluationBatchSize(network: Network): number {
  const widest = Math.max(...network.layers.map((layer) => layer.weights.rows));
  return Math.max(64, Math.min(1000, Math.floor(2 ** 16 / widest)));
}

function evaluateClasses(network: Network, data: ClassDataset, walk: Walk, unitTop: number): Evaluation {
  const { count } = walk;
  const classes = Math.max(network.outputSize, 2);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predictions = new Int32Array(count);
  const confidence = new Float32Array(count);
  const softmax = network.layers[network.layers.length - 1]!.activation.name === 'softmax';
  let correct = 0;
  let sample = 0;
  const hidden = network.layers.length > 1 && unitTop > 0 ? network.layers[0]! : undefined;
  const units = hidden ? new UnitStatisticsAccumulator(hidden.weights.rows, unitTop) : undefined;
  const lossSum = forEachBatch(network, data, walk, (a, buffers) => {
    units?.add(buffers.z[0]!, buffers.a[0]!, sample);
    for (let j = 0; j < a.cols; j++, sample++) {
      const actual = buffers.labels[j]!;
      const predicted = predictedClass(a.data, a.rows, a.cols, j);
      predictions[sample] = predicted;
      confidence[sample] = classProbability(a.data, a.rows, a.cols, j, predicted, softmax);
      confusion[actual]![predicted]!++;
      if (actual === predicted) correct++;
    }
  });
  const precision = confusion.map((_, c) => confusion[c]![c]! / confusion.reduce((s, row) => s + row[c]!, 0));
  const recall = confusion.map((row, c) => row[c]! / row.reduce((s, v) => s + v, 0));
  return {
    loss: lossSum / count,
    accuracy: correct / count,
    confusion,
    precision,
    recall,
    predicted: predictions,
    confidence,
    ...(units && hidden ? { units: units.result(hidden.weights) } : {}),
  };
}

function evaluateRegression(network: Network, data: RegressionDataset, walk: Walk): RegressionEvaluation {
  const { count } = walk;
  let squared = 0;
  let absolute = 0;
  const lossSum = forEachBatch(network, data, walk, (a, buffers) => {
    absolute += sumAbsoluteError(a, buffers.y);
    const n = a.rows * a.cols;
    for (let i = 0; i < n; i++) squared += (a.data[i]! - buffers.y.data[i]!) ** 2;
  });
  const values = count * network.outputSize;
  return { loss: lossSum / count, meanSquaredError: squared / values, meanAbsoluteError: absolute / values };
}

/**
 * Runs the network forward on `data` in batches of up to `walk.batchSize`, in order, handing each batch's outputs
 * (outputs×B) and buffers (targets in y, labels) to `visit`; returns the loss summed over the samples.
 */
function forEachBatch(
  network: Network,
  data: Dataset,
  walk: Walk,
  visit: (outputs: Matrix, buffers: BatchBuffers) => void,
): number {
  const { count, batchSize } = walk;
  const batches = new InferenceBatches(network, data, count, walk.transposedLayers);
  const last = network.layers.length - 1;
  const outputActivation = network.layers[last]!.activation;
  let lossSum = 0;
  for (let start = 0; start < count; start += batchSize) {
    const buffers = batches.forward(start, Math.min(batchSize, count - start));
    const a = buffers.a[last]!;
    lossSum += network.loss.value(a.data, buffers.y.data, a.rows, a.cols, outputActivation) * a.cols;
    visit(a, buffers);
  }
  return lossSum;
}
