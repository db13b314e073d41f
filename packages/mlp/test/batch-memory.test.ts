import { Matrix } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { Network } from '../src/index';
import { SparseBatchGatherer } from '../src/paths/sparse-input/sparse-batch';

/** Whether `small` is the first part of `large`'s memory. */
function startsWithin(small: ArrayBufferView, large: ArrayBufferView): boolean {
  return small.buffer === large.buffer && small.byteOffset === large.byteOffset && small.byteLength <= large.byteLength;
}

describe("an epoch's last, smaller batch", () => {
  it('takes its training buffers from the first part of the full batch', () => {
    const network = new Network({ layerSizes: [20, 8, 6, 3], dropout: 0.2, seed: 1 });
    const full = network.buffersFor(16);
    const last = network.buffersFor(5);
    expect(last.sharing).toBe(full);
    const pairs: [ArrayBufferView, ArrayBufferView][] = [
      [last.x.data, full.x.data],
      [last.y.data, full.y.data],
      [last.labels, full.labels],
      ...(['z', 'a', 'dz', 'da', 'dropped'] as const).flatMap((name) =>
        last[name].map((m, l): [ArrayBufferView, ArrayBufferView] => [m.data, full[name][l]!.data]),
      ),
      ...last.dropoutMask.map((mask, l): [ArrayBufferView, ArrayBufferView] => [mask, full.dropoutMask[l]!]),
    ];
    expect(pairs.length).toBe(2 + 1 + 4 * 3 + 2 + 2);
    for (const [small, large] of pairs) expect(startsWithin(small, large)).toBe(true);
    expect([last.z[0]!.rows, last.z[0]!.cols]).toEqual([8, 5]);
    // A larger size asked for later gets memory of its own.
    expect(network.buffersFor(32).sharing).toBeUndefined();
  });

  it('gathers its non-zero inputs into the first part of the full batch’s lines', () => {
    const inputSize = 6;
    const gatherer = new SparseBatchGatherer(inputSize);
    const count = 12;
    const inputs = new Uint8Array(count * inputSize).map((_, i) => (i % 3 === 0 ? 0 : i));
    const data = { inputs, labels: new Int32Array(count).map((_, i) => i % 3) };
    const order = Int32Array.from({ length: count }, (_, i) => count - 1 - i);
    const source = { data, scale: 1 / 255, order };
    const full = gatherer.gather(source, 0, Matrix.zeros(3, 8), new Int32Array(8), 1);
    const fullIndices = Array.from(full.bySample.indices.subarray(0, full.bySample.offsets[8]));
    const last = gatherer.gather(source, 8, Matrix.zeros(3, 4), new Int32Array(4), 1);
    for (const form of ['bySample', 'byInput'] as const) {
      expect(startsWithin(last[form].offsets, full[form].offsets)).toBe(true);
      expect(startsWithin(last[form].indices, full[form].indices)).toBe(true);
      expect(startsWithin(last[form].values, full[form].values)).toBe(true);
    }
    // The last batch's lines are its own samples' (11 − 8 … 11 − 11), each pixel i > 0 of a sample with i % 3 ≠ 0.
    const perSample = Array.from({ length: 4 }, (_, j) => {
      const { offsets, indices } = last.bySample;
      return Array.from(indices.subarray(offsets[j], offsets[j + 1]));
    });
    expect(perSample).toEqual(Array.from({ length: 4 }, () => [1, 2, 4, 5]));
    expect(fullIndices.length).toBe(8 * 4);
  });
});
