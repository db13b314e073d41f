import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, readRun, resumeTraining, type TrainConfig, trainMnist } from '../src/index';
import { quickConfig, workerPath } from './support';

/** Trains `config` to the end, and again stopped after epoch 1, then resumed (after `beforeResume`). */
async function uninterruptedAndResumed(config: () => TrainConfig, beforeResume: (runDir: string) => void = () => {}) {
  const uninterrupted = await trainMnist(config(), { workerPath });
  const controller = new AbortController();
  const stopped = await trainMnist(config(), {
    workerPath,
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'checkpoint' && event.epoch === 1) controller.abort();
    },
  });
  expect(stopped).toMatchObject({ stopped: true, epochs: 1 });
  beforeResume(stopped.runDir);
  const resumed = await resumeTraining(stopped.runDir, { workerPath });
  expect(resumed).toMatchObject({ stopped: false, epochs: 2 });
  return { expected: loadModel(uninterrupted.runDir).network, actual: loadModel(stopped.runDir).network };
}

// One thread and a few hundred images: each run takes a second or two.
describe('a resumed run ends with the weights of an uninterrupted one', () => {
  it("with the accuracy recipe's augmentation, drawn per (seed, epoch, sample)", async () => {
    const config = () =>
      quickConfig({ limit: 300, threads: 1, hiddenLayers: [32], augmentation: { maxShift: 2, maxRotation: 10 } });
    const { expected, actual } = await uninterruptedAndResumed(config);
    expect(actual.parameters()).toEqual(expected.parameters());
  });

  it('with augmentation (and the warp) on two threads, each drawing its shard of every batch itself', async () => {
    const warp = { points: 5, maxDisplacement: 2 };
    const config = () =>
      quickConfig({ limit: 300, threads: 2, hiddenLayers: [32], augmentation: { maxShift: 2, maxRotation: 10, warp } });
    const { expected, actual } = await uninterruptedAndResumed(config);
    expect(actual.parameters()).toEqual(expected.parameters());
    // And two threads learn what one does: the same augmented samples, summed in another order.
    const one = await trainMnist({ ...config(), threads: 1 }, { workerPath });
    const [a, b] = [
      loadModel(one.runDir)
        .network.parameters()
        .flatMap((p) => [...p]),
      expected.parameters().flatMap((p) => [...p]),
    ];
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-3);
  });

  it('from a run folder whose config.json has the older names (cross-entropy, momentum)', async () => {
    const config = () =>
      quickConfig({ limit: 300, threads: 1, hiddenLayers: [32], optimizer: 'sgd', momentum: 0.9, learningRate: 0.05 });
    const { expected, actual } = await uninterruptedAndResumed(config, (runDir) => {
      const file = join(runDir, 'config.json');
      const { momentum: _momentum, ...older } = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ ...older, loss: 'cross-entropy', optimizer: 'momentum' }));
      expect(readRun(runDir).config).toMatchObject({ loss: 'crossEntropy', optimizer: 'sgd', momentum: 0.9 });
    });
    expect(actual.parameters()).toEqual(expected.parameters());
  });
});
