import { describe, expect, it } from 'vitest';
import { mixKey, SeededRandom, uniformAt } from '../src/index';
import { uniformBitsAt } from '../src/random';
import { KERNEL_SETS, WASM_KERNELS } from './kernel-sets';

/** The mask straight from its definition: unit i of sample j dropped when uniformAt(mixKey(seed, key_j), i) < rate. */
function referenceMask(units: number, samples: number, keys: Int32Array, seed: number, rate: number, a: Float32Array) {
  const seeds = keys.map((key) => mixKey(seed, key));
  const keep = Math.fround(1 / (1 - rate));
  const mask = new Float32Array(units * samples);
  const dropped = new Float32Array(units * samples);
  for (let i = 0; i < units; i++) {
    for (let j = 0; j < samples; j++) {
      const at = i * samples + j;
      mask[at] = uniformAt(seeds[j]! >>> 0, i) < rate ? 0 : keep;
      dropped[at] = a[at]! * mask[at]!;
    }
  }
  return { mask, dropped };
}

/** The unsigned threshold of `rate`: uniformAt(s, i) < rate exactly when uniformBitsAt(s, i) < it. */
const thresholdOf = (rate: number) => Math.ceil(rate * 2 ** 32);

describe('uniformBitsAt', () => {
  it('is uniformAt times 2³², an unsigned 32-bit integer', () => {
    for (const seed of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) {
      for (const index of [0, 1, 2, 1023, 4096]) {
        const bits = uniformBitsAt(seed, index);
        expect(Number.isInteger(bits) && bits >= 0 && bits < 2 ** 32).toBe(true);
        expect(bits / 2 ** 32).toBe(uniformAt(seed, index));
      }
    }
  });
});

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('dropoutMask of %s', (_name, set) => {
  for (const [units, samples] of [
    [1, 1],
    [3, 4],
    [5, 7],
    [64, 33],
  ] as const) {
    for (const inside of set === WASM_KERNELS ? [false, true] : [false]) {
      it(`draws the definition's mask over ${units}×${samples}${inside ? ' inside the wasm memory' : ''}`, () => {
        const rng = new SeededRandom(units * 100 + samples);
        const n = units * samples;
        const floats = () => (inside ? set.allocate(n) : new Float32Array(n));
        const keys = inside ? set.allocateInts(samples) : new Int32Array(samples);
        const a = floats();
        for (let i = 0; i < n; i++) a[i] = rng.uniform(-2, 2);
        // A seed above 2³¹ too: the kernel must read it as unsigned, as mixKey does.
        for (const [rate, seed] of [
          [0, 7],
          [0.2, 0xdeadbeef],
          [0.5, 12345],
          [0.9, 0x80000001],
        ] as const) {
          for (let j = 0; j < samples; j++) keys[j] = rng.int(60_000);
          const expected = referenceMask(units, samples, keys, seed, rate, a);
          const streams = Array.from(keys, (key) => mixKey(seed, key) | 0);
          const mask = floats().fill(7);
          const dropped = floats().fill(7);
          set.dropoutMask(units, samples, keys, seed, thresholdOf(rate), 1 / (1 - rate), a, mask, dropped);
          expect(Array.from(mask)).toEqual(Array.from(expected.mask));
          expect(Array.from(dropped)).toEqual(Array.from(expected.dropped));
          expect(Array.from(keys)).toEqual(streams);
        }
      });
    }
  }

  it('drops about the rate of the units', () => {
    const units = 256;
    const samples = 64;
    const keys = Int32Array.from({ length: samples }, (_, j) => j);
    const a = new Float32Array(units * samples).fill(1);
    const mask = new Float32Array(units * samples);
    const dropped = new Float32Array(units * samples);
    set.dropoutMask(units, samples, keys, 99, thresholdOf(0.2), 1.25, a, mask, dropped);
    const droppedShare = mask.filter((m) => m === 0).length / mask.length;
    expect(droppedShare).toBeGreaterThan(0.18);
    expect(droppedShare).toBeLessThan(0.22);
  });
});
