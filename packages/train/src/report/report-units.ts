import type { EpochHistograms, UnitsShown } from '@nn/views/units-data';
import { loadTestImages, testImagePixels } from '../job/test-images';
import type { RunRecord } from '../run/read-run';
import { readUnitStatistics } from '../run/unit-statistics';
import { type Base64, base64 } from './base64';

/** The test images the report's unit view can show, each once however many units list it. */
export interface EmbeddedUnitImages {
  size: number;
  /** Test-set index of each image, in the order of `pixels`. */
  indices: number[];
  pixels: Base64;
}

/**
 * The run's unit statistics and the top test images of the units the page draws as tiles (`shownUnits`, every unit
 * of a first layer over images, whichever page shows it): a click on a tile is answered from the page, as the
 * dashboard's host would answer it from the test set.
 */
export async function embeddedUnits(
  record: RunRecord,
  shownUnits: readonly number[],
): Promise<{ units?: UnitsShown; unitImages?: EmbeddedUnitImages }> {
  const units = readUnitStatistics(record.path);
  if (!units) return {};
  const wanted = [...new Set(shownUnits.flatMap((unit) => (units.top[unit] ?? []).map(([index]) => index)))];
  if (wanted.length === 0) return { units };
  const test = await loadTestImages(record.config);
  const indices = wanted.filter((index) => index < test.count).sort((a, b) => a - b);
  return { units, unitImages: { size: test.size, indices, pixels: base64(testImagePixels(test, indices)) } };
}

/** Each epoch's weight histograms from the run's epoch lines (those recorded before histograms existed have none). */
export function histogramsOf(epochs: readonly { epoch: number; histograms?: EpochHistograms['layers'] }[]) {
  return epochs.flatMap(({ epoch, histograms }) => (histograms ? [{ epoch, layers: histograms }] : []));
}
