import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadTestImages, makeTrainConfig, readRun, readUnitStatistics, trainMnist } from '@nn/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUnitDigitsMessage, isUnitsMessage, parseUnitDigitsRequest, parseUnitsRequest } from '../src/protocol-units';
import { unitDigits, unitsOf } from '../src/unit-details';
import { bundledData, workerPath } from './recorded-run';

describe("the host's answers for the unit and histogram views", () => {
  let runDir: string;

  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'nn-units-'));
    const config = makeTrainConfig({ outDir, hiddenLayers: [16], limit: 500, epochs: 2, batchSize: 50 });
    ({ runDir } = await trainMnist({ ...config, dataDir: bundledData }, { workerPath }));
  });

  it('sends the recorded statistics and each epoch’s histograms, valid by the page’s own check', () => {
    const message = unitsOf(readRun(runDir));
    expect(message.runId).toBe(basename(runDir));
    expect(message.units).toEqual(readUnitStatistics(runDir));
    expect(message.histograms.map((h) => h.epoch)).toEqual([1, 2]);
    expect(message.histograms[1]?.layers.map((l) => l.counts.reduce((a, b) => a + b, 0))).toEqual([784 * 16, 160]);
    expect(isUnitsMessage(message as never)).toBe(true);
    expect(isUnitsMessage({ ...message, histograms: [{ epoch: 1, layers: [{ min: 1, max: 0, counts: [1] }] }] })).toBe(
      false,
    );
    expect(isUnitsMessage({ ...message, units: { ...message.units, top: [] } })).toBe(false);
  });

  it('answers a unit’s digits with their pixels from the test set, and refuses another epoch', async () => {
    const record = readRun(runDir);
    const request = parseUnitDigitsRequest({ type: 'unitDigits', runId: basename(runDir), epoch: 2, unit: 3 });
    if (!request) throw new Error('a valid request was refused');
    const answer = await unitDigits(record, request);
    const top = readUnitStatistics(runDir)?.top[3] ?? [];
    expect(answer.samples.map((s) => s.index)).toEqual(top.map(([index]) => index));
    const test = await loadTestImages(record.config);
    const first = top[0]?.[0] ?? 0;
    expect(Array.from(answer.pixels.subarray(0, 784))).toEqual(
      Array.from(test.images.subarray(first * 784, (first + 1) * 784)),
    );
    expect(isUnitDigitsMessage(answer as never)).toBe(true);
    expect((await unitDigits(record, { ...request, epoch: 1 })).problem).toBe(
      'the run folder holds the statistics of epoch 2, not of epoch 1',
    );
    expect((await unitDigits(record, { ...request, unit: 99 })).problem).toContain('no unit 99');
    expect(parseUnitDigitsRequest({ runId: 'x', epoch: 2, unit: -1 })).toBeUndefined();
    expect(parseUnitsRequest({ runId: 3 })).toBeUndefined();
  });

  it('a damaged unit-statistics.json loses the unit view only; a resumed run’s redone epoch replaces its histogram', () => {
    const copy = mkdtempSync(join(tmpdir(), 'nn-units-damaged-'));
    const record = readRun(runDir);
    const lines = record.events.map((e) => JSON.stringify(e));
    writeFileSync(join(copy, 'config.json'), JSON.stringify(record.config));
    writeFileSync(join(copy, 'metrics.jsonl'), `${lines.join('\n')}\n`);
    // As a resume from epoch 1 writes it: a new start, then epoch 2 again with other weights.
    const redone = { type: 'epoch', epoch: 2, epochs: 2, loss: 1, trainAccuracy: 0.5, seconds: 1 };
    const histograms = [{ min: -1, max: 1, counts: [5, 6] }];
    appendFileSync(
      join(copy, 'metrics.jsonl'),
      `${JSON.stringify({ type: 'start', epochs: 2, batchesPerEpoch: 10, trainSize: 500, testSize: 10000, layerSizes: [784, 16, 10], firstEpoch: 2 })}\n${JSON.stringify({ ...redone, histograms })}\n`,
    );
    writeFileSync(join(copy, 'unit-statistics.json'), '{"epoch": 2');
    const message = unitsOf(readRun(copy));
    expect(message.units).toBeUndefined();
    expect(message.problem).toMatch(/unreadable unit statistics/);
    expect(message.histograms.map((h) => h.epoch)).toEqual([1, 2]);
    expect(message.histograms[1]?.layers).toEqual(histograms);
  });
});
