import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfusionMatrix, listRuns, makeTrainConfig, readRun, readTestCells, TrainError } from '@nn/train';
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
const summary = { runDir, epochs: 2, testAccuracy: 0.9, testLoss: 0.3, stopped: false, seconds: 2 };

/** The four text files of a run folder, each a valid one damaged (or left whole). */
const runFiles = fc.record({
  config: mutatedFiles([encode(JSON.stringify(config, null, 2))]),
  metrics: mutatedFiles([encode(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`)]),
  summary: mutatedFiles([encode(JSON.stringify(summary))]),
  testCells: mutatedFiles([encode(JSON.stringify(testCells))]),
});

it('run folders: hostile config.json, metrics.jsonl, summary.json and test-cells.json give only TrainError', () => {
  const report = fuzzParser({
    name: 'run-folder',
    inputs: runFiles,
    parse: (files) => {
      writeFileSync(join(runDir, 'config.json'), files.config);
      writeFileSync(join(runDir, 'metrics.jsonl'), files.metrics);
      writeFileSync(join(runDir, 'summary.json'), files.summary);
      writeFileSync(join(runDir, 'test-cells.json'), files.testCells);
      const run = readRun(runDir);
      // What the readers accept is what views may draw: an epoch's confusion is a square table of counts or absent.
      for (const event of run.events) {
        if (event.type === 'epoch' && event.confusion !== undefined && !isConfusionMatrix(event.confusion)) {
          throw new Error(`readRun let a malformed confusion through: ${JSON.stringify(event.confusion)}`);
        }
      }
      // test-cells.json is read on its own (by the views that show digits): refusing it must not hide the run.
      try {
        readTestCells(runDir);
      } catch (error) {
        if (!(error instanceof TrainError)) throw error;
      }
      // Listing never throws for one bad run: it leaves it out.
      listRuns(outDir);
      return run;
    },
    allowed: [TrainError],
    size: (files) => files.config.length + files.metrics.length + files.summary.length + files.testCells.length,
  });
  expect(report.refused).toBeGreaterThan(report.cases / 10);
  expect(report.accepted).toBeGreaterThan(0);
});
