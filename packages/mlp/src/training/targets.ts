import type { Matrix } from '@nn/linalg';
import { ConfigError } from '../errors';
import type { Network } from '../model/network';
import type { DataRows } from './dataset';

/**
 * What a data set trains the network toward, checked against the network and gathered into a batch's y:
 * class labels (one-hot, or the label itself for a single output) or rows of real-valued targets.
 */

/** Checks `data` against `network` and returns its sample count; a `ConfigError` names what is wrong and where. */
export function sampleCount(data: DataRows, network: Network, name: string): number {
  const { labels, targets } = data;
  if (labels !== undefined && targets !== undefined) {
    throw new ConfigError(`${name}: give labels (classes) or targets (regression), not both`);
  }
  if (targets !== undefined) return targetRowCount(data, targets, network, name);
  if (labels === undefined) throw new ConfigError(`${name}: needs labels (classes) or targets (regression)`);
  const count = labels.length;
  checkInputLength(data, count, network.inputSize, `${count} labels`, name);
  const classes = Math.max(network.outputSize, 2);
  for (let i = 0; i < count; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ConfigError(`${name}: label ${label} of sample ${i} is not a class in 0…${classes - 1}`);
    }
  }
  return count;
}

function targetRowCount(data: DataRows, targets: Float32Array, network: Network, name: string): number {
  const { outputSize, loss } = network;
  const output = network.layers[network.layers.length - 1]!.activation.name;
  // Cross-entropy reads its targets as probabilities of classes, and softmax forces the outputs to sum to 1.
  if (loss.name === 'crossEntropy' || output === 'softmax') {
    throw new ConfigError(
      `${name}: cross-entropy needs classes: for regression targets use loss: 'mse' with outputActivation: 'identity' ` +
        `(this network has loss '${loss.name}' and a ${output} output)`,
    );
  }
  if (targets.length % outputSize !== 0) {
    throw new ConfigError(
      `${name}: ${targets.length} targets are not rows of ${outputSize} (the network's outputs): ` +
        `${Math.floor(targets.length / outputSize)} rows and ${targets.length % outputSize} values left over`,
    );
  }
  const count = targets.length / outputSize;
  checkInputLength(data, count, network.inputSize, `${count} target rows`, name);
  for (let i = 0; i < targets.length; i++) {
    if (!Number.isFinite(targets[i]!)) {
      const sample = Math.floor(i / outputSize);
      throw new ConfigError(
        `${name}: target ${targets[i]} of sample ${sample}, output ${i % outputSize} is not finite`,
      );
    }
  }
  return count;
}

function checkInputLength(data: DataRows, count: number, inputSize: number, what: string, name: string): void {
  if (data.inputs.length !== count * inputSize) {
    throw new ConfigError(
      `${name}: ${what} need ${count} × ${inputSize} = ${count * inputSize} input values, got ${data.inputs.length}`,
    );
  }
}

/**
 * Writes the targets of samples `order[start … start + B)` into y (outputSize×B, column per sample): one-hot
 * classes (a single output holds the label itself) with the labels in `labels`, or the samples' target rows.
 * One branch per batch, none per sample.
 */
export function gatherTargets(data: DataRows, order: Int32Array, start: number, y: Matrix, labels: Int32Array): void {
  if (data.targets !== undefined) gatherTargetRows(data.targets, order, start, y, labels);
  else gatherClasses(data.labels!, order, start, y, labels);
}

function gatherClasses(classes: ArrayLike<number>, order: Int32Array, start: number, y: Matrix, labels: Int32Array) {
  const batchSize = y.cols;
  const ys = y.data;
  ys.fill(0);
  for (let j = 0; j < batchSize; j++) {
    const label = classes[order[start + j]!]!;
    labels[j] = label;
    if (y.rows === 1) ys[j] = label;
    else ys[label * batchSize + j] = 1;
  }
}

// targets: [N, outputs] (row per sample)   y: [outputs, B] (column per sample)
function gatherTargetRows(targets: Float32Array, order: Int32Array, start: number, y: Matrix, labels: Int32Array) {
  const outputs = y.rows;
  const batchSize = y.cols;
  const ys = y.data;
  for (let j = 0; j < batchSize; j++) {
    const row = order[start + j]! * outputs;
    for (let o = 0; o < outputs; o++) ys[o * batchSize + j] = targets[row + o]!;
  }
  // No sample has a class: −1 matches no predicted class, should anything count them.
  labels.fill(-1, 0, batchSize);
}
