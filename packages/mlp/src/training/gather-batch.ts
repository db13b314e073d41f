import type { Matrix } from '@nn/linalg';
import type { AugmentFn, DataRows } from './dataset';
import { gatherTargets } from './targets';

/**
 * Where batches come from: the samples, the factor that scales their inputs, the epoch's order and the
 * augmentation. One object the gather functions read, so the scale never crosses a call as a number argument
 * (V8 boxes a double passed to a call it does not inline: garbage on every step).
 */
export interface BatchSource {
  readonly data: DataRows;
  readonly scale: number;
  readonly order: Int32Array;
  readonly augment?: AugmentFn | undefined;
}

/**
 * Copies samples `order[start … start + B)` into x (inputSize×B, column per sample) and their targets into y
 * (outputSize×B; see `gatherTargets`), and class labels into `labels`.
 * `scratch` (inputSize long) is used only with `augment`.
 */
export function gatherBatch(
  source: BatchSource,
  start: number,
  x: Matrix,
  y: Matrix,
  labels: Int32Array,
  scratch: Float32Array,
  epoch: number,
): void {
  const inputSize = x.rows;
  const batchSize = x.cols;
  const { data, scale, order, augment } = source;
  const { inputs } = data;
  const xs = x.data;
  for (let j = 0; j < batchSize; j++) {
    const sample = order[start + j]!;
    const row = sample * inputSize;
    if (augment) {
      for (let i = 0; i < inputSize; i++) scratch[i] = inputs[row + i]! * scale;
      augment(sample, scratch, epoch);
      for (let i = 0; i < inputSize; i++) xs[i * batchSize + j] = scratch[i]!;
    } else {
      for (let i = 0; i < inputSize; i++) xs[i * batchSize + j] = inputs[row + i]! * scale;
    }
  }
  gatherTargets(data, order, start, y, labels);
}
