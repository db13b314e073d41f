import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isConfusionMatrix,
  isWeightHistograms,
  listRuns,
  makeTrainConfig,
  readRun,
  readTestCells,
  readUnitStatistics,
  TrainError,
} from '@nn/train';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fuzzParser } from './support/fuzz-parser';
import { mutatedFiles } from './support/mutations';

const encode = (text: string) => new TextEncoder().encode(text);
const outDir = mkdtempSync(join(tmpdir(), 'nn-fuzz-runs-'));
const runDir = join(outDir, '2026-12-03-120000-default');
mkdirSync(runDir);

const config = makeTrainConfig({ outDir, limit: 100, epochs: 2 });
const events = [
  { type: 'run', runDir, config, resumedFromEpoch: 0 },
  { type: 'epoch', epoch: 1, epochs: 2, loss: 0.5, trainAccuracy: 0.8, testAccuracy: 0.85, seconds: 1 },
  { type: 'checkpoint', path: join(runDir, 'model.safetensors'), epoch: 1 },
  {
    type: 'epoch',
    epoch: 2,
    epochs: 2,
    loss: 0.4,
    trainAccuracy: 0.9,
    testAccuracy: 0.5,
    seconds: 1,
    histograms: [
      { min: -0.5, max: 0.5, counts: [2, 5, 1] },
      { min: 0, max: 0, counts: [4] },
    ],
    confusion: [
      [3, 1],
      [2, 4],
    ],
  },
];
const testCells = {
  epoch: 2,
  testSize: 10,
  perCell: 2,
  cells: [
    [[[0, 0.4]], [[5, 0.9]]],
    [[], [[9, 0.6]]],
  ],
};
const unitStatistics = {
  epoch: 2,
  testSize: 10,
  activation: 'relu',
  active: [4, 0],
  weightNorms: [1.25, 0.5],
  top: [
    [
      [3, 2.5],
      [7, 1],
    ],
    [[9, 0]],
  ],
};
const summary = { runDir, epochs: 2, testAccuracy: 0.9, testLoss: 0.3, stopped: false, seconds: 2 };

/** The five text files of a run folder, each a valid one damaged (or left whole). */
const runFiles = fc.record({
  config: mutatedFiles([encode(JSON.stringify(config, null, 2))]),
  metrics: mutatedFiles([encode(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`)]),
  summary: mutatedFiles([encode(JSON.stringify(summary))]),
  testCells: mutatedFiles([encode(JSON.stringify(testCells))]),
  unitStatistics: mutatedFiles([encode(JSON.stringify(unitStatistics))]),
});

it('run folders: hostile config.json, metrics.jsonl, summary.json, test-cells.json and unit-statistics.json give only TrainError', () => {
  const report = fuzzParser({
    name: 'run-folder',
    inputs: runFiles,
    parse: (files) => {
      writeFileSync(join(runDir, 'config.json'), files.config);
      writeFileSync(join(runDir, 'metrics.jsonl'), files.metrics);
      writeFileSync(join(runDir, 'summary.json'), files.summary);
      writeFileSync(join(runDir, 'test-cells.json'), files.testCells);
      writeFileSync(join(runDir, 'unit-statistics.json'), files.unitStatistics);
      const run = readRun(runDir);
      // What the readers accept is what views may draw: an epoch's confusion is a square table of counts or absent.
      for (const event of run.events) {
        if (event.type === 'epoch' && event.confusion !== undefined && !isConfusionMatrix(event.confusion)) {
          throw new Error(`readRun let a malformed confusion through: ${JSON.stringify(event.confusion)}`);
        }
        if (event.type === 'epoch' && event.histograms !== undefined && !isWeightHistograms(event.histograms)) {
          throw new Error(`readRun let malformed histograms through: ${JSON.stringify(event.histograms)}`);
        }
      }
      // test-cells.json is read on its own (by the views that show digits): refusing it must not hide the run.
      for (const read of [readTestCells, readUnitStatistics]) {
        try {
          read(runDir);
        } catch (error) {
          if (!(error instanceof TrainError)) throw error;
        }
      }
      // Listing never throws for one bad run: it leaves it out.
      listRuns(outDir);
      return run;
    },
    allowed: [TrainError],
    size: (files) =>
      files.config.length +
      files.metrics.length +
      files.summary.length +
      files.testCells.length +
      files.unitStatistics.length,
  });
  expect(report.refused).toBeGreaterThan(report.cases / 10);
  expect(report.accepted).toBeGreaterThan(0);
});
