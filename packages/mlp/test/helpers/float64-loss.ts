import type { Network } from '../../src/index';

/**
 * The network's loss recomputed in float64 from float64 copies of its parameters, reusing the library's own
 * activation and loss rules where they only index arrays (so they run on Float64Array as well); relu runs as a
 * float32 kernel in the library, so it is written out here. Central differences on this function are accurate to
 * ~1e-10, leaving float32 rounding in the analytic gradient as the only error.
 */
export function float64Loss(
  network: Network,
  parameters: Float64Array[],
  x: Float64Array,
  y: Float64Array,
  batchSize: number,
): number {
  let input = x;
  let z = x;
  let a = x;
  network.layers.forEach((layer, l) => {
    const rows = layer.weights.rows;
    const cols = layer.weights.cols;
    const w = parameters[2 * l]!;
    const b = parameters[2 * l + 1]!;
    z = new Float64Array(rows * batchSize);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < batchSize; j++) {
        let sum = b[i]!;
        for (let p = 0; p < cols; p++) sum += w[i * cols + p]! * input[p * batchSize + j]!;
        z[i * batchSize + j] = sum;
      }
    }
    a = new Float64Array(rows * batchSize);
    if (layer.activation.name === 'relu') for (let k = 0; k < z.length; k++) a[k] = Math.max(z[k]!, 0);
    else layer.activation.forward(asF32(z), asF32(a), rows, batchSize);
    input = a;
  });
  const output = network.layers[network.layers.length - 1]!;
  return network.loss.value(asF32(a), asF32(y), output.weights.rows, batchSize, output.activation);
}

/** The rules are written for Float32Array but only read and write elements; float64 storage keeps full precision. */
function asF32(values: Float64Array): Float32Array {
  return values as unknown as Float32Array;
}
