import type { MnistSplit, MnistVariant } from './variants';

/** One split of a data set: `count` images of 28×28 bytes (0 background … 255 ink), row-major, and their labels. */
export interface MnistDataset {
  variant: MnistVariant;
  split: MnistSplit;
  /** count × 784 bytes; image i is `images.subarray(i * 784, (i + 1) * 784)`. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: 28;
  cols: 28;
  /** The folder the files were read from. */
  dir: string;
}

/** Pixels per image. */
export const IMAGE_SIZE = 784;
