import type { Matrix } from '@nn/linalg';
import type { BatchBuffers } from './batch-buffers';
import { activationBackward, denseBackward, type LayeredNetwork } from './dense-layer';
import { kernelMatrix } from './kernel-matrix';

/** ∂L/∂W and ∂L/∂b per layer, in the layers' shapes; allocated once per network (not per batch size). */
export interface Gradients {
  readonly dw: Matrix[];
  readonly db: Matrix<number, 1>[];
}

/** Gradient buffers shaped like the network's layers, to pass to `backward` for every batch. */
export function createGradients(network: LayeredNetwork): Gradients {
  return {
    dw: network.layers.map((layer) => kernelMatrix(layer.weights.rows, layer.weights.cols)),
    db: network.layers.map((layer) => kernelMatrix(layer.bias.rows, 1 as const)),
  };
}

/** The gradient arrays in the order of `network.parameters()` (dW then db, layer by layer), for `optimizer.step`. */
export function gradientArrays(gradients: Gradients): Float32Array[] {
  return gradients.dw.flatMap((dw, l) => [dw.data, gradients.db[l]!.data]);
}

/**
 * The backward pass over the buffers `forward` filled, in the seed's names (3 layers: l = 3, 2, 1):
 *   dz3 = ∂loss/∂z3                     (the seed's squared error: dz3 = f3'(z3) ⊙ 2·(a3 − y))
 *   dw3 = dz3·a2ᵀ;  db3 = Σ dz3;  da2 = W3ᵀ·dz3
 *   dz2 = f2'(z2) ⊙ da2                 (⊙ the dropout mask first, when training with dropout)
 *   … down to dw1 = dz1·xᵀ. The loss is a mean over the batch, so the sums over its columns are means too.
 * `lowestLayer` > 0 stops once dz of that layer's input is known, for a path that does the layers below itself.
 */
export function backward(
  network: LayeredNetwork,
  x: Matrix,
  y: Matrix,
  buffers: BatchBuffers,
  gradients: Gradients = createGradients(network),
  training = false,
  lowestLayer = 0,
): Gradients {
  const { layers, loss } = network;
  const { z, a, dz, da } = buffers;
  const last = layers.length - 1;
  const output = layers[last]!.activation;
  // dz = ∂loss/∂z of the output layer (da is its scratch space)
  loss.outputDelta(z[last]!.data, a[last]!.data, y.data, da[last]!.data, dz[last]!.data, y.rows, y.cols, output);
  for (let l = last; l >= lowestLayer; l--) {
    const aIn = l === 0 ? x : buffers.layerOutput(l - 1, training);
    const daIn = l === 0 ? undefined : da[l - 1]!; // the input x needs no gradient
    denseBackward(layers[l]!, aIn, dz[l]!, gradients.dw[l]!, gradients.db[l]!, daIn);
    if (!daIn) break;
    hiddenDelta(network, buffers, l - 1, training); // dz = f'(z) ⊙ da, a layer down
  }
  return gradients;
}

/** dz of hidden layer l from its da: ⊙ the dropout mask first when training with dropout, then dz = f'(z) ⊙ da. */
export function hiddenDelta(network: LayeredNetwork, buffers: BatchBuffers, l: number, training: boolean): void {
  const { z, a, dz, da } = buffers;
  if (training && buffers.dropoutMask.length > 0) multiplyInPlace(da[l]!.data, buffers.dropoutMask[l]!);
  activationBackward(network.layers[l]!, z[l]!, a[l]!, da[l]!, dz[l]!);
}

function multiplyInPlace(values: Float32Array, factors: Float32Array): void {
  for (let i = 0; i < values.length; i++) values[i]! *= factors[i]!;
}
