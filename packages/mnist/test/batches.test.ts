import type { Matrix } from '@nn/linalg';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { batches, fillImages, fillLabels, imageColumn, type LabelledImages, shuffledIndices } from '../src/index';

/** Tiny traceable "images": example i has every pixel 10·(i+1) except pixel 5 (255), and label 3i mod 10. */
function syntheticDataset(count: number): LabelledImages {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images.fill((10 * (i + 1)) % 256, i * 784, (i + 1) * 784);
    images[i * 784 + 5] = 255;
    labels[i] = (i * 3) % 10;
  }
  return { images, labels, count };
}

describe('batches', () => {
  const dataset = syntheticDataset(7);

  it('puts one example per column of x, scaled to [0, 1], with labels and one-hot columns', () => {
    const [first] = batches(dataset, { batchSize: 3 });
    expect(first!.x.rows).toBe(784);
    expect(first!.x.cols).toBe(3);
    for (let s = 0; s < 3; s++) {
      expect(first!.x.get(0, s)).toBeCloseTo((10 * (s + 1)) / 255, 6);
      expect(first!.x.get(5, s)).toBe(1);
      const label = (s * 3) % 10;
      expect(first!.y[s]).toBe(label);
      for (let k = 0; k < 10; k++) expect(first!.oneHot.get(k, s)).toBe(k === label ? 1 : 0);
    }
  });

  it('reuses the full-batch buffers and gives the last partial batch its own size', () => {
    const seen = [...batches(dataset, { batchSize: 3 })].map((batch) => ({ batch, cols: batch.x.cols }));
    expect(seen.map((entry) => entry.cols)).toEqual([3, 3, 1]);
    expect(seen[0]!.batch).toBe(seen[1]!.batch);
    expect(seen[0]!.batch.x.data).toBe(seen[1]!.batch.x.data);
    expect(seen[2]!.batch.x.data.length).toBe(784);
    expect(Array.from(seen[2]!.batch.indices)).toEqual([6]);
  });

  it('drops the last partial batch on request, and the type then carries the literal batch size', () => {
    const sizes = [...batches(dataset, { batchSize: 3, dropLast: true })].map((batch) => batch.x.cols);
    expect(sizes).toEqual([3, 3]);
    for (const batch of batches(dataset, { batchSize: 3, dropLast: true })) {
      expectTypeOf(batch.x).toEqualTypeOf<Matrix<784, 3>>();
    }
    for (const batch of batches(dataset, { batchSize: 3 })) expectTypeOf(batch.x).toEqualTypeOf<Matrix<784, number>>();
  });

  it('shuffles reproducibly from its seed, visiting every example once', () => {
    const order = (seed: number) => {
      const visited: number[] = [];
      // Read each batch before the next one overwrites the shared buffers.
      for (const batch of batches(dataset, { batchSize: 2, shuffle: true, seed })) visited.push(...batch.indices);
      return visited;
    };
    expect(order(1)).toEqual(order(1));
    expect(order(1)).not.toEqual(order(2));
    expect(order(1).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(shuffledIndices(7, 1))).toEqual(order(1));
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => batches(dataset, { batchSize: 0 }).next()).toThrow(/positive integer, got 0/);
  });
});

describe('fillImages / fillLabels', () => {
  const dataset = syntheticDataset(4);

  it('fills rows (B×784) or columns (784×B) for chosen indices', () => {
    const rows = fillImages(dataset.images, [2, 0], new Float32Array(2 * 784), 'rows');
    expect(rows[0]).toBeCloseTo(30 / 255, 6);
    expect(rows[784]).toBeCloseTo(10 / 255, 6);
    const columns = fillImages(dataset.images, [2, 0], new Float32Array(2 * 784));
    expect(columns[0]).toBeCloseTo(30 / 255, 6);
    expect(columns[1]).toBeCloseTo(10 / 255, 6);
    const labels = new Uint8Array(2);
    const oneHot = new Float32Array(20);
    fillLabels(dataset.labels, [2, 3], labels, oneHot, 'rows');
    expect(Array.from(labels)).toEqual([6, 9]);
    expect(oneHot[6]).toBe(1);
    expect(oneHot[10 + 9]).toBe(1);
    expect(oneHot.reduce((a, b) => a + b)).toBe(2);
  });

  it('names the problem when an index or buffer is wrong', () => {
    expect(() => fillImages(dataset.images, [4], new Float32Array(784))).toThrow(/index 4 is outside the 4 images/);
    expect(() => fillImages(dataset.images, [0, 1], new Float32Array(784))).toThrow(/holds 784 values, needs 1568/);
  });

  it('imageColumn scales one image into a 784×1 column', () => {
    const column = imageColumn(dataset.images.subarray(784, 1568));
    expect(column.cols).toBe(1);
    expect(column.get(0, 0)).toBeCloseTo(20 / 255, 6);
  });
});
