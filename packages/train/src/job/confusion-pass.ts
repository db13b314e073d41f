import { argmax } from '@nn/linalg';
import type { Network } from '@nn/mlp';
import { TrainError } from '../errors';
import type { CellSample, ConfusionMatrix, TestCells } from '../run/test-cells';

/** Samples kept per confusion cell: enough to see a pattern in a view, small enough to rewrite every epoch. */
export const SAMPLES_PER_CELL = 20;

/** A test set as @nn/mlp's `Dataset` holds one; only one with class labels has a confusion matrix. */
export interface TestSet {
  inputs: Float32Array | Uint8Array;
  labels?: ArrayLike<number> | undefined;
  inputScale?: number | undefined;
}

/**
 * One pass of `network` over the test set giving the confusion counts and, per cell, the worst samples (see
 * TestCells). Its own pass rather than @nn/mlp's `evaluate`, which counts but does not say which sample went
 * where; the prediction is the same argmax (first largest output, or output ≥ 0.5 for a single output).
 */
export function confusionPass(
  network: Network,
  test: TestSet,
  epoch: number,
  perCell = SAMPLES_PER_CELL,
): { confusion: ConfusionMatrix; cells: TestCells } {
  const { labels } = test;
  if (!labels) throw new TrainError('confusionPass: the test set has no class labels');
  const count = labels.length;
  const outputs = network.outputSize;
  const classes = Math.max(outputs, 2);
  const rows = network.predictRows(test.inputs, count, test.inputScale);
  const normalise = network.layers[network.layers.length - 1]!.activation.name !== 'softmax';
  const confusion = square(classes, () => 0);
  const cells = square<CellSample[]>(classes, () => []);
  for (let i = 0; i < count; i++) {
    const at = i * outputs;
    const actual = labels[i]!;
    let predicted: number;
    let probability: number;
    if (outputs === 1) {
      const p = clamp01(rows[at]!);
      predicted = p >= 0.5 ? 1 : 0;
      probability = predicted === 1 ? p : 1 - p;
    } else {
      predicted = argmax(rows, at, outputs);
      probability = normalise ? shareOf(rows, at, outputs, predicted) : clamp01(rows[at + predicted]!);
    }
    confusion[actual]![predicted]!++;
    cells[actual]![predicted]!.push([i, probability]);
  }
  for (const [actual, row] of cells.entries()) {
    for (const [predicted, samples] of row.entries()) {
      // Ties keep test-set order, so the file is the same for the same weights.
      const sign = actual === predicted ? 1 : -1;
      samples.sort((a, b) => sign * (a[1] - b[1]) || a[0] - b[0]);
      samples.length = Math.min(samples.length, perCell);
    }
  }
  return { confusion, cells: { epoch, testSize: count, perCell, cells } };
}

function square<T>(n: number, fill: () => T): T[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, fill));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** A non-softmax output (the seed's sigmoid) as a probability: its share of the clamped outputs, as predictProba. */
function shareOf(rows: Float32Array, at: number, outputs: number, predicted: number): number {
  let sum = 0;
  for (let o = 0; o < outputs; o++) sum += Math.max(0, rows[at + o]!);
  return sum > 0 ? clamp01(Math.max(0, rows[at + predicted]!) / sum) : 1 / outputs;
}
