import { describe, expect, it } from 'vitest';
import { seedNetwork, trainLikeTheSeed } from '../examples/seed-loop';
import { evaluate, fit, type Network } from '../src/index';
import { mnist } from './helpers/mnist-idx';

function largestDifference(a: Network, b: Network): number {
  let largest = 0;
  const pb = b.parameters();
  a.parameters().forEach((values, k) => {
    for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]! - pb[k]![i]!));
  });
  return largest;
}

describe('examples/seed-loop.ts: the seed written by hand with forward, backward and an optimiser step', () => {
  it("trains the same weights as fit() with the seed's settings (per-sample SGD, r = 0.1, in order)", async () => {
    const data = mnist('train', 300);
    const byHand = seedNetwork(1);
    trainLikeTheSeed(byHand, data, 2, 0.1);
    const byFit = seedNetwork(1);
    const { path } = await fit(byFit, data, {
      epochs: 2,
      batchSize: 1,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      shuffle: false,
    });
    expect(path.name).toBe('per-sample-sgd');
    // 600 steps of float32 rounding, summed in different orders by the two paths.
    expect(largestDifference(byHand, byFit)).toBeLessThan(1e-4);
    // The weights moved: a loop that did nothing would also "agree" with a fit that did nothing.
    expect(largestDifference(byHand, seedNetwork(1))).toBeGreaterThan(0.01);
  });

  it('learns: the hand-written loop on 2 000 images classifies unseen digits far above chance', () => {
    const network = seedNetwork(1);
    trainLikeTheSeed(network, mnist('train', 2000), 1, 0.1);
    expect(evaluate(network, mnist('t10k', 1000)).accuracy).toBeGreaterThan(0.6);
  });
});
