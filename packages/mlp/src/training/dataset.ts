import type { Matrix } from '@nn/linalg';
import { ConfigError } from '../errors';
import { predictedClass } from '../model/predicted-class';

/**
 * Training or test data as plain arrays (how @nn/mnist hands MNIST over): `inputs` holds N samples of
 * `inputSize` values, one row per sample; `labels` the class of each (0/1 for a single-output network).
 * Uint8 inputs are scaled by `inputScale`, default 1/255; Float32 inputs by `inputScale`, default 1.
 */
export interface Dataset {
  inputs: Float32Array | Uint8Array;
  labels: ArrayLike<number>;
  inputScale?: number;
}

/**
 * A hook that may change one sample before it enters the batch (augmentation). `pixels` is the scaled
 * sample, `inputSize` long; `sampleIndex` its row in the data set; `epoch` the 1-based epoch, so a seeded
 * augmentation can be reproduced on resume.
 */
export type AugmentFn = (sampleIndex: number, pixels: Float32Array, epoch: number) => void;

export function sampleCount(data: Dataset, inputSize: number, outputSize: number, name: string): number {
  const count = data.labels.length;
  if (data.inputs.length !== count * inputSize) {
    throw new ConfigError(
      `${name}: ${count} labels need ${count} × ${inputSize} = ${count * inputSize} input values, got ${data.inputs.length}`,
    );
  }
  const classes = Math.max(outputSize, 2);
  for (let i = 0; i < count; i++) {
    const label = data.labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ConfigError(`${name}: label ${label} of sample ${i} is not a class in 0…${classes - 1}`);
    }
  }
  return count;
}

export function inputScaleOf(data: Dataset): number {
  return data.inputScale ?? (data.inputs instanceof Uint8Array ? 1 / 255 : 1);
}

/**
 * Copies samples `order[start … start + B)` into x (inputSize×B, column per sample) and their one-hot targets
 * into y (outputSize×B; a single output holds the label itself), and the labels into `labels`.
 * `scratch` (inputSize long) is used only with `augment`.
 */
export function gatherBatch(
  data: Dataset,
  scale: number,
  order: Int32Array,
  start: number,
  x: Matrix,
  y: Matrix,
  labels: Int32Array,
  augment: AugmentFn | undefined,
  scratch: Float32Array,
  epoch: number,
): void {
  const inputSize = x.rows;
  const batchSize = x.cols;
  const { inputs } = data;
  const xs = x.data;
  y.data.fill(0);
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
    const label = data.labels[sample]!;
    labels[j] = label;
    if (y.rows === 1) y.data[j] = label;
    else y.data[label * batchSize + j] = 1;
  }
}

/** How many columns of `a` (outputs×B) predict `labels` right. */
export function countCorrect(a: Matrix, labels: Int32Array): number {
  const { rows, cols, data } = a;
  let correct = 0;
  for (let j = 0; j < cols; j++) if (predictedClass(data, rows, cols, j) === labels[j]) correct++;
  return correct;
}

/** 0, 1, …, n − 1. */
export function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
