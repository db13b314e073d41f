import v8 from 'node:v8';
import vm from 'node:vm';
import { kernels } from '@nn/linalg/internal';
import { describe, expect, it } from 'vitest';
import { GradientSum } from '../src/paths/data-parallel/gradient-sum';
import { StepChannel } from '../src/paths/data-parallel/step-channel';

/** Gradient arrays of these lengths in kernel memory, filled from `seed` (a few span several chunks of the sum). */
function gradientArrays(lengths: number[], seed: number): Float32Array[] {
  return lengths.map((length, k) =>
    kernels()
      .allocate(length)
      .map((_, i) => Math.sin(seed * 7919 + k * 104729 + i)),
  );
}

describe('GradientSum', () => {
  // 150 000 floats: more than two chunks, and one array ending mid-chunk.
  const lengths = [70_000, 3, 80_000 - 3, 1];
  const parameterCount = lengths.reduce((a, b) => a + b, 0);

  for (const replicas of [2, 3]) {
    it(`gives every one of ${replicas} replicas the weighted sum of all slots, element by element`, () => {
      const channel = StepChannel.create(replicas, parameterCount);
      const own = Array.from({ length: replicas }, (_, r) => gradientArrays(lengths, r + 1));
      own.forEach((arrays, r) => {
        let at = 0;
        for (const array of arrays) {
          channel.slot(r).set(array, at);
          at += array.length;
        }
      });
      const weights = Float64Array.from({ length: replicas }, (_, r) => (r + 1) / ((replicas * (replicas + 1)) / 2));
      const sums = own.map((arrays, r) => {
        expect(new GradientSum(channel, r, arrays).sum(weights)).toBe(true);
        return arrays.flatMap((array) => Array.from(array));
      });
      for (let r = 1; r < replicas; r++) expect(sums[r]).toEqual(sums[0]);
      const expected = (i: number) => {
        let k = 0;
        let at = i;
        while (at >= lengths[k]!) at -= lengths[k++]!;
        return own.reduce((sum, _, r) => sum + weights[r]! * Math.sin((r + 1) * 7919 + k * 104729 + at), 0);
      };
      for (const i of [0, 65_535, 65_536, 69_999, 70_000, 70_002, 131_072, parameterCount - 1]) {
        expect(sums[0]![i]).toBeCloseTo(expected(i), 5);
      }
    });
  }

  it('reports a sum that is not finite', () => {
    const channel = StepChannel.create(2, parameterCount);
    const arrays = gradientArrays(lengths, 1);
    channel.slot(1)[100_000] = Number.NaN;
    expect(new GradientSum(channel, 0, arrays).sum(Float64Array.of(0.5, 0.5))).toBe(false);
  });
});

describe('GradientSum and the kernel heap', () => {
  it('keeps its scratch block: after garbage collections, a new allocation never lands on it', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const lengths = [1000];
    const channel = StepChannel.create(2, 1000);
    channel.slot(1).fill(2);
    const mine = gradientArrays(lengths, 1);
    mine[0]!.fill(1);
    const sum = new GradientSum(channel, 0, mine);
    for (let round = 0; round < 3; round++) {
      gc();
      // FinalizationRegistry callbacks run as tasks after a collection.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Blocks of the scratch's size class handed out now: none may be the one the sum writes into.
    const others = Array.from({ length: 8 }, () => kernels().allocate(1000).fill(-7));
    mine[0]!.fill(1);
    expect(sum.sum(Float64Array.of(0.5, 0.5))).toBe(true);
    expect(Array.from(new Set(mine[0]))).toEqual([1.5]);
    for (const other of others) expect(Array.from(new Set(other))).toEqual([-7]);
  });
});
