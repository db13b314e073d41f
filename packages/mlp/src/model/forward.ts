import type { Matrix } from '@nn/linalg';
import type { BatchBuffers } from './batch-buffers';
import { denseForward, type LayeredNetwork } from './dense-layer';
import { applyDropout, type DropoutDraws } from './dropout';

/**
 * The forward pass, as in the seed: a0 = x; then per layer z = W·a + b, a = f(z), into `buffers`
 * (allocated once per batch size; `network.buffersFor(B)` by default). Returns the buffers: `a` holds the
 * activations, the last one the network's output.
 * With `dropout` (training with dropout), each hidden a is copied, masked and scaled by 1/(1 − p) (inverted
 * dropout), and that copy feeds the next layer. `firstLayer` > 0 starts higher up, for a path that computed
 * the layers below itself.
 */
export function forward(
  network: LayeredNetwork,
  x: Matrix,
  buffers: BatchBuffers = network.buffersFor(x.cols),
  dropout?: DropoutDraws,
  firstLayer = 0,
): BatchBuffers {
  const { layers } = network;
  const training = dropout !== undefined;
  for (let l = firstLayer; l < layers.length; l++) {
    const aIn = l === 0 ? x : buffers.layerOutput(l - 1, training);
    denseForward(layers[l]!, aIn, buffers.z[l]!, buffers.a[l]!);
    if (training) applyDropout(network, buffers, l, dropout);
  }
  return buffers;
}
