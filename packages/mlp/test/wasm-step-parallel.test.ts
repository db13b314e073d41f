import { describe, expect, it } from 'vitest';
import { type ClassDataset, type FitOptions, fit, Network } from '../src/index';
import { replicaThreads as threads } from './helpers/replica-threads';

/** `count` samples of 40 features in 4 classes, as uint8 with ≈80% zeros. */
function dataset(count: number): ClassDataset {
  const inputs = new Uint8Array(count * 40);
  const labels = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    labels[s] = s % 4;
    for (let i = 0; i < 40; i++) {
      const on = Math.floor(i / 10) === s % 4 ? (s * 7 + i) % 3 !== 0 : (s * 13 + i * 5) % 17 === 0;
      inputs[s * 40 + i] = on ? 60 + ((s * 31 + i * 17) % 190) : 0;
    }
  }
  return { inputs, labels };
}

const network = () => new Network({ layerSizes: [40, 16, 8, 4], seed: 7 });
const flat = (n: Network) => n.parameters().flatMap((p) => Array.from(p));
const base: FitOptions = {
  epochs: 3,
  batchSize: 33,
  optimizer: { type: 'adam', learningRate: 0.01 },
  schedule: { type: 'cosine' },
  weightDecay: 1e-4,
  seed: 3,
  wasmStep: true,
};

describe('data parallelism with the wasm-step path as the shard path', () => {
  it('trains as one thread does, within float rounding, and the same on every run', async () => {
    // 3 epochs of 13 uneven batches (400 = 12 × 33 + 4): every step splits differently and sums in another order.
    const one = network();
    const single = await fit(one, dataset(400), base);
    expect(single.path.name).toBe('wasm-step');
    const runs: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const two = network();
      const result = await fit(two, dataset(400), { ...base, dataParallel: threads(2) });
      expect(result.path).toMatchObject({ name: 'data-parallel', shards: 'wasm-step', threads: 2 });
      runs.push(flat(two));
    }
    const [a, b, start] = [flat(one), runs[0]!, flat(network())];
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-4);
    expect(Math.max(...a.map((v, i) => Math.abs(v - start[i]!)))).toBeGreaterThan(0.05);
    expect(runs[1]).toEqual(runs[0]);
  });
});
