import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuns, makeTrainConfig, readRun, TrainError } from '@nn/train';
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
];
const summary = { runDir, epochs: 2, testAccuracy: 0.9, testLoss: 0.3, stopped: false, seconds: 2 };

/** The three text files of a run folder, each a valid one damaged (or left whole). */
const runFiles = fc.record({
  config: mutatedFiles([encode(JSON.stringify(config, null, 2))]),
  metrics: mutatedFiles([encode(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`)]),
  summary: mutatedFiles([encode(JSON.stringify(summary))]),
});

it('run folders: hostile config.json, metrics.jsonl and summary.json give only TrainError', () => {
  const report = fuzzParser({
    name: 'run-folder',
    inputs: runFiles,
    parse: (files) => {
      writeFileSync(join(runDir, 'config.json'), files.config);
      writeFileSync(join(runDir, 'metrics.jsonl'), files.metrics);
      writeFileSync(join(runDir, 'summary.json'), files.summary);
      const run = readRun(runDir);
      // Listing never throws for one bad run: it leaves it out.
      listRuns(outDir);
      return run;
    },
    allowed: [TrainError],
    size: (files) => files.config.length + files.metrics.length + files.summary.length,
  });
  expect(report.refused).toBeGreaterThan(report.cases / 10);
  expect(report.accepted).toBeGreaterThan(0);
});
