import { kernels } from '@nn/linalg/internal';
import { describe, expect, it } from 'vitest';
import { GradientSum } from '../src/paths/data-parallel/gradient-sum';
import { SHARE_ALIGNMENT, shareOf } from '../src/paths/data-parallel/parameter-share';
import { StepChannel } from '../src/paths/data-parallel/step-channel';

describe('shareOf', () => {
  for (const [parameterCount, replicas] of [
    [109_386, 2],
    [1_863_690, 2],
    [109_386, 3],
    [52_650, 4],
    [1_001, 3],
    [20, 3],
  ] as const) {
    it(`tiles ${parameterCount} parameters among ${replicas} replicas from line-aligned starts`, () => {
      const shares = Array.from({ length: replicas }, (_, r) => shareOf(r, replicas, parameterCount));
      expect(shares[0]!.from).toBe(0);
      expect(shares.at(-1)!.to).toBe(parameterCount);
      for (let r = 0; r < replicas; r++) {
        const { from, to } = shares[r]!;
        expect(from % SHARE_ALIGNMENT, `replica ${r} starts at ${from}`).toBe(0);
        if (r > 0) expect(from).toBe(shares[r - 1]!.to);
        // Near-equal: rounding each start down moves it by less than one alignment.
        expect(Math.abs(to - from - parameterCount / replicas)).toBeLessThan(SHARE_ALIGNMENT + 1);
      }
    });
  }
});

describe('GradientSum copies', () => {
  it('place each slot piece in the scratch as it sits within its 8 bytes (so the copy runs word by word)', () => {
    // An odd-length array first: every later array starts at an odd place of the slot.
    const lengths = [3, 70_001, 80_000];
    const parameterCount = lengths.reduce((a, b) => a + b, 0);
    const channel = StepChannel.create(2, parameterCount);
    for (let r = 0; r < 2; r++) {
      const arrays = lengths.map((length) => kernels().allocate(length));
      const sum = new GradientSum(channel, r, arrays, shareOf(r, 2, parameterCount));
      const chunks = (sum as unknown as { chunks: { sources: Float32Array[]; scratch: Float32Array }[] }).chunks;
      expect(chunks.length).toBeGreaterThan(1);
      for (const { sources, scratch } of chunks) {
        expect(scratch.byteOffset % 8, `replica ${r}`).toBe(sources[1 - r]!.byteOffset % 8);
      }
    }
  });
});
