import type { Evaluation } from '@nn/mlp';
import { TrainError } from '../errors';
import type { CellSample, ConfusionMatrix, TestCells } from '../run/test-cells';

/** Samples kept per confusion cell: enough to see a pattern in a view, small enough to rewrite every epoch. */
export const SAMPLES_PER_CELL = 20;

/**
 * The confusion counts and, per cell, the worst samples (see TestCells) of one evaluation of the test set: the one
 * fit ran for the epoch's test figures (`onEpochEnd`'s `test`), which holds each sample's prediction and its
 * probability, so the cells cost no second pass over the test set.
 */
export function testCellsOf(
  evaluation: Evaluation,
  labels: ArrayLike<number>,
  epoch: number,
  perCell = SAMPLES_PER_CELL,
): { confusion: ConfusionMatrix; cells: TestCells } {
  const { predicted, confidence } = evaluation;
  const count = predicted.length;
  if (labels.length !== count) {
    throw new TrainError(`testCellsOf: ${labels.length} labels for an evaluation of ${count} samples`);
  }
  const classes = evaluation.confusion.length;
  const cells = square<CellSample[]>(classes, () => []);
  for (let i = 0; i < count; i++) cells[labels[i]!]![predicted[i]!]!.push([i, clamp01(confidence[i]!)]);
  for (const [actual, row] of cells.entries()) {
    for (const [cls, samples] of row.entries()) {
      // Ties keep test-set order, so the file is the same for the same weights.
      const sign = actual === cls ? 1 : -1;
      samples.sort((a, b) => sign * (a[1] - b[1]) || a[0] - b[0]);
      samples.length = Math.min(samples.length, perCell);
    }
  }
  return {
    confusion: evaluation.confusion.map((row) => [...row]),
    cells: { epoch, testSize: count, perCell, cells },
  };
}

function square<T>(n: number, fill: () => T): T[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, fill));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
