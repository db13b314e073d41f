import { SeededRandom } from '@nn/linalg';
import type { AugmentationConfig } from '../config/train-config';

const SIDE = 28;

/**
 * A random shift and rotation of a 28×28 image, drawn from a generator seeded by (seed, epoch, sample), so the
 * same sample gets the same distortion in the same epoch however the run was interrupted and resumed.
 * Returns a function for @nn/mlp's `augment` hook; it rewrites `pixels` in place.
 */
export function createAugmentation(
  config: AugmentationConfig,
  seed: number,
): (sampleIndex: number, pixels: Float32Array, epoch: number) => void {
  const source = new Float32Array(SIDE * SIDE);
  return (sampleIndex, pixels, epoch) => {
    const rng = new SeededRandom(mix(seed, epoch, sampleIndex));
    const angle = (rng.uniform(-config.maxRotation, config.maxRotation) * Math.PI) / 180;
    const dx = rng.uniform(-config.maxShift, config.maxShift);
    const dy = rng.uniform(-config.maxShift, config.maxShift);
    source.set(pixels);
    transform(source, pixels, angle, dx, dy);
  };
}

/**
 * out(x, y) = in(R⁻¹·((x, y) − centre − shift) + centre), sampled bilinearly; outside the image is background 0.
 * Inverse mapping so every output pixel is filled exactly once.
 */
function transform(input: Float32Array, output: Float32Array, angle: number, dx: number, dy: number): void {
  const c = (SIDE - 1) / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const u = x - c - dx;
      const v = y - c - dy;
      const sx = cos * u + sin * v + c;
      const sy = -sin * u + cos * v + c;
      output[y * SIDE + x] = bilinear(input, sx, sy);
    }
  }
}

function bilinear(image: Float32Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (px: number, py: number) => (px < 0 || py < 0 || px >= SIDE || py >= SIDE ? 0 : image[py * SIDE + px]!);
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
    fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
  );
}

/** One 32-bit seed from three integers (a multiplicative hash; collisions only cost a repeated distortion). */
function mix(seed: number, epoch: number, sample: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ epoch ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ sample ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}
