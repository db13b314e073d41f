import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '@nn/linalg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AugmentOptions, DigitAugmenter } from '../src/images/augment';
import { WasmResampler } from '../src/images/wasm-resampler';

/** A stroke-like test image: a few blobs of ink on a zero background, values in (0, 1]. */
function blobImage(rng: SeededRandom): Float32Array {
  const image = new Float32Array(784);
  for (let blob = 0; blob < 4; blob++) {
    const cx = 6 + rng.next() * 16;
    const cy = 6 + rng.next() * 16;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const d = Math.hypot(x - cx, y - cy);
        if (d < 4) image[y * 28 + x] = Math.max(image[y * 28 + x]!, Math.fround(1 - d / 4 + rng.next() * 1e-3));
      }
    }
  }
  return image;
}

const OPTION_SETS: Record<string, AugmentOptions> = {
  'the accuracy recipe (shift, rotation, warp)': {
    seed: 1,
    maxShift: 2,
    maxRotation: 10,
    elastic: false,
    warp: { points: 5, maxDisplacement: 2 },
  },
  'shift and rotation only': { seed: 2, maxShift: 3, maxRotation: 30, elastic: false },
  'elastic (the default)': { seed: 3 },
  'elastic and a finer warp': { seed: 4, elastic: { alpha: 34, sigma: 4 }, warp: { points: 7, maxDisplacement: 3 } },
  'points mapped far outside the image': {
    seed: 5,
    maxShift: 20,
    maxRotation: 180,
    elastic: false,
    warp: { points: 2, maxDisplacement: 10 },
  },
};

describe('the WebAssembly resampling of DigitAugmenter', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is assembled from the committed source (wasm/resample.mjs)', () => {
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });

  it('runs in Node 20', () => {
    expect(WasmResampler.create()).toBeInstanceOf(WasmResampler);
  });

  for (const [name, options] of Object.entries(OPTION_SETS)) {
    it(`gives the TypeScript loop's bits: ${name}`, () => {
      const calls = vi.spyOn(WasmResampler.prototype, 'resample');
      const augmenter = new DigitAugmenter(options);
      const rng = new SeededRandom(11);
      let inked = 0;
      for (let sample = 0; sample < 120; sample++) {
        const image = blobImage(rng);
        // A Float64Array of the same values takes the TypeScript loop; a Float32Array the WebAssembly one.
        const viaLoop = augmenter.apply(Float64Array.from(image), new Float32Array(784), 2, sample);
        const viaWasm = augmenter.apply(image, new Float32Array(784), 2, sample);
        expect(viaWasm).toEqual(viaLoop);
        const bytes = Uint8Array.from(image, (v) => Math.round(v * 255));
        const bytesViaLoop = augmenter.apply(Array.from(bytes), new Uint8Array(784), 2, sample);
        expect(augmenter.apply(bytes, new Uint8Array(784), 2, sample)).toEqual(bytesViaLoop);
        inked += viaWasm.filter((v) => v !== 0).length;
      }
      expect(calls).toHaveBeenCalledTimes(240);
      // The comparison covers digits that stayed in view, not only empty images.
      expect(inked).toBeGreaterThan(120 * 20);
    });
  }

  it('augments in place as into another array', () => {
    const augmenter = new DigitAugmenter(OPTION_SETS['the accuracy recipe (shift, rotation, warp)']);
    const image = blobImage(new SeededRandom(3));
    const expected = augmenter.apply(image, new Float32Array(784), 4, 9);
    const inPlace = Float32Array.from(image);
    expect(augmenter.apply(inPlace, inPlace, 4, 9)).toEqual(expected);
  });
});
