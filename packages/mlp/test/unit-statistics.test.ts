import { Matrix } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { evaluate, forward, Network } from '../src/index';

/** The statistics worked out the slow way: the readable model's forward over all samples at once. */
function bruteForce(network: Network, columns: Matrix, k: number) {
  const buffers = forward(network, columns);
  const z = buffers.z[0]!;
  const a = buffers.a[0]!;
  const units = z.rows;
  const active: number[] = [];
  const top: { index: number; activation: number }[][] = [];
  for (let u = 0; u < units; u++) {
    const row = Array.from({ length: z.cols }, (_, j) => ({ index: j, z: z.get(u, j), activation: a.get(u, j) }));
    active.push(row.filter((s) => s.z > 0).length);
    row.sort((p, q) => q.z - p.z || p.index - q.index);
    top.push(row.slice(0, k).map(({ index, activation }) => ({ index, activation })));
  }
  const w = network.layers[0]!.weights;
  const norms = Array.from({ length: units }, (_, u) =>
    Math.hypot(...Array.from({ length: w.cols }, (_, i) => w.get(u, i))),
  );
  return { active, top, norms };
}

/** Mostly-zero byte images (so evaluate takes its sparse first layer), as samples and as [inputs, samples]. */
function sparseBytes(count: number, size: number) {
  const inputs = new Uint8Array(count * size);
  for (let i = 0; i < inputs.length; i++) if ((i * 7919) % 5 === 0) inputs[i] = (i * 31) % 256;
  const labels = Array.from({ length: count }, (_, s) => s % 4);
  const columns = new Matrix(
    count,
    size,
    Float32Array.from(inputs, (v) => v / 255),
  ).transpose();
  return { data: { inputs, labels }, columns };
}

describe('unit statistics of the first hidden layer', () => {
  it('match a brute-force count and top-k over the model forward (sparse first layer, several batches)', () => {
    const network = new Network({ layerSizes: [100, 16, 4], seed: 5 });
    const { data, columns } = sparseBytes(300, 100);
    const units = evaluate(network, data, { batchSize: 64, unitTop: 5 }).units!;
    const expected = bruteForce(network, columns, 5);
    expect(units.samples).toBe(300);
    expect(Array.from(units.active)).toEqual(expected.active);
    // Sparse and dense products round differently; ordering is by z, so only near-equal z could swap.
    expect(units.top.map((list) => list.map((s) => s.index))).toEqual(expected.top.map((l) => l.map((s) => s.index)));
    const activations = units.top.map((list) => list.map((s) => s.activation));
    const expectedActivations = expected.top.map((list) => list.map((s) => s.activation));
    expect(activations.flat().map((v) => v.toFixed(5))).toEqual(expectedActivations.flat().map((v) => v.toFixed(5)));
    const norms = Array.from(units.weightNorms, (v) => v.toFixed(5));
    expect(norms).toEqual(expected.norms.map((v) => v.toFixed(5)));
    // Some units fire on some samples and not others, or the comparison above would prove little.
    expect(expected.active.some((n) => n > 0 && n < 300)).toBe(true);
  });

  it('finds a dead unit (never z > 0) and still lists the samples that come closest to firing', () => {
    const network = new Network({ layerSizes: [6, 3, 2], activations: ['sigmoid', 'softmax'], seed: 2 });
    const first = network.layers[0]!;
    for (let i = 0; i < 6; i++) first.weights.set(1, i, -1 - i);
    first.bias.set(1, 0, -0.5);
    const inputs = Float32Array.from({ length: 10 * 6 }, (_, i) => ((i * 13) % 7) / 7);
    const labels = Array.from({ length: 10 }, (_, s) => s % 2);
    const units = evaluate(network, { inputs, labels }, { batchSize: 4 }).units!;
    const expected = bruteForce(network, new Matrix(10, 6, inputs.slice()).transpose(), 12);
    expect(units.active[1]).toBe(0);
    expect(Array.from(units.active)).toEqual(expected.active);
    expect(units.top[1]!.map((s) => s.index)).toEqual(expected.top[1]!.map((s) => s.index));
    // Fewer samples than k: every sample is listed, each once.
    expect(units.top[0]).toHaveLength(10);
    expect(new Set(units.top[0]!.map((s) => s.index)).size).toBe(10);
  });

  it('keeps the earlier sample on a tie and is left out on request or without a hidden layer', () => {
    const network = new Network({ layerSizes: [1, 1, 2], seed: 1 });
    network.layers[0]!.weights.set(0, 0, 1);
    network.layers[0]!.bias.set(0, 0, 0);
    const data = { inputs: Float32Array.from([0.5, 2, 0.5, 2, 1]), labels: [0, 1, 0, 1, 0] };
    const units = evaluate(network, data, { batchSize: 2, unitTop: 2 }).units!;
    expect(units.top[0]!.map((s) => s.index)).toEqual([1, 3]);
    expect(units.top[0]![0]!.activation).toBe(2);
    expect(evaluate(network, data, { unitTop: 0 }).units).toBeUndefined();
    const single = new Network({ layerSizes: [1, 2], activations: ['softmax'], seed: 1 });
    expect(evaluate(single, data).units).toBeUndefined();
  });
});
