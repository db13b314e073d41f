import { writeFileSync } from 'node:fs';
import { evaluate, Network } from '@nn/mlp';
import { loadMnist } from '@nn/mnist';
import { describe, expect, it } from 'vitest';
import {
  makeTrainConfig,
  RunFolderError,
  readRun,
  readTestCells,
  type TrainEpochEvent,
  trainMnist,
} from '../src/index';
import { testCellsOf } from '../src/job/test-cells-of';
import { RunFolder } from '../src/run/run-folder';
import { quickConfig, tempDir, workerPath } from './support';

const epochLines = (runDir: string): TrainEpochEvent[] =>
  readRun(runDir).events.filter((e): e is TrainEpochEvent => e.type === 'epoch');

describe('the test set confusion of each epoch, in the run folder', () => {
  it('a run records the counts on every epoch line and the cells of the newest epoch in test-cells.json', async () => {
    const result = await trainMnist(quickConfig({ limit: 300, threads: 1, hiddenLayers: [16] }), { workerPath });
    const epochs = epochLines(result.runDir);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    for (const epoch of epochs) {
      const counts = epoch.confusion ?? [];
      expect(counts).toHaveLength(10);
      expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
      const right = counts.reduce((sum, row, c) => sum + (row[c] ?? 0), 0);
      expect(right / 10_000).toBeCloseTo(epoch.testAccuracy ?? Number.NaN, 10);
    }
    // The final weights are the last epoch's: the summary's confusion (from @nn/mlp's evaluate) agrees.
    expect(epochs.at(-1)?.confusion).toEqual(result.confusion);

    const cells = readTestCells(result.runDir);
    expect(cells).toMatchObject({ epoch: 2, testSize: 10_000, perCell: 20 });
    const test = await loadMnist({ split: 'test', resolveFrom: import.meta.url });
    for (const [actual, row] of (cells?.cells ?? []).entries()) {
      for (const [predicted, samples] of row.entries()) {
        const count = epochs.at(-1)?.confusion?.[actual]?.[predicted] ?? 0;
        expect(samples).toHaveLength(Math.min(20, count));
        for (const [index] of samples) expect(test.labels[index]).toBe(actual);
        const p = samples.map((s) => s[1]);
        // Worst first: the most confident mistakes, the least confident right answers.
        const sorted = [...p].sort((a, b) => (actual === predicted ? a - b : b - a));
        expect(p).toEqual(sorted);
      }
    }
  });

  it("testCellsOf keeps evaluate's counts and puts each sample where the network predicts it", async () => {
    const test = await loadMnist({ split: 'test', resolveFrom: import.meta.url });
    const data = { inputs: test.images.subarray(0, 500 * 784), labels: test.labels.subarray(0, 500) };
    for (const outputActivation of ['softmax', 'sigmoid'] as const) {
      const network = new Network({ layerSizes: [784, 12, 10], outputActivation, seed: 3 });
      const evaluation = evaluate(network, data);
      const { confusion, cells } = testCellsOf(evaluation, data.labels, 1, 5);
      expect(confusion).toEqual(evaluation.confusion);
      const outputs = network.predictRows(data.inputs, 500);
      const [index, probability] = cells.cells.flat().find((samples) => samples.length > 0)?.[0] ?? [0, 0];
      const row = Array.from(outputs.subarray(index * 10, index * 10 + 10));
      const predicted = row.indexOf(Math.max(...row));
      expect(cells.cells[data.labels[index] ?? -1]?.[predicted]?.[0]).toEqual([index, probability]);
      if (outputActivation === 'softmax') expect(probability).toBeCloseTo(Math.max(...row), 6);
      expect(cells.cells.flat().every((samples) => samples.length <= 5)).toBe(true);
    }
  });

  it('readers accept run folders without it, drop a damaged confusion and refuse a damaged test-cells.json', () => {
    const folder = RunFolder.create(makeTrainConfig({ outDir: tempDir() }));
    const epoch = { type: 'epoch', epoch: 1, epochs: 2, loss: 1, trainAccuracy: 0.5, seconds: 1 };
    const lines = [
      epoch,
      { ...epoch, epoch: 2, confusion: [[1, 2], [3]] },
      {
        ...epoch,
        epoch: 3,
        confusion: [
          [1, 0],
          [0, 4],
        ],
      },
    ];
    writeFileSync(folder.file('metrics'), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    expect(readTestCells(folder.path)).toBeUndefined();
    const read = epochLines(folder.path);
    expect(read.map((e) => e.confusion)).toEqual([
      undefined,
      undefined,
      [
        [1, 0],
        [0, 4],
      ],
    ]);
    expect(read.map((e) => e.epoch)).toEqual([1, 2, 3]);

    const good = {
      epoch: 1,
      testSize: 3,
      perCell: 2,
      cells: [
        [[[0, 0.9]], []],
        [[[2, 0.7]], [[1, 0.6]]],
      ],
    };
    folder.writeTestCells(good as never);
    expect(readTestCells(folder.path)).toEqual(good);
    const damaged: [unknown, string][] = [
      [
        {
          ...good,
          cells: [
            [[[5, 0.9]], []],
            [[], []],
          ],
        },
        'index 5, not a test sample',
      ],
      [
        {
          ...good,
          cells: [
            [[[0, 1.5]], []],
            [[], []],
          ],
        },
        'probability 1.5',
      ],
      [{ ...good, cells: [[[], []]] }, 'cells is not a square table'],
      [{ ...good, epoch: 0 }, 'epoch is not'],
    ];
    for (const [cells, message] of damaged) {
      writeFileSync(folder.file('testCells'), JSON.stringify(cells));
      expect(() => readTestCells(folder.path)).toThrow(message);
    }
    writeFileSync(folder.file('testCells'), '{"epoch":');
    expect(() => readTestCells(folder.path)).toThrow(RunFolderError);
  });
});
