/**
 * The test set's confusion as a run folder records it: the counts on each `epoch` line of metrics.jsonl, and in
 * test-cells.json, for the newest epoch, which test samples fell in each (actual, predicted) cell, so a view can
 * show those digits (their pixels are read from the test set itself, not copied into the run folder).
 */

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunFolderError } from '../errors';

/** The file's name inside a run folder (RUN_FILES.testCells). */
export const TEST_CELLS_FILE = 'test-cells.json';

/** confusion[actual][predicted] = number of test samples; square, one row and column per class. */
export type ConfusionMatrix = number[][];

/** One test sample of a cell: its index in the test set and the probability the network gave its predicted class. */
export type CellSample = [index: number, probability: number];

/** test-cells.json: the samples of each non-empty cell at the end of `epoch`, worst first, at most `perCell`. */
export interface TestCells {
  epoch: number;
  /** Number of test samples evaluated; every index is below it. */
  testSize: number;
  perCell: number;
  /**
   * cells[actual][predicted]: "worst" is the most confident mistake off the diagonal (highest probability first)
   * and the least confident right answer on it (lowest first); the order an eye looking for trouble wants.
   */
  cells: CellSample[][][];
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** A square matrix of whole, non-negative counts with at least two classes. */
export function isConfusionMatrix(value: unknown): value is ConfusionMatrix {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    value.every((row) => Array.isArray(row) && row.length === value.length && row.every(isCount))
  );
}

/** Why `value` is not a valid test-cells.json, or undefined when it is. */
export function testCellsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const { epoch, testSize, perCell, cells } = value as Record<string, unknown>;
  if (!isCount(epoch) || epoch < 1) return 'epoch is not a whole number from 1';
  if (!isCount(testSize)) return 'testSize is not a count';
  if (!isCount(perCell) || perCell < 1) return 'perCell is not a count from 1';
  if (!Array.isArray(cells) || cells.length < 2) return 'cells is not a square table of at least 2 classes';
  for (const [actual, row] of cells.entries()) {
    if (!Array.isArray(row) || row.length !== cells.length)
      return `cells[${actual}] does not have ${cells.length} cells`;
    for (const [predicted, samples] of row.entries()) {
      const where = `cells[${actual}][${predicted}]`;
      if (!Array.isArray(samples) || samples.length > perCell) return `${where} is not a list of at most ${perCell}`;
      for (const sample of samples) {
        if (!Array.isArray(sample) || sample.length !== 2) return `${where} holds something other than [index, p]`;
        const [index, probability] = sample as unknown[];
        if (!isCount(index) || index >= testSize) return `${where} holds index ${index}, not a test sample`;
        if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
          return `${where} holds probability ${probability}, not in 0…1`;
        }
      }
    }
  }
  return undefined;
}

/**
 * A run folder's test-cells.json, or undefined when the run has none (recorded before it existed, or no epoch
 * finished yet). A file that is there but unreadable or malformed is a RunFolderError naming what is wrong.
 */
export function readTestCells(runDir: string): TestCells | undefined {
  const path = join(resolve(runDir), TEST_CELLS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RunFolderError(path, `unreadable test cells: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RunFolderError(path, `unreadable test cells: ${(error as Error).message}`);
  }
  const problem = testCellsProblem(parsed);
  if (problem) throw new RunFolderError(path, `malformed test cells: ${problem}`);
  return parsed as TestCells;
}
