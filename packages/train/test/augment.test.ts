import { describe, expect, it } from 'vitest';
import { createAugmentation } from '../src/job/augment';

/** A 28×28 image with a bright 4×4 square at rows/cols 12–15. */
function square(): Float32Array {
  const image = new Float32Array(784);
  for (let y = 12; y < 16; y++) for (let x = 12; x < 16; x++) image[y * 28 + x] = 1;
  return image;
}

describe('createAugmentation', () => {
  it('is the identity when shifts and rotations are off', () => {
    const image = square();
    createAugmentation({ maxShift: 0, maxRotation: 0 }, 1)(5, image, 1);
    expect(image).toEqual(square());
  });

  it('gives the same distortion for the same (seed, epoch, sample), whatever came before', () => {
    const augment = createAugmentation({ maxShift: 2, maxRotation: 10 }, 7);
    const first = square();
    augment(3, first, 2);
    augment(4, square(), 2);
    const again = square();
    createAugmentation({ maxShift: 2, maxRotation: 10 }, 7)(3, again, 2);
    expect(again).toEqual(first);
  });

  it('draws a new distortion each epoch and keeps the ink roughly the same', () => {
    const augment = createAugmentation({ maxShift: 2, maxRotation: 10 }, 7);
    const epoch1 = square();
    const epoch2 = square();
    augment(3, epoch1, 1);
    augment(3, epoch2, 2);
    expect(epoch1).not.toEqual(epoch2);
    const ink = (image: Float32Array) => image.reduce((sum, v) => sum + v, 0);
    // Bilinear resampling of a square that stays inside the image keeps its mass up to edge blur.
    expect(ink(epoch1)).toBeGreaterThan(12);
    expect(ink(epoch1)).toBeLessThan(20);
  });
});
