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

/** Bytes between the reads of `touchSamples`: a memory page. */
const PAGE_BYTES = 4096;
/** Where `touchSamples` leaves what it read, so that the reads are not optimised away. */
let touched = 0;

/**
 * Reads one input from each memory page that samples order[start … start + count) span (`inputSize` inputs
 * each; the order's end cuts the range short), so that gathering them a step later finds their pages mapped and their first lines in cache.
 * A batch's samples lie anywhere in the data set (47 MB for MNIST), and gathering them waited more on those page
 * walks than it computed (docs/benchmarks.md, "Gathering a batch a step ahead").
 */
export function touchSamples(source: BatchSource, inputSize: number, start: number, count: number): void {
  const { order } = source;
  const { inputs } = source.data;
  const stride = Math.max(1, PAGE_BYTES / inputs.BYTES_PER_ELEMENT);
  const end = Math.min(start + count, order.length);
  let read = touched;
  for (let j = start; j < end; j++) {
    const row = order[j]! * inputSize;
    for (let i = row; i < row + inputSize; i += stride) read |= inputs[i]!;
    read |= inputs[row + inputSize - 1]!;
  }
  touched = read;
}
