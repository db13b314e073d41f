/**
 * The confusion matrix's part of the dashboard protocol (protocol.ts holds the rest): the counts of the test set
 * ride on updates; the digits of one cell are fetched when the user clicks it, since all cells' images at once
 * would be megabytes per epoch for pictures nobody looks at.
 */

/** The page asks for the test digits of one cell of the confusion it shows; the host finds `runId` itself. */
export interface CellDigitsRequest {
  type: 'cellDigits';
  runId: string;
  epoch: number;
  actual: number;
  predicted: number;
}

/**
 * The answer: the cell's test samples worst first (index in the test set, probability of the predicted class) and
 * their pixels, `size`×`size` bytes each, one after another. `problem` says why there are none (an older run, a
 * newer epoch on disk than the one shown, a missing test set).
 */
export interface CellDigitsMessage {
  type: 'cellDigits';
  runId: string;
  epoch: number;
  actual: number;
  predicted: number;
  samples: { index: number; probability: number }[];
  size: number;
  pixels: Uint8Array;
  problem?: string;
}

import type { ConfusionShown } from '@nn/views/view-data';

type Fields = Record<string, unknown>;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

export function isConfusionShown(value: unknown): value is ConfusionShown {
  if (typeof value !== 'object' || value === null) return false;
  const { epoch, counts } = value as Fields;
  return (
    isCount(epoch) &&
    Array.isArray(counts) &&
    counts.length >= 2 &&
    counts.every((row) => Array.isArray(row) && row.length === counts.length && row.every(isCount))
  );
}

function isCell(value: Fields): boolean {
  return typeof value.runId === 'string' && isCount(value.epoch) && isCount(value.actual) && isCount(value.predicted);
}

export function parseCellDigitsRequest(value: Fields): CellDigitsRequest | undefined {
  if (!isCell(value)) return undefined;
  const { runId, epoch, actual, predicted } = value as unknown as CellDigitsRequest;
  return { type: 'cellDigits', runId, epoch, actual, predicted };
}

export function isCellDigitsMessage(value: Fields): boolean {
  const { samples, size, pixels, problem } = value;
  return (
    isCell(value) &&
    Array.isArray(samples) &&
    samples.every(
      (s) =>
        typeof s === 'object' &&
        s !== null &&
        isCount((s as Fields).index) &&
        typeof (s as Fields).probability === 'number',
    ) &&
    isCount(size) &&
    pixels instanceof Uint8Array &&
    pixels.length === samples.length * size * size &&
    (problem === undefined || typeof problem === 'string')
  );
}
