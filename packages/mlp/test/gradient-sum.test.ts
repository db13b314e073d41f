import v8 from 'node:v8';
import vm from 'node:vm';
import { kernels } from '@nn/linalg/internal';
import { describe, expect, it } from 'vitest';
import { GradientSum } from '../src/paths/data-parallel/gradient-sum';
import { shareOf } from '../src/paths/data-parallel/parameter-share';
import { StepChannel } from '../src/paths/data-parallel/step-channel';

/** Gradient arrays of these lengths in kernel memory, filled from `seed` (a few span several chunks of the sum). */
function gradientArrays(lengths: number[], seed: number): Float32Array[] {
  return lengths.map((length, k) =>
    kernels()
      .allocate(length)
      .map((_, i) => Math.sin(seed * 7919 + k * 104729 + i)),
  );
}

/** Every replica's gradients posted whole into its slot, as the replicas' posts leave them. */
function postAll(channel: StepChannel, own: Float32Array[][]): void {
  own.forEach((arrays, r) => {
    let at = 0;
    for (const array of arrays) {
      channel.slot(r).set(array, at);
      at += array.length;
    }
  });
}

describe('GradientSum', () => {
  // 150 000 floats: more than two chunks, and one array ending mid-chunk.
  const lengths = [70_000, 3, 80_000 - 3, 1];
  const parameterCount = lengths.reduce((a, b) => a + b, 0);

  for (const replicas of [2, 3]) {
    it(`gives each of ${replicas} replicas the weighted sum of all slots over its share, and leaves the rest`, () => {
      const channel = StepChannel.create(replicas, parameterCount);
      const own = Array.from({ length: replicas }, (_, r) => gradientArrays(lengths, r + 1));
      postAll(channel, own);
      const weights = Float64Array.from({ length: replicas }, (_, r) => (r + 1) / ((replicas * (replicas + 1)) / 2));
      const sums = own.map((arrays, r) => {
        expect(new GradientSum(channel, r, arrays, shareOf(r, replicas, parameterCount)).sum(weights)).toBe(true);
        return arrays.flatMap((array) => Array.from(array));
      });
      const placeOf = (i: number) => {
        let k = 0;
        let at = i;
        while (at >= lengths[k]!) at -= lengths[k++]!;
        return { k, at };
      };
      const expected = (i: number) => {
        const { k, at } = placeOf(i);
        return own.reduce((sum, _, r) => sum + weights[r]! * Math.sin((r + 1) * 7919 + k * 104729 + at), 0);
      };
      const places = [0, 49_999, 50_000, 65_535, 65_536, 69_999, 70_000, 70_002, 75_001, 100_001, 131_072];
      for (const i of [...places, parameterCount - 1]) {
        const owner = Array.from({ length: replicas }, (_, r) => shareOf(r, replicas, parameterCount)).findIndex(
          ({ from, to }) => i >= from && i < to,
        );
        expect(sums[owner]![i], `place ${i}, replica ${owner}`).toBeCloseTo(expected(i), 5);
        for (let r = 0; r < replicas; r++) {
          if (r === owner) continue;
          const { k, at } = placeOf(i);
          expect(sums[r]![i], `place ${i} left alone by replica ${r}`).toBe(
            Math.fround(Math.sin((r + 1) * 7919 + k * 104729 + at)),
          );
        }
      }
    });
  }

  it('with two replicas, either share is the sum every replica computed before shares (w0·g0 + w1·g1, bit for bit)', () => {
    const channel = StepChannel.create(2, parameterCount);
    const own = [gradientArrays(lengths, 1), gradientArrays(lengths, 2)];
    postAll(channel, own);
    const weights = Float64Array.of(65 / 128, 63 / 128);
    const both = own.map((arrays, r) => {
      new GradientSum(channel, r, arrays, shareOf(r, 2, parameterCount)).sum(weights);
      return arrays.flatMap((array) => Array.from(array));
    });
    const f = Math.fround;
    const slot0 = channel.slot(0);
    const slot1 = channel.slot(1);
    for (const i of [0, 12_345, 74_999, 75_000, 149_999]) {
      const owner = i < shareOf(0, 2, parameterCount).to ? 0 : 1;
      // scaleAdd's rounding: each product to float32, then the sum.
      const sum = f(f(f(weights[0]!) * slot0[i]!) + f(f(weights[1]!) * slot1[i]!));
      expect(both[owner]![i]).toBe(sum);
    }
  });

  for (const replicas of [2, 3]) {
    it(`gives ${replicas} replicas that each sum everything the same bits, and a split the bits of the whole`, () => {
      const channel = StepChannel.create(replicas, parameterCount);
      const own = Array.from({ length: replicas }, (_, r) => gradientArrays(lengths, r + 1));
      postAll(channel, own);
      const weights = Float64Array.from(
        { length: replicas },
        (_, r) => (r + 2) / (replicas * 2 + (replicas * (replicas - 1)) / 2),
      );
      const whole = { from: 0, to: parameterCount };
      const sums = own.map((_, r) => {
        const arrays = gradientArrays(lengths, r + 1);
        expect(new GradientSum(channel, r, arrays, whole).sum(weights)).toBe(true);
        return arrays.flatMap((array) => Array.from(array));
      });
      for (let r = 1; r < replicas; r++) expect(sums[r]).toEqual(sums[0]);
      own.forEach((arrays, r) => {
        new GradientSum(channel, r, arrays, shareOf(r, replicas, parameterCount)).sum(weights);
        const { from, to } = shareOf(r, replicas, parameterCount);
        const split = arrays.flatMap((array) => Array.from(array)).slice(from, to);
        expect(split).toEqual(sums[0]!.slice(from, to));
      });
    });
  }

  it('reports a sum over its share that is not finite, and only over its share', () => {
    const channel = StepChannel.create(2, parameterCount);
    channel.slot(1)[100_000] = Number.NaN;
    const sum = (replica: number) =>
      new GradientSum(channel, replica, gradientArrays(lengths, 1), shareOf(replica, 2, parameterCount)).sum(
        Float64Array.of(0.5, 0.5),
      );
    channel.slot(0)[100_000] = Number.NaN;
    expect(sum(0)).toBe(true);
    expect(sum(1)).toBe(false);
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
    const sum = new GradientSum(channel, 0, mine, { from: 0, to: 1000 });
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
