import { kernels, type SeededRandom } from '@nn/linalg';
import { backward, type Gradients } from './backward';
import type { BatchBuffers } from './batch-buffers';
import { countCorrect } from './dataset';
import { forward } from './forward';
import { kernelMatrix } from './kernel-matrix';
import type { Network } from './network';
import type { Optimizer } from './optimizers/optimizer';

/** The result of one step on a gathered batch (one object reused by every step); `finite` is false when the loss or a gradient is NaN/∞. */
export interface StepResult {
  loss: number;
  correct: number;
  finite: boolean;
}

export function createGradients(network: Network): Gradients {
  return {
    dw: network.layers.map((layer) => kernelMatrix(layer.weights.rows, layer.weights.cols)),
    db: network.layers.map((layer) => kernelMatrix(layer.bias.rows, 1 as const)),
  };
}

/** Gradients in the order of `network.parameters()` (dw then db, layer by layer). */
export function gradientArrays(gradients: Gradients): Float32Array[] {
  return gradients.dw.flatMap((dw, l) => [dw.data, gradients.db[l]!.data]);
}

/**
 * Forward, loss, backward on the batch already in `buffers`; then, only when everything is finite,
 * L2 decay (dw += λ·W, biases excluded) and the optimiser's update at its `learningRate`. Allocates nothing.
 */
export function trainingStep(
  network: Network,
  buffers: BatchBuffers,
  gradients: Gradients,
  gradientList: Float32Array[],
  parameters: Float32Array[],
  optimizer: Optimizer,
  weightDecay: number,
  dropoutRng: SeededRandom | undefined,
  result: StepResult,
): StepResult {
  computeGradients(network, buffers, gradients, dropoutRng, result);
  if (!result.finite || !allFinite(gradientList)) {
    result.finite = false;
    return result;
  }
  applyGradients(gradientList, parameters, optimizer, weightDecay, network.layers.length);
  return result;
}

/**
 * Forward, loss and (when the loss is finite) backward into `gradients`; `result.finite` says whether the
 * loss was finite. The gradients themselves are not checked here.
 */
export function computeGradients(
  network: Network,
  buffers: BatchBuffers,
  gradients: Gradients,
  dropoutRng: SeededRandom | undefined,
  result: StepResult,
): StepResult {
  forward(network, buffers.x, buffers, dropoutRng);
  const last = network.layers.length - 1;
  const a = buffers.a[last]!;
  const loss = network.loss.value(a.data, buffers.y.data, a.rows, a.cols, network.layers[last]!.activation);
  result.loss = loss;
  result.correct = countCorrect(a, buffers.labels);
  result.finite = Number.isFinite(loss);
  if (result.finite) backward(network, buffers.x, buffers, gradients, dropoutRng !== undefined);
  return result;
}

/** L2 decay (dw += λ·W over the `layers` weight arrays, biases excluded), then the optimiser's update. */
export function applyGradients(
  gradientList: Float32Array[],
  parameters: Float32Array[],
  optimizer: Optimizer,
  weightDecay: number,
  layers: number,
): void {
  if (weightDecay > 0) {
    // Through the optimiser's arrays, so a layer trained in another layout (sparse-input-layer.ts) decays alike.
    for (let l = 0; l < layers; l++) addScaled(gradientList[2 * l]!, parameters[2 * l]!, weightDecay);
  }
  optimizer.step(parameters, gradientList);
}

/** dw += λ·w */
function addScaled(dw: Float32Array, w: Float32Array, lambda: number): void {
  for (let i = 0; i < dw.length; i++) dw[i]! += lambda * w[i]!;
}

function allFinite(arrays: Float32Array[]): boolean {
  let check = 0;
  for (const values of arrays) check += kernels().finiteCheck(values.length, values);
  return Number.isFinite(check);
}
