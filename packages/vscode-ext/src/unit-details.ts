import { basename } from 'node:path';
import { type RunRecord, readUnitStatistics, type TrainEpochEvent, testImagePixels } from '@nn/train';
import { testImagesOf } from './cell-digits';
import type { UnitDigitsMessage, UnitDigitsRequest, UnitsMessage, UnitsRequest } from './protocol-units';

/**
 * A run's unit statistics (unit-statistics.json) and weight histograms (its epoch lines), for the page. A resumed
 * run's redone epochs replace the ones it had reported before it was cut off.
 */
export function unitsOf(run: RunRecord): UnitsMessage {
  const histograms = new Map<number, NonNullable<TrainEpochEvent['histograms']>>();
  for (const event of run.events) {
    if (event.type === 'start')
      for (const epoch of histograms.keys()) if (epoch >= event.firstEpoch) histograms.delete(epoch);
    if (event.type === 'epoch' && event.histograms) histograms.set(event.epoch, event.histograms);
  }
  const message: UnitsMessage = {
    type: 'units',
    runId: basename(run.path),
    histograms: [...histograms].sort(([a], [b]) => a - b).map(([epoch, layers]) => ({ epoch, layers })),
  };
  try {
    const units = readUnitStatistics(run.path);
    if (units) message.units = units;
  } catch (error) {
    // A damaged file loses only the unit view; the histograms are still worth drawing.
    message.problem = error instanceof Error ? error.message : String(error);
  }
  return message;
}

/**
 * The answer to a click on a unit's tile: the test images unit-statistics.json lists for it, with their pixels from
 * the run's test set. Statistics of another epoch than the one shown are refused rather than shown as its digits.
 */
export async function unitDigits(run: RunRecord, request: UnitDigitsRequest): Promise<UnitDigitsMessage> {
  const answer = (problem: string): UnitDigitsMessage => ({
    ...request,
    samples: [],
    size: 28,
    pixels: new Uint8Array(0),
    problem,
  });
  const units = readUnitStatistics(run.path);
  if (!units) return answer('this run recorded no unit statistics');
  if (units.epoch !== request.epoch) {
    return answer(`the run folder holds the statistics of epoch ${units.epoch}, not of epoch ${request.epoch}`);
  }
  const listed = units.top[request.unit];
  if (!listed) return answer(`the first layer has ${units.top.length} units, no unit ${request.unit}`);
  const test = await testImagesOf(run);
  const samples = listed.filter(([index]) => index < test.count);
  const pixels = testImagePixels(
    test,
    samples.map(([index]) => index),
  );
  return {
    ...request,
    samples: samples.map(([index, activation]) => ({ index, activation })),
    size: test.size,
    pixels,
  };
}

/** The answer to either request of the unit views, for the run `request.runId` names (the caller found it). */
export async function unitDetails(
  run: RunRecord,
  request: UnitsRequest | UnitDigitsRequest,
): Promise<UnitsMessage | UnitDigitsMessage> {
  return request.type === 'units' ? unitsOf(run) : unitDigits(run, request);
}
