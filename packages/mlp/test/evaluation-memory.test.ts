import { describe, expect, it } from 'vitest';
import { evaluate, Network } from '../src/index';
import { evaluationBatchSize } from '../src/training/evaluate';

/** `count` random sparse digits-like samples (bytes, ≈20% non-zero) with labels 0–9. */
function sparseBytes(count: number, inputs: number, seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pixels = new Uint8Array(count * inputs).map(() => (next() < 0.2 ? Math.floor(next() * 255) + 1 : 0));
  const labels = new Int32Array(count).map(() => Math.floor(next() * 10));
  return { inputs: pixels, labels };
}

describe('evaluation memory', () => {
  it('evaluates wide networks in smaller batches, narrow ones in batches of 1000', () => {
    expect(evaluationBatchSize(new Network({ layerSizes: [784, 128, 64, 10] }))).toBe(512);
    expect(evaluationBatchSize(new Network({ layerSizes: [784, 64, 10] }))).toBe(1000);
    expect(evaluationBatchSize(new Network({ layerSizes: [784, 1024, 1024, 10] }))).toBe(64);
    expect(evaluationBatchSize(new Network({ layerSizes: [784, 16384, 10] }))).toBe(64);
  });

  it('gives the same figures with the smaller default batch as with batches of 1000', () => {
    const network = new Network({ layerSizes: [784, 600, 10], activations: ['relu', 'softmax'], seed: 3 });
    const data = sparseBytes(1100, 784, 5);
    const byDefault = evaluate(network, data);
    const byThousand = evaluate(network, data, { batchSize: 1000 });
    expect(evaluationBatchSize(network)).toBe(109);
    expect(byDefault.loss).toBeCloseTo(byThousand.loss, 5);
    expect(byDefault.confusion).toEqual(byThousand.confusion);
    expect(byDefault.units?.active).toEqual(byThousand.units?.active);
  });

  it('keeps forward-only buffers for evaluation: no gradient or dropout arrays', () => {
    const network = new Network({ layerSizes: [784, 32, 10], activations: ['relu', 'softmax'], dropout: 0.2, seed: 1 });
    const inference = network.inferenceBuffersFor(7);
    expect(inference.dz).toEqual([]);
    expect(inference.da).toEqual([]);
    expect(inference.dropoutMask).toEqual([]);
    expect(inference.a.map((a) => [a.rows, a.cols])).toEqual([
      [32, 7],
      [10, 7],
    ]);
    const training = network.buffersFor(7);
    expect(training).not.toBe(inference);
    expect(training.dz).toHaveLength(2);
    expect(training.dropoutMask).toHaveLength(1);
  });
});
