import type { Matrix } from '@nn/linalg';
import type { BatchBuffers } from './batch-buffers';
import type { Network } from './network';

/** ∂L/∂W and ∂L/∂b per layer, allocated once per network (they do not depend on the batch size). */
export interface Gradients {
  readonly dw: Matrix[];
  readonly db: Matrix[];
}

/**
 * The backward pass over buffers a forward pass filled, in the seed's names (for 3 layers, l = 3, 2, 1):
 *   dz3 = loss'(a3, y) through f3        (the seed: da3 = 2·(a3 − y); dz3 = f3'(z3) ⊙ da3)
 *   dw3 = dz3 · a2ᵀ;  db3 = Σ_columns dz3
 *   da2 = W3ᵀ · dz3;  dz2 = f2'(z2) ⊙ da2  (⊙ dropout mask first, when training with dropout)
 *   dw2 = dz2 · a1ᵀ; …  down to dw1 = dz1 · xᵀ. The input x needs no gradient, so da0 is never computed.
 * Batch columns are summed in the products; the loss has already divided by B.
 */
export function backward(
  network: Network,
  x: Matrix,
  buffers: BatchBuffers,
  gradients: Gradients,
  training: boolean,
): void {
  const { layers } = network;
  const { z, a, dz, da, y } = buffers;
  const last = layers.length - 1;
  const output = layers[last]!;
  network.loss.outputDelta(
    z[last]!.data,
    a[last]!.data,
    y.data,
    da[last]!.data,
    dz[last]!.data,
    y.rows,
    y.cols,
    output.activation,
  );
  for (let l = last; l >= 0; l--) {
    const layer = layers[l]!;
    const input = l === 0 ? x : buffers.layerOutput(l - 1, training);
    layer.passes.weightGradient(gradients.dw[l]!, gradients.db[l]!, dz[l]!, input);
    if (l === 0) break;
    const below = layers[l - 1]!;
    const daBelow = da[l - 1]!;
    layer.passes.inputGradient(daBelow, layer.weights, dz[l]!);
    if (training && buffers.dropoutMask.length > 0) multiplyInPlace(daBelow.data, buffers.dropoutMask[l - 1]!);
    below.activation.backward(
      z[l - 1]!.data,
      a[l - 1]!.data,
      daBelow.data,
      dz[l - 1]!.data,
      daBelow.rows,
      daBelow.cols,
    );
  }
}

function multiplyInPlace(values: Float32Array, factors: Float32Array): void {
  for (let i = 0; i < values.length; i++) values[i]! *= factors[i]!;
}
