import type { AugmentFn } from '@nn/mlp';
import { DigitAugmenter } from '@nn/mnist';
import type { AugmentationConfig } from '../config/train-config';

/**
 * The recipe's augmentation as fit() takes it: @nn/mnist's shifts and rotations (no elastic distortion), each
 * drawn from (seed, epoch, sample) alone, so a resumed run and every helper thread draw what one thread would.
 */
export function digitAugmentation({ maxShift, maxRotation }: AugmentationConfig, seed: number): AugmentFn {
  const augmenter = new DigitAugmenter({ seed, maxShift, maxRotation, elastic: false });
  return (sample, pixels, epoch) => augmenter.apply(pixels, pixels, epoch, sample);
}
