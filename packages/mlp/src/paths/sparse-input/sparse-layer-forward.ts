import type { Matrix } from '@nn/linalg';
import { kernels, type SparseLines } from '@nn/linalg/internal';
import type { DenseLayer } from '../../model/dense-layer';

// Wᵀ: [in, out]   z, a: [out, B]   bySample: B sparse columns of the input ([in, B])
/**
 * A layer's forward over mostly-zero inputs (the first layer's pixels, or relu outputs below a wide layer): the
 * dense layer's `z = W·a_in + b; a = f(z)` with the product taken over each sample's non-zero inputs only
 * (W kept transposed, so each input's weights are one row).
 */
export function sparseLayerForward(
  layer: DenseLayer,
  weightsT: Matrix,
  bySample: SparseLines,
  z: Matrix,
  a: Matrix,
): void {
  const units = z.rows;
  const size = z.cols;
  // z = W·a_in, over each sample's non-zero inputs
  kernels().sparseGemmTransposeA(units, size, weightsT.rows, weightsT.data, bySample, z.data, false);
  z.addColumnInPlace(layer.bias); // + b
  layer.activation.forward(z.data, a.data, units, size); // a = f(z)
}
