import { basename } from 'node:path';
import { smoothLoss } from '@nn/views/smoothed-loss';
import type { EpochHistograms, UnitsShown } from '@nn/views/units-data';
import type {
  BatchPoint,
  ConfusionShown,
  EpochPoint,
  RunStatus,
  RunSummary,
  WeightsSnapshot,
} from '@nn/views/view-data';
import { sampleLayer, wholeLayer } from '@nn/views/weight-sample';
import { describeConfig } from '../config/describe-config';
import { loadModel } from '../job/model-io';
import { loadTestImages, testImagePixels } from '../job/test-images';
import { type RunRecord, readRun } from '../run/read-run';
import { readTestCells } from '../run/test-cells';
import { type Base64, base64 } from './base64';
import { type EmbeddedUnitImages, embeddedUnits, histogramsOf } from './report-units';

/** One confusion cell with its digits, as embedded: what the dashboard's host answers to a click. */
export interface EmbeddedCell {
  actual: number;
  predicted: number;
  samples: { index: number; probability: number }[];
  size: number;
  pixels: Base64;
}

/** Everything the report page draws, embedded in it as one JSON block. */
export interface ReportData {
  run: RunSummary;
  status: RunStatus;
  finalTestAccuracy?: number;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  /**
   * The final checkpoint's weights, Float32 bytes in base64: a first layer over images whole (its tiles page through
   * every unit in any order), the other layers sampled as the dashboard samples them.
   */
  weights?: Omit<WeightsSnapshot, 'layers'> & {
    layers: (Omit<WeightsSnapshot['layers'][0], 'weights'> & { weights: Base64 })[];
  };
  confusion?: ConfusionShown;
  /** The digits of every non-empty cell of `confusion` (empty when the run recorded none for that epoch). */
  cells: EmbeddedCell[];
  /** Each epoch's weight histograms, one per layer (none in runs recorded before them). */
  histograms: EpochHistograms[];
  /** The first hidden layer's units on the test set at the newest epoch, and the top images of every unit. */
  units?: UnitsShown;
  unitImages?: EmbeddedUnitImages;
}

const IMAGE_INPUTS = 28 * 28;

/**
 * A run folder as the report shows it: its curves from metrics.jsonl (the same points the dashboard's host makes
 * from the same events), the final weights, the last epoch's confusion and its cells' digits from the run's test set.
 */
export async function reportData(runDir: string): Promise<ReportData> {
  const record = readRun(runDir);
  const { run, batches, epochs, confusion, histograms } = pointsOf(record);
  const data: ReportData = {
    run,
    status: statusOf(record),
    ...(record.summary?.testAccuracy !== undefined ? { finalTestAccuracy: record.summary.testAccuracy } : {}),
    batches,
    epochs,
    cells: [],
    histograms,
  };
  if (record.modelPath) {
    const { network } = loadModel(record.modelPath);
    const layers = network.layers.map((layer, i) => {
      const weights = { rows: layer.weights.rows, cols: layer.weights.cols, weights: layer.weights.data };
      // 1024 units × 784 pixels is 3.2 MB of Float32 (4.3 MB in base64): worth it for paging in any order.
      return i === 0 && weights.cols === IMAGE_INPUTS ? wholeLayer(weights) : sampleLayer(weights);
    });
    data.weights = {
      epoch: record.completedEpochs,
      batch: 0,
      layers: layers.map((layer) => ({ ...layer, weights: base64(layer.weights) })),
    };
  }
  Object.assign(data, await embeddedUnits(record, data.weights?.layers[0]?.units ?? []));
  if (confusion) {
    data.confusion = confusion;
    data.cells = await embeddedCells(record, confusion.epoch);
  }
  return data;
}

/** A run without a summary was cut off (a closed window, a kill) before it could finish: it stopped. */
export function statusOf(record: RunRecord): RunStatus {
  return record.summary && !record.summary.stopped ? 'finished' : 'stopped';
}

/** The run's points: a resumed run's `start` drops what the interrupted run had reported of the epoch it redoes. */
export function pointsOf(record: RunRecord) {
  let run: RunSummary = {
    id: basename(record.path),
    layerSizes: [],
    epochs: record.config.epochs,
    batchesPerEpoch: 1,
    settings: describeConfig(record.config),
  };
  let batches: BatchPoint[] = [];
  let epochs: EpochPoint[] = [];
  let confusion: ConfusionShown | undefined;
  let histograms: EpochHistograms[] = [];
  let smoothed: { step: number; loss: number } | undefined;
  for (const event of record.events) {
    if (event.type === 'start') {
      run = { ...run, layerSizes: event.layerSizes, epochs: event.epochs, batchesPerEpoch: event.batchesPerEpoch };
      batches = batches.filter((point) => point.epoch < event.firstEpoch);
      epochs = epochs.filter((point) => point.epoch < event.firstEpoch);
      if (confusion && confusion.epoch >= event.firstEpoch) confusion = undefined;
      histograms = histograms.filter((point) => point.epoch < event.firstEpoch);
      const last = batches.at(-1);
      smoothed = last ? { step: last.step, loss: last.smoothedLoss } : undefined;
    } else if (event.type === 'batch') {
      const step = (event.epoch - 1) * event.batchesPerEpoch + event.batch;
      const smoothedLoss = smoothLoss(smoothed, step, event.loss, event.batchesPerEpoch);
      smoothed = { step, loss: smoothedLoss };
      const { epoch, batch, loss, samplesPerSecond } = event;
      batches.push({ step, epoch, batch, loss, smoothedLoss, samplesPerSecond });
    } else if (event.type === 'epoch') {
      const { epoch, loss, trainAccuracy, testLoss, testAccuracy, learningRate, samplesPerSecond } = event;
      const point: EpochPoint = { epoch, loss, trainAccuracy, learningRate, samplesPerSecond };
      if (testLoss !== undefined) point.testLoss = testLoss;
      if (testAccuracy !== undefined) point.testAccuracy = testAccuracy;
      epochs.push(point);
      if (event.confusion) confusion = { epoch, counts: event.confusion };
      histograms.push(...histogramsOf([event]));
    }
  }
  return { run, batches, epochs, confusion, histograms };
}

/** Every non-empty cell's digits, when test-cells.json is of the epoch shown; none otherwise (an older run). */
async function embeddedCells(record: RunRecord, epoch: number): Promise<EmbeddedCell[]> {
  const cells = readTestCells(record.path);
  if (!cells || cells.epoch !== epoch) return [];
  const test = await loadTestImages(record.config);
  const embedded: EmbeddedCell[] = [];
  cells.cells.forEach((row, actual) => {
    row.forEach((listed, predicted) => {
      const samples = listed.filter(([index]) => index < test.count);
      if (samples.length === 0) return;
      const pixels = testImagePixels(
        test,
        samples.map(([index]) => index),
      );
      const shown = samples.map(([index, probability]) => ({ index, probability }));
      embedded.push({ actual, predicted, samples: shown, size: test.size, pixels: base64(pixels) });
    });
  });
  return embedded;
}
