import { argmax } from '@nn/linalg';

/**
 * The class column `column` of a network's outputs (rows × cols, one sample per column) predicts: the largest
 * output's row, or 1 when a single output (the probability of class 1) is at least 0.5.
 */
export function predictedClass(outputs: Float32Array, rows: number, cols: number, column: number): number {
  return rows === 1 ? (outputs[column]! >= 0.5 ? 1 : 0) : argmax(outputs, column, rows, cols);
}

/**
 * How sure column `column` is of class `cls`, as a probability: the softmax output itself; for a single output p,
 * p for class 1 and 1 − p for class 0; for other outputs (the seed's sigmoids) the class's share of the outputs
 * clamped at 0, as `predictProba` gives it.
 */
export function classProbability(
  outputs: Float32Array,
  rows: number,
  cols: number,
  column: number,
  cls: number,
  softmax: boolean,
): number {
  if (rows === 1) {
    const p = Math.min(1, Math.max(0, outputs[column]!));
    return cls === 1 ? p : 1 - p;
  }
  if (softmax) return outputs[cls * cols + column]!;
  let sum = 0;
  for (let i = 0; i < rows; i++) sum += Math.max(0, outputs[i * cols + column]!);
  return sum > 0 ? Math.max(0, outputs[cls * cols + column]!) / sum : 1 / rows;
}
