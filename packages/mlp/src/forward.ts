import type { Matrix, SeededRandom } from '@nn/linalg';
import type { BatchBuffers } from './batch-buffers';
import type { Network } from './network';

/**
 * The forward pass, as in the seed: z1 = W1·x + b1; a1 = f(z1); z2 = W2·a1 + b2; … into `buffers`.
 * With `dropoutRng` (training with dropout), each hidden a[l] is also copied, masked and rescaled by
 * 1/(1 − p) (inverted dropout), and that copy feeds the next layer.
 */
export function forward(
  network: Network,
  x: Matrix,
  buffers: BatchBuffers,
  dropoutRng: SeededRandom | undefined,
): void {
  const { layers } = network;
  const training = dropoutRng !== undefined;
  let input = x;
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    const z = buffers.z[l]!;
    const a = buffers.a[l]!;
    layer.passes.forward(z, layer.weights, layer.bias, input);
    layer.activation.forward(z.data, a.data, z.rows, z.cols);
    if (training && l < buffers.dropped.length) {
      applyDropout(a.data, buffers.dropoutMask[l]!, buffers.dropped[l]!.data, network.dropout, dropoutRng);
    }
    input = buffers.layerOutput(l, training);
  }
}

function applyDropout(a: Float32Array, mask: Float32Array, dropped: Float32Array, p: number, rng: SeededRandom): void {
  const keep = 1 / (1 - p);
  for (let i = 0; i < a.length; i++) {
    const m = rng.next() < p ? 0 : keep;
    mask[i] = m;
    dropped[i] = a[i]! * m;
  }
}
