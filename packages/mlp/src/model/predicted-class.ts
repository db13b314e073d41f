import { argmax } from '@nn/linalg';

/**
 * The class column `column` of a network's outputs (rows × cols, one sample per column) predicts: the largest
 * output's row, or 1 when a single output (the probability of class 1) is at least 0.5.
 */
export function predictedClass(outputs: Float32Array, rows: number, cols: number, column: number): number {
  return rows === 1 ? (outputs[column]! >= 0.5 ? 1 : 0) : argmax(outputs, column, rows, cols);
}
