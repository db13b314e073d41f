import { ConfigError } from '../errors';
import { forward } from '../model/forward';
import type { Network } from '../model/network';
import { predictedClass } from '../model/predicted-class';
import { type Dataset, gatherBatch, identityOrder, inputScaleOf, sampleCount } from './dataset';

/** What `evaluate` measures on a data set. */
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
}

/** Loss, accuracy, confusion matrix and per-class precision/recall of `network` on `data` (no dropout). */
export function evaluate(network: Network, data: Dataset, options: { batchSize?: number } = {}): Evaluation {
  const { inputSize, outputSize } = network;
  const count = sampleCount(data, inputSize, outputSize, 'evaluate');
  if (count === 0) throw new ConfigError('evaluate: the data set has no samples');
  const classes = Math.max(outputSize, 2);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, count));
  const order = identityOrder(count);
  const scale = inputScaleOf(data);
  const scratch = new Float32Array(inputSize);
  const last = network.layers.length - 1;
  const outputActivation = network.layers[last]!.activation;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const buffers = network.buffersFor(Math.min(batchSize, count - start));
    gatherBatch(data, scale, order, start, buffers.x, buffers.y, buffers.labels, undefined, scratch, 0);
    forward(network, buffers.x, buffers, undefined);
    const a = buffers.a[last]!;
    lossSum += network.loss.value(a.data, buffers.y.data, a.rows, a.cols, outputActivation) * a.cols;
    for (let j = 0; j < a.cols; j++) {
      const actual = buffers.labels[j]!;
      const predicted = predictedClass(a.data, a.rows, a.cols, j);
      confusion[actual]![predicted]!++;
      if (actual === predicted) correct++;
    }
  }
  const precision = confusion.map((_, c) => confusion[c]![c]! / confusion.reduce((s, row) => s + row[c]!, 0));
  const recall = confusion.map((row, c) => row[c]! / row.reduce((s, v) => s + v, 0));
  return {
    loss: lossSum / count,
    accuracy: correct / count,
    confusion,
    precision,
    recall,
  };
}
