import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/index';
import type { SparseLines } from '../src/internal';
import { KERNEL_SETS } from './kernel-sets';
import { randomValues } from './support/reference';

/** [lines, length]: lengths with and without a remainder of 4, one line, and a 1024-wide layer's batch of 64. */
const SHAPES: [number, number][] = [
  [1, 1],
  [3, 4],
  [5, 7],
  [17, 33],
  [1024, 64],
];

/** Each row's non-zero columns and values, by a plain loop: what the lines must list. */
function expected(lines: number, length: number, a: Float32Array): [number, number][][] {
  return Array.from({ length: lines }, (_, r) =>
    Array.from(a.subarray(r * length, (r + 1) * length), (value, k) => [k, value] as [number, number]).filter(
      ([, value]) => value !== 0,
    ),
  );
}

function listed(target: SparseLines, lines: number): [number, number][][] {
  return Array.from({ length: lines }, (_, r) => {
    const entries: [number, number][] = [];
    for (let e = target.offsets[r]!; e < target.offsets[r + 1]!; e++)
      entries.push([target.indices[e]!, target.values[e]!]);
    return entries;
  });
}

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('nonZeroLines (%s)', (_, set) => {
  it.each(SHAPES)('lists each row’s non-zeros in column order (%i × %i)', (lines, length) => {
    for (const [seed, zeros] of [
      [1, 0.8],
      [2, 0],
      [3, 1],
      [4, 0.5],
    ] as const) {
      const a = randomValues(new SeededRandom(seed), lines * length, zeros);
      // Lines sized once for more than this call needs, holding stale entries from an earlier call.
      const room = lines * length + 8;
      const target = {
        offsets: new Int32Array(lines + 3).fill(-1),
        indices: new Int32Array(room).fill(-1),
        values: new Float32Array(room).fill(9),
      };
      set.nonZeroLines(lines, length, a, target);
      expect(target.offsets[0]).toBe(0);
      expect(listed(target, lines)).toEqual(expected(lines, length, a));
    }
  });

  it('takes -0 for a zero and NaN for a non-zero, as `value !== 0` does', () => {
    const a = Float32Array.of(-0, Number.NaN, 0, 2, -0, 0, 0, 0, Number.NaN);
    const target = { offsets: new Int32Array(4), indices: new Int32Array(9), values: new Float32Array(9) };
    set.nonZeroLines(3, 3, a, target);
    expect(Array.from(target.offsets)).toEqual([0, 1, 2, 3]);
    expect(Array.from(target.indices.subarray(0, 3))).toEqual([1, 0, 2]);
    expect(Array.from(target.values.subarray(0, 3))).toEqual([Number.NaN, 2, Number.NaN]);
  });

  it('reads and writes arrays from the set’s own allocator in place', () => {
    const lines = 6;
    const length = 10;
    const a = set.allocate(lines * length);
    a.set(randomValues(new SeededRandom(5), lines * length, 0.7));
    const target = {
      offsets: set.allocateInts(lines + 1),
      indices: set.allocateInts(lines * length),
      values: set.allocate(lines * length),
    };
    set.nonZeroLines(lines, length, a, target);
    expect(listed(target, lines)).toEqual(expected(lines, length, a));
  });
});
