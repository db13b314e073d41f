import { loadTestImages, type RunRecord, readTestCells, type TestImages, testImagePixels } from '@nn/train';
import type { CellDigitsMessage, CellDigitsRequest } from './protocol';

/**
 * The test set, kept after the first click: a run's cells are looked at one after another, and reading the
 * 10 000 test images again for each would make every click wait. One entry per data location.
 */
const testSets = new Map<string, Promise<TestImages>>();

/** The run's test set, read once per data location (also for a unit's top digits, unit-details.ts). */
export function testImagesOf(run: RunRecord): Promise<TestImages> {
  const key = `${run.config.dataset}\0${run.config.dataDir ?? ''}`;
  let loading = testSets.get(key);
  if (!loading) {
    loading = loadTestImages(run.config);
    // A failed read is not kept: the next click tries again (the data may have been put back).
    loading.catch(() => testSets.delete(key));
    testSets.set(key, loading);
  }
  return loading;
}

/**
 * The answer to a click on a confusion cell: the samples test-cells.json lists for it, with their pixels from the
 * run's own test set. A cell of another epoch than the one on disk is refused rather than shown with the wrong
 * digits (the file holds only the newest epoch's cells).
 */
export async function cellDigits(run: RunRecord, request: CellDigitsRequest): Promise<CellDigitsMessage> {
  const answer = (
    problem: string | undefined,
    samples: CellDigitsMessage['samples'] = [],
    pixels: Uint8Array = new Uint8Array(0),
  ) => ({ ...request, samples, size: 28, pixels, ...(problem ? { problem } : {}) }) satisfies CellDigitsMessage;
  const cells = readTestCells(run.path);
  if (!cells) return answer('this run recorded no test digits per cell (it predates them, or no epoch has finished)');
  if (cells.epoch !== request.epoch) {
    return answer(`the run folder holds the digits of epoch ${cells.epoch}, not of epoch ${request.epoch}`);
  }
  const listed = cells.cells[request.actual]?.[request.predicted] ?? [];
  const test = await testImagesOf(run);
  const samples = listed.filter(([index]) => index < test.count);
  const pixels = testImagePixels(
    test,
    samples.map(([index]) => index),
  );
  return {
    ...answer(
      undefined,
      samples.map(([index, probability]) => ({ index, probability })),
      pixels,
    ),
    size: test.size,
  };
}
