import type { Matrix } from '@nn/linalg';
import { predictedClass } from '../model/predicted-class';

/**
 * Classification data as plain arrays (how @nn/mnist hands MNIST over): `inputs` holds N samples of
 * `inputSize` values, one row per sample; `labels` the class of each (0/1 for a single-output network).
 * Uint8 inputs are scaled by `inputScale`, default 1/255; Float32 inputs by `inputScale`, default 1.
 */
export interface ClassDataset {
  inputs: Float32Array | Uint8Array;
  labels: ArrayLike<number>;
  /** Absent: a data set has either labels (classes) or targets (regression). */
  targets?: undefined;
  inputScale?: number;
}

/**
 * Regression data: `inputs` as in a class data set, and `targets` holding N × outputSize real values, one row
 * per sample (the same row layout as `inputs`): what the network's outputs should be. Train it with loss
 * 'mse' and an 'identity' output (or 'sigmoid' for targets in 0…1).
 */
export interface RegressionDataset {
  inputs: Float32Array | Uint8Array;
  targets: Float32Array;
  /** Absent: a data set has either labels (classes) or targets (regression). */
  labels?: undefined;
  inputScale?: number;
}

/** What `fit` and `evaluate` take: classes (`labels`) or real-valued targets (`targets`); TypeScript tells them apart. */
export type Dataset = ClassDataset | RegressionDataset;

/**
 * The shape the step paths read: either form, told apart at run time by `targets` (checked once by
 * `sampleCount` before any path sees it). Looser than `Dataset` so a path can be handed shared-memory copies.
 */
export interface DataRows {
  inputs: Float32Array | Uint8Array;
  labels?: ArrayLike<number> | undefined;
  targets?: Float32Array | undefined;
  inputScale?: number | undefined;
}

/** True for a regression data set (real-valued targets), false for classes. */
export function isRegression(data: DataRows): data is RegressionDataset {
  return data.targets !== undefined;
}

/**
 * A hook that may change one sample before it enters the batch (augmentation). `pixels` is the scaled
 * sample, `inputSize` long; `sampleIndex` its row in the data set; `epoch` the 1-based epoch, so a seeded
 * augmentation can be reproduced on resume.
 */
export type AugmentFn = (sampleIndex: number, pixels: Float32Array, epoch: number) => void;

export function inputScaleOf(data: DataRows): number {
  return data.inputScale ?? (data.inputs instanceof Uint8Array ? 1 / 255 : 1);
}

/** How many columns of `a` (outputs×B) predict `labels` right. */
export function countCorrect(a: Matrix, labels: Int32Array): number {
  const { rows, cols, data } = a;
  let correct = 0;
  for (let j = 0; j < cols; j++) if (predictedClass(data, rows, cols, j) === labels[j]) correct++;
  return correct;
}

/** Σ |a − y| over every output of every column: a regression batch's absolute error (its mean, divided by a's size). */
export function sumAbsoluteError(a: Matrix, y: Matrix): number {
  const n = a.rows * a.cols;
  const out = a.data;
  const target = y.data;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(out[i]! - target[i]!);
  return sum;
}

/** 0, 1, …, n − 1. */
export function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
