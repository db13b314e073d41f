import type { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import type { DenseLayer } from '../../model/dense-layer';
import type { SparseBatch } from './sparse-batch';

// W1ᵀ: [in, out]   z1, a1: [out, B]   the batch: B sparse columns of x ([in, B])
/**
 * The first layer's forward over a gathered sparse batch, the dense layer's `z = W·a + b; a = f(z)` with the
 * product taken over each sample's non-zero inputs only (W1 kept transposed, so each input's weights are one row).
 */
export function sparseFirstLayerForward(
  layer: DenseLayer,
  weightsT: Matrix,
  batch: SparseBatch,
  z1: Matrix,
  a1: Matrix,
): void {
  const units = z1.rows;
  const size = z1.cols;
  // z1 = W1·x, over each sample's non-zero inputs
  kernels().sparseGemmTransposeA(units, size, weightsT.rows, weightsT.data, batch.bySample, z1.data, false);
  z1.addColumnInPlace(layer.bias); // + b1
  layer.activation.forward(z1.data, a1.data, units, size); // a1 = f(z1)
}
