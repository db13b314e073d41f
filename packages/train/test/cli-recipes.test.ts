import type { EpochEvent } from '@nn/mlp';
import { describe, expect, it } from 'vitest';
import { readRun } from '../src/index';
import { runCli } from './cli-process';
import { tempDir } from './support';

/** `nn train` end to end on a slice of the data: the run folder it leaves, and its epochs. */
async function train(flags: string[]) {
  const { code, stdout, stderr } = await runCli(['train', ...flags, '--epochs', '3', '--out', tempDir(), '--json']);
  expect(code, stderr).toBe(0);
  const result = JSON.parse(stdout);
  const run = readRun(result.runDir);
  const epochs = run.events.filter((e): e is EpochEvent => e.type === 'epoch');
  return { result, run, epochs };
}

describe('each recipe and data set trains end to end from the command line', () => {
  it('--recipe seed: sigmoid everywhere, squared error, one sample per step, on one thread', async () => {
    const { result, run, epochs } = await train(['--recipe', 'seed', '--limit', '2000']);
    expect(run.config).toMatchObject({ recipe: 'seed', loss: 'mse', batchSize: 1, threads: 1 });
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs[2]!.trainAccuracy).toBeGreaterThan(epochs[0]!.trainAccuracy);
    expect(result.testAccuracy).toBeGreaterThan(0.6);
  });

  it('--recipe accuracy: wide layers, dropout and augmentation, split across threads', async () => {
    const { result, run, epochs } = await train(['--recipe', 'accuracy', '--limit', '2000']);
    expect(run.config).toMatchObject({ recipe: 'accuracy', hiddenLayers: [1024, 1024], dropout: 0.2 });
    expect(run.config.augmentation).toEqual({ maxShift: 2, maxRotation: 10, warp: { points: 5, maxDisplacement: 2 } });
    expect(epochs[2]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(result.testAccuracy).toBeGreaterThan(0.8);
  });

  it('--dataset fashion: the default recipe on Fashion-MNIST (Debian dataset-fashion-mnist)', async () => {
    const { result, run, epochs } = await train(['--dataset', 'fashion', '--limit', '3000']);
    expect(run.config).toMatchObject({ dataset: 'fashion', recipe: 'default' });
    expect(epochs[2]!.trainAccuracy).toBeGreaterThan(epochs[0]!.trainAccuracy);
    expect(result.testAccuracy).toBeGreaterThan(0.6);
  });
});
