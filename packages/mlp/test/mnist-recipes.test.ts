import { describe, expect, it } from 'vitest';
import { evaluate, type FitEvent, fit, Network } from '../src/index';
import { mnist } from './helpers/mnist-idx';

/**
 * NN_FULL_MNIST=1 trains on all 60 000 images for the figures in docs/benchmarks.md (minutes on this machine);
 * by default a 10 000-image subset keeps CI short, with thresholds set below what the subset reaches.
 */
const full = process.env.NN_FULL_MNIST === '1';
const test = mnist('t10k');
const log = (e: FitEvent) => {
  if (e.type === 'epoch') console.log(JSON.stringify(e));
};

describe('on real MNIST', () => {
  it("the seed's recipe: sigmoid everywhere, MSE, per-sample SGD with r = 0.1, uniform [−1, 1) weights", async () => {
    const train = mnist('train', full ? 60000 : 10000);
    const network = new Network({
      layerSizes: [784, 128, 64, 10],
      activations: ['sigmoid', 'sigmoid', 'sigmoid'],
      loss: 'mse',
      initializer: 'uniform',
      seed: 1,
    });
    const started = performance.now();
    await fit(network, train, {
      epochs: full ? 3 : 1,
      batchSize: 1,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      onEvent: log,
    });
    const { accuracy } = evaluate(network, test);
    console.log(`seed recipe: ${((performance.now() - started) / 1000).toFixed(1)} s, test accuracy ${accuracy}`);
    expect(accuracy).toBeGreaterThanOrEqual(full ? 0.95 : 0.85);
  }, 1_800_000);

  it('modern recipe: relu, relu, softmax + cross-entropy, Adam 3e-3 with cosine decay, batch 128', async () => {
    const train = mnist('train', full ? 60000 : 10000);
    const network = new Network({ layerSizes: [784, 128, 64, 10], seed: 1 });
    const epochs = full ? 10 : 3;
    const started = performance.now();
    await fit(network, train, {
      epochs,
      batchSize: 128,
      optimizer: { type: 'adam', learningRate: 3e-3 },
      schedule: { type: 'cosine' },
      onEvent: log,
    });
    const { accuracy } = evaluate(network, test);
    console.log(
      `modern recipe: ${epochs} epochs, ${((performance.now() - started) / 1000).toFixed(1)} s, test accuracy ${accuracy}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(full ? 0.98 : 0.93);
  }, 1_800_000);
});
