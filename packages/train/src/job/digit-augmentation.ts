import type { AugmentFn } from '@nn/mlp';
import { DigitAugmenter } from '@nn/mnist';
import type { AugmentationConfig } from '../config/train-config';

/**
 * The recipe's augmentation as fit() takes it: @nn/mnist's shifts, rotations and warp (not its costly elastic
 * field), each drawn from (seed, epoch, sample) alone, so a resumed run and every helper thread draw what one
 * thread would.
 */
export function digitAugmentation({ maxShift, maxRotation, warp }: AugmentationConfig, seed: number): AugmentFn {
  const augmenter = new DigitAugmenter({ seed, maxShift, maxRotation, elastic: false, warp: warp ?? false });
  return (sample, pixels, epoch) => augmenter.apply(pixels, pixels, epoch, sample);
}
