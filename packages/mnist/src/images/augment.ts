import { deriveSeed, SeededRandom } from '@nn/linalg';
import { WarpGrid } from './warp-grid';
import { WasmResampler } from './wasm-resampler';

/** The random transforms of `DigitAugmenter` and `augmentImage`, each off when its maximum is 0. */
export interface AugmentOptions {
  /** Seed of the random transforms: with the same seed, epoch and sample, `apply` gives the same image. Default 0. */
  seed?: number;
  /** Largest shift in pixels, uniform in [-maxShift, maxShift] on each axis. Default 2; 0 turns it off. */
  maxShift?: number;
  /** Largest rotation in degrees, uniform in [-maxRotation, maxRotation]. Default 10; 0 turns it off. */
  maxRotation?: number;
  /**
   * Elastic distortion after Simard, Steinkraus & Platt (2003): a field of uniform [-1, 1] displacements per pixel,
   * smoothed by a Gaussian of `sigma` pixels and scaled by `alpha`. Default { alpha: 20, sigma: 4 }: smoothing
   * leaves each displacement a standard deviation of about √(1/3 · 1/(4πσ²)) ≈ 0.04, so pixels move by about
   * 0.8 px (Simard's 34 gives 1.4 px, strong for thin strokes); `false` turns it off.
   */
  elastic?: { alpha: number; sigma: number } | false;
  /**
   * A smooth random warp, far cheaper than `elastic`: displacements uniform in ±maxDisplacement pixels on each axis
   * at `points`×`points` control points spread evenly over the image (corners included), bilinearly interpolated
   * in between. Off by default (`false`); { points: 5, maxDisplacement: 2 } is what the `accuracy` recipe of
   * @nn/train uses.
   */
  warp?: { points: number; maxDisplacement: number } | false;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** The `warp` values DigitAugmenter accepts (inclusive): control points per side, and displacement in pixels. */
export const WARP_LIMITS = {
  points: { min: 2, max: SIDE },
  maxDisplacement: { min: 0, max: SIDE },
} as const;
const CENTRE = (SIDE - 1) / 2;

/**
 * Seeded random shifts, rotations and elastic distortions of 28×28 images, for training. Each output pixel is
 * sampled (bilinearly, zero outside) at the point the inverse transform maps it to:
 * source = centre + R(−θ)·(p − centre − shift) + displacement(p). Buffers are allocated once per augmenter. The
 * per-pixel work runs in WebAssembly (wasm-resampler.ts) for Float32Array and Uint8Array images where the runtime
 * has WebAssembly SIMD, else in TypeScript; both give the same bits.
 * Each (epoch, sample) draws its transform from its own generator, seeded by `deriveSeed(seed, epoch, sample)`:
 * a sample looks the same in an epoch whatever was augmented before it, so a resumed run sees what an
 * uninterrupted one would have.
 */
export class DigitAugmenter {
  private readonly seed: number;
  private readonly maxShift: number;
  private readonly maxRotation: number;
  private readonly alpha: number;
  private readonly kernel: Float32Array;
  /** The elastic displacement fields (in the resampler's memory when there is one). */
  private readonly dx: Float32Array;
  private readonly dy: Float32Array;
  private readonly scratch = new Float32Array(PIXELS);
  /** The per-pixel work in WebAssembly, where it runs; else the TypeScript loop of `resampleHere` does it. */
  private readonly resampler = WasmResampler.create();
  /** A copy of the input when it is also the output: every output pixel reads several input pixels. */
  private readonly source = new Float32Array(PIXELS);
  private readonly warp: WarpGrid | undefined;

  constructor(options: AugmentOptions = {}) {
    this.seed = options.seed ?? 0;
    this.maxShift = options.maxShift ?? 2;
    this.maxRotation = ((options.maxRotation ?? 10) * Math.PI) / 180;
    const elastic = options.elastic ?? { alpha: 20, sigma: 4 };
    this.alpha = elastic === false ? 0 : elastic.alpha;
    this.kernel = elastic === false ? new Float32Array(1) : gaussianKernel(elastic.sigma);
    const warp = options.warp ?? false;
    const resampler = this.resampler;
    this.dx = resampler?.elasticX ?? new Float32Array(PIXELS);
    this.dy = resampler?.elasticY ?? new Float32Array(PIXELS);
    this.warp = warp === false ? undefined : new WarpGrid(SIDE, ...checkedWarp(warp), resampler);
  }

  /**
   * Writes the transform of `sample` in `epoch` of `image` (784 values, any scale) into `out`, which may be `image`
   * itself; Uint8Array outputs are rounded.
   */
  apply(
    image: ArrayLike<number>,
    out: Float32Array | Uint8Array = new Float32Array(PIXELS),
    epoch = 0,
    sample = 0,
  ): typeof out {
    if (image.length !== PIXELS || out.length !== PIXELS) {
      throw new RangeError(`DigitAugmenter: images are 28×28 = 784 values, got ${image.length} in, ${out.length} out`);
    }
    const rng = new SeededRandom(deriveSeed(this.seed, epoch, sample));
    const shiftX = rng.uniform(-this.maxShift, this.maxShift);
    const shiftY = rng.uniform(-this.maxShift, this.maxShift);
    const angle = rng.uniform(-this.maxRotation, this.maxRotation);
    const elastic = this.alpha > 0;
    if (elastic) {
      this.randomField(rng, this.dx);
      this.randomField(rng, this.dy);
    }
    const { resampler, warp } = this;
    // Float32 and byte images hold values a float32 copy keeps exactly; any other array keeps the TypeScript loop.
    if (resampler && (image instanceof Float32Array || image instanceof Uint8Array)) {
      warp?.drawControls(rng);
      const transform = resampler.transform;
      transform[0] = shiftX;
      transform[1] = shiftY;
      transform[2] = Math.cos(angle);
      transform[3] = Math.sin(angle);
      resampler.input.set(image);
      resampler.resample(warp?.points ?? 0, elastic, out instanceof Uint8Array);
      out.set(resampler.out);
      return out;
    }
    warp?.draw(rng);
    if (image === out) {
      this.source.set(image);
      image = this.source;
    }
    this.resampleHere(image, out, shiftX, shiftY, angle, elastic);
    return out;
  }

  /** The per-pixel work in TypeScript, as wasm/resample.mjs does it (the warp drawn already). */
  private resampleHere(
    image: ArrayLike<number>,
    out: Float32Array | Uint8Array,
    shiftX: number,
    shiftY: number,
    angle: number,
    elastic: boolean,
  ): void {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const warp = this.warp;
    const round = out instanceof Uint8Array;
    for (let y = 0; y < SIDE; y++) {
      const py = y - CENTRE - shiftY;
      for (let x = 0; x < SIDE; x++) {
        const i = y * SIDE + x;
        const px = x - CENTRE - shiftX;
        // Rotating the output by +θ means reading the source at the point rotated by −θ.
        let sx = CENTRE + cos * px + sin * py;
        let sy = CENTRE - sin * px + cos * py;
        if (warp) {
          sx += warp.dx[i]!;
          sy += warp.dy[i]!;
        }
        if (elastic) {
          sx += this.dx[i]!;
          sy += this.dy[i]!;
        }
        const value = bilinear(image, sx, sy);
        out[i] = round ? Math.round(value) : value;
      }
    }
  }

  /** Uniform [-1, 1] noise, Gaussian-smoothed (separably, zero beyond the edges) and scaled by alpha. */
  private randomField(rng: SeededRandom, field: Float32Array): void {
    const { kernel, scratch } = this;
    const radius = (kernel.length - 1) / 2;
    for (let i = 0; i < PIXELS; i++) field[i] = rng.uniform(-1, 1);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = x + k;
          if (xx >= 0 && xx < SIDE) sum += kernel[k + radius]! * field[y * SIDE + xx]!;
        }
        scratch[y * SIDE + x] = sum;
      }
    }
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const yy = y + k;
          if (yy >= 0 && yy < SIDE) sum += kernel[k + radius]! * scratch[yy * SIDE + x]!;
        }
        field[y * SIDE + x] = this.alpha * sum;
      }
    }
  }
}

/** The `warp` option's control points and displacement, refused with a RangeError outside `WARP_LIMITS`. */
function checkedWarp({ points, maxDisplacement }: { points: number; maxDisplacement: number }): [number, number] {
  const limits = WARP_LIMITS;
  if (!(Number.isInteger(points) && points >= limits.points.min && points <= limits.points.max)) {
    throw new RangeError(
      `warp points must be an integer from ${limits.points.min} to ${limits.points.max}, got ${points}`,
    );
  }
  const { min, max } = limits.maxDisplacement;
  if (!(maxDisplacement >= min && maxDisplacement <= max)) {
    throw new RangeError(`warp maxDisplacement must be from ${min} to ${max} pixels, got ${maxDisplacement}`);
  }
  return [points, maxDisplacement];
}

/** One transformed copy of a 28×28 image (epoch 0, sample 0); for many images make one `DigitAugmenter`. */
export function augmentImage(image: ArrayLike<number>, options: AugmentOptions = {}): Float32Array {
  return new DigitAugmenter(options).apply(image, new Float32Array(PIXELS)) as Float32Array;
}

function bilinear(image: ArrayLike<number>, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  // All four neighbours outside the image (a shifted or rotated digit's corners): what the sum would give.
  if (x0 < -1 || y0 < -1 || x0 >= SIDE || y0 >= SIDE) return 0;
  const fx = x - x0;
  const fy = y - y0;
  if (x0 >= 0 && y0 >= 0 && x0 < SIDE - 1 && y0 < SIDE - 1) {
    // All four inside (most pixels): read without a bounds test each, in the same order of sums.
    const at = y0 * SIDE + x0;
    return (
      (1 - fx) * (1 - fy) * image[at]! +
      fx * (1 - fy) * image[at + 1]! +
      (1 - fx) * fy * image[at + SIDE]! +
      fx * fy * image[at + SIDE + 1]!
    );
  }
  return (
    (1 - fx) * (1 - fy) * pixel(image, x0, y0) +
    fx * (1 - fy) * pixel(image, x0 + 1, y0) +
    (1 - fx) * fy * pixel(image, x0, y0 + 1) +
    fx * fy * pixel(image, x0 + 1, y0 + 1)
  );
}

function pixel(image: ArrayLike<number>, x: number, y: number): number {
  return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : image[y * SIDE + x]!;
}

function gaussianKernel(sigma: number): Float32Array {
  if (!(sigma > 0)) throw new RangeError(`elastic sigma must be positive, got ${sigma}`);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
    sum += kernel[k + radius]!;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k]! /= sum;
  return kernel;
}
