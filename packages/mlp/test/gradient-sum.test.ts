import v8 from 'node:v8';
import vm from 'node:vm';
import { kernels } from '@nn/linalg/internal';
import { describe, expect, it } from 'vitest';
import { GradientSum } from '../src/paths/data-parallel/gradient-sum';
import { copyToShared } from '../src/paths/data-parallel/parameter-share';
import { SlotLayout } from '../src/paths/data-parallel/slot-layout';
import { StepChannel } from '../src/paths/data-parallel/step-channel';

/** Gradient arrays of these lengths in kernel memory, filled from `seed` (a few span several chunks of the sum). */
function gradientArrays(lengths: number[], seed: number): Float32Array[] {
  return lengths.map((length, k) =>
    kernels()
      .allocate(length)
      .map((_, i) => Math.sin(seed * 7919 + k * 104729 + i)),
  );
}

/** A channel for `replicas` over `parameterCount` places, its slots laid out for a split or unsplit update. */
function channelFor(replicas: number, parameterCount: number, split: boolean) {
  const layout = new SlotLayout(replicas, parameterCount, split);
  return { layout, channel: StepChannel.create(replicas, parameterCount, layout.length) };
}

/** Every replica's gradients posted into its slot, as the replicas' posts leave them. */
function postAll(channel: StepChannel, layout: SlotLayout, own: Float32Array[][]): void {
  own.forEach((arrays, r) => {
    copyToShared(layout.postedGradients(r, arrays, channel.slot(r)));
  });
}

const flat = (arrays: Float32Array[]) => arrays.flatMap((array) => Array.from(array));

describe('GradientSum', () => {
  // 150 000 floats: more than two chunks, and one array ending mid-chunk.
  const lengths = [70_000, 3, 80_000 - 3, 1];
  const parameterCount = lengths.reduce((a, b) => a + b, 0);

  for (const replicas of [2, 3]) {
    it(`gives each of ${replicas} replicas the weighted sum of all slots over its share, and leaves the rest`, () => {
      const { layout, channel } = channelFor(replicas, parameterCount, true);
      const own = Array.from({ length: replicas }, (_, r) => gradientArrays(lengths, r + 1));
      postAll(channel, layout, own);
      const weights = Float64Array.from({ length: replicas }, (_, r) => (r + 1) / ((replicas * (replicas + 1)) / 2));
      const sums = own.map((arrays, r) => {
        expect(new GradientSum(channel, r, arrays, layout).sum(weights)).toBe(true);
        return flat(arrays);
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
        const owner = Array.from({ length: replicas }, (_, r) => layout.share(r)).findIndex(
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
    const { layout, channel } = channelFor(2, parameterCount, true);
    const own = [gradientArrays(lengths, 1), gradientArrays(lengths, 2)];
    const before = own.map(flat);
    postAll(channel, layout, own);
    const weights = Float64Array.of(65 / 128, 63 / 128);
    const both = own.map((arrays, r) => {
      new GradientSum(channel, r, arrays, layout).sum(weights);
      return flat(arrays);
    });
    const f = Math.fround;
    for (const i of [0, 12_345, 74_999, 75_000, 149_999]) {
      const owner = i < layout.share(0).to ? 0 : 1;
      // scaleAdd's rounding: each product to float32, then the sum.
      const sum = f(f(f(weights[0]!) * before[0]![i]!) + f(f(weights[1]!) * before[1]![i]!));
      expect(both[owner]![i]).toBe(sum);
    }
  });

  for (const replicas of [2, 3]) {
    it(`gives ${replicas} replicas that each sum everything the same bits, and a split the bits of the whole`, () => {
      const weights = Float64Array.from(
        { length: replicas },
        (_, r) => (r + 2) / (replicas * 2 + (replicas * (replicas - 1)) / 2),
      );
      const unsplit = channelFor(replicas, parameterCount, false);
      postAll(
        unsplit.channel,
        unsplit.layout,
        Array.from({ length: replicas }, (_, r) => gradientArrays(lengths, r + 1)),
      );
      const sums = Array.from({ length: replicas }, (_, r) => {
        const arrays = gradientArrays(lengths, r + 1);
        expect(new GradientSum(unsplit.channel, r, arrays, unsplit.layout).sum(weights)).toBe(true);
        return flat(arrays);
      });
      for (let r = 1; r < replicas; r++) expect(sums[r]).toEqual(sums[0]);
      const split = channelFor(replicas, parameterCount, true);
      const own = Array.from({ length: replicas }, (_, r) => gradientArrays(lengths, r + 1));
      postAll(split.channel, split.layout, own);
      own.forEach((arrays, r) => {
        new GradientSum(split.channel, r, arrays, split.layout).sum(weights);
        const { from, to } = split.layout.share(r);
        expect(flat(arrays).slice(from, to)).toEqual(sums[0]!.slice(from, to));
      });
    });
  }

  it('reports a sum over its share that is not finite, and only over its share', () => {
    const { layout, channel } = channelFor(2, parameterCount, true);
    const own = [gradientArrays(lengths, 1), gradientArrays(lengths, 2)];
    // Place 100 000 is in replica 1's share: replica 0 posts it for replica 1 to sum.
    own[0]![2]![100_000 - 70_003] = Number.NaN;
    postAll(channel, layout, own);
    const weights = Float64Array.of(0.5, 0.5);
    expect(new GradientSum(channel, 0, own[0]!, layout).sum(weights)).toBe(true);
    expect(new GradientSum(channel, 1, own[1]!, layout).sum(weights)).toBe(false);
  });
});

describe('SlotLayout', () => {
  const arrays = [new Float32Array(70_000), new Float32Array(3), new Float32Array(79_996), new Float32Array(1)];
  const parameterCount = 150_000;

  it('halves a slot when two replicas split the update, and keeps every place when they do not', () => {
    expect(new SlotLayout(2, parameterCount, true).length).toBe(75_000);
    expect(new SlotLayout(3, parameterCount, true).length).toBe(100_000);
    expect(new SlotLayout(2, parameterCount, false).length).toBe(parameterCount);
    // By the parameter count when not told.
    expect(new SlotLayout(2, parameterCount).split).toBe(false);
    expect(new SlotLayout(2, 1_000_000).split).toBe(true);
  });

  for (const replicas of [2, 3]) {
    it(`packs ${replicas} replicas' posted gradients into their slots, each where the sum looks for it`, () => {
      const layout = new SlotLayout(replicas, parameterCount, true);
      for (let r = 0; r < replicas; r++) {
        const slot = new Float32Array(layout.length);
        const pieces = layout.postedGradients(r, arrays, slot);
        const { from, to } = layout.share(r);
        // Every place outside the share once, none inside, all within the slot.
        expect(pieces.reduce((sum, piece) => sum + piece.own.length, 0)).toBe(parameterCount - (to - from));
        let at = 0;
        for (const piece of pieces) {
          const k = arrays.findIndex((array) => array.buffer === piece.own.buffer);
          const place = arrays.slice(0, k).reduce((sum, array) => sum + array.length, 0) + piece.own.byteOffset / 4;
          expect(place < from || place >= to).toBe(true);
          expect(piece.shared.byteOffset / 4).toBe(layout.gradientPosition(r, place));
          expect(piece.shared.byteOffset / 4).toBe(at);
          at += piece.own.length;
        }
        // The share's values (weights, state) go to the slot's first places.
        const values = layout.shareValues(r, arrays, slot);
        expect(values[0]!.shared.byteOffset).toBe(0);
        expect(values.reduce((sum, piece) => sum + piece.own.length, 0)).toBe(to - from);
      }
    });
  }
});

describe('GradientSum and the kernel heap', () => {
  it('keeps its scratch block: after garbage collections, a new allocation never lands on it', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const lengths = [1000];
    const { layout, channel } = channelFor(2, 1000, false);
    channel.slot(1).fill(2);
    const mine = gradientArrays(lengths, 1);
    mine[0]!.fill(1);
    const sum = new GradientSum(channel, 0, mine, layout);
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
