import { SeededRandom } from '@nn/linalg';
import { type KernelSet, typescriptKernels, useKernels, wasmKernels } from '@nn/linalg/internal';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDropout, type DropoutDraws } from '../src/model/dropout';
import { Network } from '../src/model/network';
import { dropThreshold, SampleDropout } from '../src/training/seeds';

describe('dropThreshold', () => {
  it('is the least 32-bit draw whose float32 (what applyDropout compares) is not below the rate', () => {
    for (const rate of [0.1, 0.2, 0.25, 1 / 3, 0.5, 0.75, 0.9999999999]) {
      const t = dropThreshold(rate);
      expect(Math.fround((t - 1) / 2 ** 32)).toBeLessThan(rate);
      expect(Math.fround(t / 2 ** 32)).toBeGreaterThanOrEqual(rate);
    }
    expect(dropThreshold(0)).toBe(0);
    // The float32 rounding moves it below ⌈rate·2³²⌉: comparing the unrounded draws would drop other units.
    expect(dropThreshold(0.2)).toBeLessThan(Math.ceil(0.2 * 2 ** 32));
  });
});

describe.each([
  ['typescript', typescriptKernels],
  ['wasm-simd', wasmKernels()!],
] as const)('SampleDropout.maskInto with the %s kernels', (_name, set) => {
  let previous: KernelSet | undefined;
  afterEach(() => {
    if (previous) useKernels(previous);
  });

  it("gives applyDropout's masks and dropped activations from fill's numbers, bit for bit", () => {
    previous = useKernels(set);
    const rng = new SeededRandom(3);
    const order = Int32Array.from({ length: 200 }, (_, i) => (i * 37) % 200);
    for (const [rate, batch] of [
      [0.2, 64],
      [0.5, 13],
      [0.1, 128],
    ] as const) {
      const network = new Network({ layerSizes: [5, 96, 40, 3], dropout: rate, seed: 1 });
      const fused = network.buffersFor(batch);
      const draws = new SampleDropout(11).batch(2, order, 40);
      // The same numbers without maskInto: applyDropout compares fill's draws itself.
      const plain: DropoutDraws = { fill: (l, into, units, samples) => draws.fill(l, into, units, samples) };
      for (let l = 0; l < 2; l++) {
        const a = fused.a[l]!.data;
        for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-1, 3);
        applyDropout(network, fused, l, draws);
        const mask = fused.dropoutMask[l]!.slice();
        const dropped = fused.dropped[l]!.data.slice();
        fused.dropoutMask[l]!.fill(9);
        fused.dropped[l]!.data.fill(9);
        applyDropout(network, fused, l, plain);
        expect(Array.from(mask)).toEqual(Array.from(fused.dropoutMask[l]!));
        expect(Array.from(dropped)).toEqual(Array.from(fused.dropped[l]!.data));
        const share = mask.filter((m) => m === 0).length / mask.length;
        expect(Math.abs(share - rate)).toBeLessThan(0.06);
      }
    }
  });
});
