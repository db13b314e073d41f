import { Matrix } from '@nn/linalg';
import { ConfigError } from '../errors';

/** Samples per forward pass, so that a large data set never needs one huge column matrix. */
const CHUNK = 1024;

/**
 * `predict` for data laid out as `fit` and `evaluate` take it: `inputs` holds `count` samples of `inputSize`
 * values, one row per sample, scaled by `inputScale` (default 1/255 for bytes, 1 for floats). Returns the outputs
 * one row per sample (`count × outputSize` values).
 */
export function predictRows(
  predict: (x: Matrix) => Matrix,
  inputSize: number,
  outputSize: number,
  inputs: Float32Array | Uint8Array,
  count: number,
  inputScale?: number,
): Float32Array {
  if (!Number.isInteger(count) || count < 0)
    throw new ConfigError(`predictRows: count must be a whole number, got ${count}`);
  if (inputs.length !== count * inputSize) {
    throw new ConfigError(
      `predictRows: ${count} samples need ${count} × ${inputSize} = ${count * inputSize} input values, got ${inputs.length}`,
    );
  }
  const scale = inputScale ?? (inputs instanceof Uint8Array ? 1 / 255 : 1);
  const out = new Float32Array(count * outputSize);
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    const x = new Matrix(inputSize, size);
    for (let j = 0; j < size; j++) {
      const row = (start + j) * inputSize;
      for (let i = 0; i < inputSize; i++) x.data[i * size + j] = inputs[row + i]! * scale;
    }
    const a = predict(x).data;
    for (let j = 0; j < size; j++) {
      for (let o = 0; o < outputSize; o++) out[(start + j) * outputSize + o] = a[o * size + j]!;
    }
  }
  return out;
}
