import type { Dataset } from './dataset';

/** Below this fraction of non-zero inputs the first layer skips zeros (MNIST's is ≈0.19). */
export const SPARSE_INPUT_DENSITY = 0.5;

/** The fraction of non-zero values among the first (up to) 1 000 samples of `data`. */
export function inputDensity(data: Dataset, inputSize: number): number {
  const length = Math.min(data.inputs.length, 1000 * inputSize);
  let nonZero = 0;
  for (let i = 0; i < length; i++) if (data.inputs[i] !== 0) nonZero++;
  return length === 0 ? 1 : nonZero / length;
}
