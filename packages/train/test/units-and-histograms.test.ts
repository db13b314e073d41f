import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HISTOGRAM_BINS,
  loadModel,
  makeTrainConfig,
  RunFolderError,
  readRun,
  readUnitStatistics,
  type TrainEpochEvent,
  trainMnist,
  weightHistogram,
} from '../src/index';
import { RunFolder } from '../src/run/run-folder';
import { quickConfig, tempDir, workerPath } from './support';

const epochLines = (runDir: string): TrainEpochEvent[] =>
  readRun(runDir).events.filter((e): e is TrainEpochEvent => e.type === 'epoch');

describe("the first layer's units and the weight histograms, in the run folder", () => {
  it('a run records a histogram per layer on every epoch line and the newest unit statistics', async () => {
    const result = await trainMnist(quickConfig({ limit: 300, threads: 1, hiddenLayers: [16] }), { workerPath });
    const epochs = epochLines(result.runDir);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const epoch of epochs) {
      expect(epoch.histograms?.map((h) => h.counts.reduce((a, b) => a + b, 0))).toEqual([784 * 16, 16 * 10]);
      expect(epoch.histograms?.every((h) => h.counts.length === HISTOGRAM_BINS && h.min < h.max)).toBe(true);
    }
    // The last epoch's histograms are those of the saved weights.
    const { network } = loadModel(`${result.runDir}/model.safetensors`);
    expect(epochs.at(-1)?.histograms).toEqual(network.layers.map((l) => weightHistogram(l.weights.data)));

    const units = readUnitStatistics(result.runDir);
    expect(units).toMatchObject({ epoch: 2, testSize: 10_000, activation: 'relu' });
    expect(units?.active).toHaveLength(16);
    expect(units?.top.every((list) => list.length === 12)).toBe(true);
    const norms = network.layers[0]!.weights;
    const norm0 = Math.hypot(...Array.from({ length: 784 }, (_, i) => norms.get(0, i)));
    expect(units?.weightNorms[0]).toBeCloseTo(norm0, 3);
  });

  it('bins weights over their own range, the maximum in the last bin, and one bin when all are equal', () => {
    expect(weightHistogram([0, 1, 2, 3, 4], 4)).toEqual({ min: 0, max: 4, counts: [1, 1, 1, 2] });
    expect(weightHistogram([-1, -0.5, 1, Number.NaN], 2)).toEqual({ min: -1, max: 1, counts: [2, 1] });
    expect(weightHistogram([0.5, 0.5], 4)).toEqual({ min: 0.5, max: 0.5, counts: [2] });
  });

  it('readers accept folders without them, drop damaged histograms and refuse a damaged unit-statistics.json', () => {
    const folder = RunFolder.create(makeTrainConfig({ outDir: tempDir() }));
    const epoch = { type: 'epoch', epoch: 1, epochs: 3, loss: 1, trainAccuracy: 0.5, seconds: 1 };
    const histograms = [{ min: -1, max: 1, counts: [3, 4] }];
    const lines = [
      epoch,
      { ...epoch, epoch: 2, histograms: [{ min: 1, max: -1, counts: [3, 4] }] },
      { ...epoch, epoch: 3, histograms },
    ];
    writeFileSync(folder.file('metrics'), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    expect(readUnitStatistics(folder.path)).toBeUndefined();
    expect(epochLines(folder.path).map((e) => e.histograms)).toEqual([undefined, undefined, histograms]);

    const good = {
      epoch: 1,
      testSize: 3,
      activation: 'relu',
      active: [2, 0],
      weightNorms: [1.5, 0.25],
      top: [
        [
          [1, 0.9],
          [0, 0.1],
        ],
        [[2, 0]],
      ],
    };
    folder.writeUnitStatistics(good as never);
    expect(readUnitStatistics(folder.path)).toEqual(good);
    const damaged: [unknown, string][] = [
      [{ ...good, top: [[[3, 0.9]], []] }, 'index 3, not a test image'],
      [{ ...good, active: [4, 0] }, 'active holds'],
      [{ ...good, weightNorms: [1] }, 'weightNorms does not have 2'],
      [{ ...good, top: [[[0, 'x']], []] }, 'activation x'],
      [{ ...good, epoch: 0 }, 'epoch is not'],
    ];
    for (const [statistics, message] of damaged) {
      writeFileSync(folder.file('unitStatistics'), JSON.stringify(statistics));
      expect(() => readUnitStatistics(folder.path)).toThrow(message);
    }
    writeFileSync(folder.file('unitStatistics'), '{"epoch":');
    expect(() => readUnitStatistics(folder.path)).toThrow(RunFolderError);
  });
});
