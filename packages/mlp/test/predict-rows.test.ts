import { Matrix } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { ConfigError, Network } from '../src/index';

describe('network.predictRows', () => {
  it('gives the same outputs as predict, one row per sample instead of one column', () => {
    const network = new Network({ layerSizes: [3, 4, 2], seed: 7 });
    const rows = Float32Array.from([0.1, 0.2, 0.3, -1, 0.5, 2, 0, 0, 1]); // 3 samples
    const out = network.predictRows(rows, 3);
    const columns = network.predict(Matrix.fromArray(3, 3, Array.from(rows)).transpose()); // samples as columns
    expect(out).toHaveLength(6);
    for (let s = 0; s < 3; s++) for (let o = 0; o < 2; o++) expect(out[s * 2 + o]).toBeCloseTo(columns.get(o, s), 6);
  });

  it('scales bytes by 1/255 as fit does, crossing a chunk boundary', () => {
    const network = new Network({ layerSizes: [2, 1], activations: ['identity'], seed: 1 });
    network.layers[0]!.weights.data.set([1, 2]);
    const count = 1500;
    const bytes = new Uint8Array(count * 2).fill(255);
    const out = network.predictRows(bytes, count);
    expect(out).toHaveLength(count);
    expect(out[count - 1]).toBeCloseTo(3, 5);
    expect(network.predictRows(Float32Array.from([2, 1]), 1, 0.5)[0]).toBeCloseTo(2, 5);
  });

  it('names inputs that do not hold count rows', () => {
    const network = new Network({ layerSizes: [3, 2], seed: 1 });
    expect(() => network.predictRows(new Float32Array(5), 2)).toThrow(
      new ConfigError('predictRows: 2 samples need 2 × 3 = 6 input values, got 5'),
    );
  });
});
