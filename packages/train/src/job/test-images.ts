import { loadMnist } from '@nn/mnist';
import type { TrainConfig } from '../config/train-config';

/** A run's test set as views need it: the pixels of sample i are `images[i*size*size … (i+1)*size*size)`. */
export interface TestImages {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  /** Width and height of one image (28). */
  size: number;
}

/**
 * The test split of the data set a run trained on, found the way the run found it (its `dataDir`, else
 * `$NN_MNIST_DIR`, the cache, the bundled package), so the indices in its test-cells.json name the same digits.
 */
export async function loadTestImages(config: Pick<TrainConfig, 'dataset' | 'dataDir'>): Promise<TestImages> {
  const test = await loadMnist({
    split: 'test',
    variant: config.dataset,
    resolveFrom: import.meta.url,
    ...(config.dataDir !== undefined ? { dir: config.dataDir } : {}),
  });
  return { images: test.images, labels: test.labels, count: test.count, size: test.rows };
}

/** The pixels of the test images `indices` (each below `test.count`), one image after another. */
export function testImagePixels(test: TestImages, indices: readonly number[]): Uint8Array {
  const area = test.size * test.size;
  const pixels = new Uint8Array(indices.length * area);
  indices.forEach((index, i) => {
    pixels.set(test.images.subarray(index * area, (index + 1) * area), i * area);
  });
  return pixels;
}
